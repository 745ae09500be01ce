package luabind

import (
	"math"
	"net/netip"
	"strings"

	lua "github.com/yuin/gopher-lua"
)

// sliceMsg is Node's sliceBuffer: msg[offset, offset+length), with offset
// and length coerced as JavaScript's `>>> 0` does (no type check, as in
// Node: 'a' is 0, -1 is 4294967295 and so out of bounds).
func sliceMsg(rt *Runtime, L *lua.LState, msg, offset, length lua.LValue) []byte {
	b := rt.chunkBytes(L, "buffer", msg)
	off, ln := jsUint32(offset), jsUint32(length)
	if off > float64(len(b)) {
		rt.ThrowCode(L, "RangeError", ErrBufferOutOfBounds, `"offset" is outside of buffer bounds`)
	}
	if off+ln > float64(len(b)) {
		rt.ThrowCode(L, "RangeError", ErrBufferOutOfBounds, `"length" is outside of buffer bounds`)
	}
	return b[int(off) : int(off)+int(ln)]
}

// jsUint32 is JavaScript's `v >>> 0` for the values a Lua script passes:
// a number or a numeric string (as Number() reads it) wraps modulo 2^32;
// anything else, and NaN or an infinity, is 0.
func jsUint32(v lua.LValue) float64 {
	var f float64
	switch x := v.(type) {
	case lua.LNumber:
		f = float64(x)
	case lua.LBool:
		if x {
			f = 1
		}
	case lua.LString:
		s := strings.TrimSpace(string(x))
		if s == "" {
			return 0
		}
		n, err := parseNumber(s)
		if err != nil {
			return 0
		}
		f = n
	default:
		return 0
	}
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return 0
	}
	f = math.Mod(math.Trunc(f), 4294967296)
	if f < 0 {
		f += 4294967296
	}
	return f
}

// msgBytes turns a string, a Buffer or a Lua array of them into the bytes
// of ONE datagram.
func msgBytes(rt *Runtime, L *lua.LState, msg lua.LValue) []byte {
	if t, ok := msg.(*lua.LTable); ok {
		n := t.Len()
		if n == 1 {
			if b, ok := rt.toBytes(t.RawGetInt(1)); ok {
				return b
			}
		}
		var out []byte
		for i := 1; i <= n; i++ {
			b, ok := rt.toBytes(t.RawGetInt(i))
			if !ok {
				rt.ThrowCode(L, "TypeError", ErrInvalidArgType,
					`The "buffer list arguments" argument must be `+chunkTypes+". Received an instance of Array")
			}
			out = append(out, b...)
		}
		if out == nil {
			out = []byte{}
		}
		return out
	}
	return rt.chunkBytes(L, "buffer", msg)
}

// dgramSendMethod is send(msg[, offset, length][, port][, address][, cb]),
// with Node's argument shuffling.
func dgramSendMethod(rt *Runtime, L *lua.LState) int {
	s := Self[*DgramSocket](rt, L, "send")
	msg, offset, length, port, address, callback := L.Get(2), L.Get(3), L.Get(4), L.Get(5), L.Get(6), L.Get(7)
	connected := s.connState == dgConnected
	var data []byte
	sliced := false
	if !connected {
		if jsTruthy(address) || (jsTruthy(port) && !isFunction(port)) {
			data, sliced = sliceMsg(rt, L, msg, offset, length), true
		} else {
			callback, port, address = port, offset, length
		}
	} else {
		if _, ok := length.(lua.LNumber); ok {
			data, sliced = sliceMsg(rt, L, msg, offset, length), true
			if isFunction(port) {
				callback, port = port, lua.LNil
			}
		} else {
			callback = offset
		}
		if jsTruthy(port) || jsTruthy(address) {
			rt.ThrowCode(L, "Error", ErrDgramIsConnected, "Already connected")
		}
	}
	if !sliced {
		data = msgBytes(rt, L, msg)
	}
	p := 0
	if !connected {
		p = dgramPort(rt, L, port, false)
	}
	if isFunction(address) {
		callback, address = address, lua.LNil
	}
	host, given := "", false
	switch a := address.(type) {
	case lua.LString:
		host, given = string(a), true
	case *lua.LNilType:
	default:
		rt.ArgTypeError(L, "address", "of type string", a)
	}
	// Node drops a callback that is not a function without a word.
	cb, _ := callback.(*lua.LFunction)
	s.checkRunning(L)
	req := &dgramSend{data: data, port: p, cb: cb, ready: true, given: host, hasGiven: given}
	if !connected {
		if host == "" {
			host = s.defaultHost()
		}
		req.host = host
		if s.lastStr != "" && host == string(s.lastStr) {
			// Replying to the last sender (the echo pattern): its address
			// is already parsed.
			a := s.lastAddr
			if !s.inet6 {
				a = a.Unmap()
			}
			req.dest = netip.AddrPortFrom(a, uint16(p))
		} else if a, ok := ipLiteral(host); ok {
			// Not unmapped: ::ffff:127.0.0.1 from an IPv4 socket is EINVAL
			// in Node, which passes the literal through as it is.
			req.dest = netip.AddrPortFrom(a, uint16(p))
		} else {
			req.ready = false
		}
	}
	s.queueSend(req)
	return 0
}

// dgramSendto is sendto(msg, offset, length, port, address[, cb]): Node
// 20 keeps it, undocumented, as a thin wrapper over send for its legacy
// API, with these type checks first.
func dgramSendto(rt *Runtime, L *lua.LState) int {
	Self[*DgramSocket](rt, L, "sendto")
	for i, name := range []string{"offset", "length", "port"} {
		if _, ok := L.Get(3 + i).(lua.LNumber); !ok {
			rt.ArgTypeError(L, name, "of type number", L.Get(3+i))
		}
	}
	if _, ok := L.Get(6).(lua.LString); !ok {
		rt.ArgTypeError(L, "address", "of type string", L.Get(6))
	}
	L.SetTop(7) // exactly send's six arguments, as Node passes them on
	return dgramSendMethod(rt, L)
}
