package luabind

import (
	"net/netip"

	lua "github.com/yuin/gopher-lua"
)

// sliceMsg is Node's sliceBuffer: msg[offset, offset+length).
func sliceMsg(rt *Runtime, L *lua.LState, msg, offset, length lua.LValue) []byte {
	b := rt.chunkBytes(L, "buffer", msg)
	off := 0
	if offset != lua.LNil {
		n, ok := offset.(lua.LNumber)
		if !ok {
			rt.ArgTypeError(L, "offset", "of type number", offset)
		}
		if n < 0 || float64(n) > float64(len(b)) {
			rt.ThrowCode(L, "RangeError", ErrBufferOutOfBounds, `"offset" is outside of buffer bounds`)
		}
		off = int(n)
	}
	ln := 0
	if length != lua.LNil {
		n, ok := length.(lua.LNumber)
		if !ok {
			rt.ArgTypeError(L, "length", "of type number", length)
		}
		if n < 0 || float64(off)+float64(n) > float64(len(b)) {
			rt.ThrowCode(L, "RangeError", ErrBufferOutOfBounds, `"length" is outside of buffer bounds`)
		}
		ln = int(n)
	}
	return b[off : off+ln]
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
		if _, isNum := callback.(lua.LNumber); isNum || jsTruthy(port) || jsTruthy(address) {
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
	host := ""
	switch a := address.(type) {
	case lua.LString:
		host = string(a)
	case *lua.LNilType:
	default:
		rt.ArgTypeError(L, "address", "of type string", a)
	}
	var cb *lua.LFunction
	switch c := callback.(type) {
	case *lua.LFunction:
		cb = c
	case *lua.LNilType:
	default:
		rt.ArgTypeError(L, "callback", "of type function", c)
	}
	s.checkRunning(L)
	req := &dgramSend{data: data, port: p, cb: cb, ready: true}
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
			if !s.inet6 {
				a = a.Unmap()
			}
			req.dest = netip.AddrPortFrom(a, uint16(p))
		} else {
			req.ready = false
		}
	}
	s.queueSend(req)
	return 0
}
