package luabind

import (
	"math"
	"time"

	"github.com/netsh/netsh/luabind/internal/encoding"
	"github.com/netsh/netsh/luabind/internal/jsfmt"

	lua "github.com/yuin/gopher-lua"
)

// socketAddListener wraps the emitter's on/once/...: adding a 'data'
// listener to a socket that has not been paused makes it flow, and a
// 'readable' listener switches it to paused mode, as in Node.
func socketAddListener(name string) Method {
	return func(rt *Runtime, L *lua.LState) int {
		ev, _ := L.Get(2).(lua.LString)
		n := rt.emitterFn(name)(L)
		switch ev {
		case "data":
			if s := selfSocket(rt, L, name); s.flowing == flowNull {
				s.resume()
			}
		case "readable":
			selfSocket(rt, L, name).onReadableListener()
		}
		return n
	}
}

// socketRemoveListener wraps off/removeListener/removeAllListeners: once
// the last 'readable' listener is gone, 'data' listeners flow again.
func socketRemoveListener(name string) Method {
	return func(rt *Runtime, L *lua.LState) int {
		ev := L.Get(2)
		n := rt.emitterFn(name)(L)
		if ev == lua.LString("readable") || (name == "removeAllListeners" && ev == lua.LNil) {
			if s := selfSocket(rt, L, name); s.readableListening {
				s.offReadableListener()
			}
		}
		return n
	}
}

// socketRead is sock:read([size]): what is held, never waiting. As in
// Node a size that is not an integer is parsed (NaN means everything).
func socketRead(rt *Runtime, L *lua.LState) int {
	s := selfSocket(rt, L, "read")
	n := -1
	var f float64
	switch v := L.Get(2).(type) {
	case *lua.LNilType:
		f = math.NaN()
	case lua.LNumber:
		f = math.Trunc(float64(v))
	case lua.LString:
		f = jsfmt.ParseInt(string(v))
	default:
		rt.ArgTypeError(L, "size", "of type number", v)
	}
	switch {
	case math.IsNaN(f) || math.IsInf(f, 0):
	case f > maxHWM:
		rt.OutOfRange(L, "size", "<= 1GiB", L.Get(2))
	case f < 0:
		n = 0
	default:
		n = int(f)
	}
	v, _ := s.read(n)
	L.Push(v)
	return 1
}

// socketUnshift is sock:unshift(chunk[, encoding]). A string is stored as
// setEncoding would give it back; nil ends the readable side, as Node's
// unshift(null) does; anything else destroys the socket with Node's error.
func socketUnshift(rt *Runtime, L *lua.LState) int {
	s := selfSocket(rt, L, "unshift")
	var r readResult
	switch v := L.Get(2).(type) {
	case *lua.LNilType:
		L.Push(lua.LBool(s.unshiftEOF()))
		return 1
	case lua.LString:
		b := streamEncode(rt.checkEncoding(L, L.Get(3), "utf8"), string(v))
		r = readResult{data: b, text: false}
		if s.dec != nil {
			r = readResult{data: []byte(encoding.Decode(b, s.dec.Encoding())), text: true}
		}
	default:
		b, ok := rt.toBytes(v)
		if !ok {
			s.destroy(rt.chunkTypeError("chunk", v))
			L.Push(lua.LFalse)
			return 1
		}
		// Node keeps a Buffer's bytes as they are, even with an encoding.
		r = readResult{data: append([]byte(nil), b...), text: s.dec != nil}
	}
	L.Push(lua.LBool(s.unshift(r)))
	return 1
}

func selfSocket(rt *Runtime, L *lua.LState, m string) *Socket { return Self[*Socket](rt, L, m) }

func socketWrite(rt *Runtime, L *lua.LState) int {
	s := selfSocket(rt, L, "write")
	data, cb := rt.writeArgs(L, 2)
	L.Push(lua.LBool(s.write(data, cb)))
	return 1
}

// writeArgs reads (data[, encoding][, cb]) for write and end.
func (rt *Runtime) writeArgs(L *lua.LState, n int) ([]byte, *lua.LFunction) {
	v := L.Get(n)
	var data []byte
	if x, ok := v.(lua.LString); ok {
		enc := "utf8"
		if e, ok := L.Get(n + 1).(lua.LString); ok {
			enc = rt.checkEncoding(L, e, "utf8")
		}
		data = streamEncode(enc, string(x))
	} else {
		data = rt.chunkBytes(L, "chunk", v)
	}
	var cb *lua.LFunction
	if f, ok := L.Get(n + 1).(*lua.LFunction); ok {
		cb = f
	} else if f, ok := L.Get(n + 2).(*lua.LFunction); ok {
		cb = f
	}
	return data, cb
}

func socketEnd(rt *Runtime, L *lua.LState) int {
	s := selfSocket(rt, L, "end")
	switch v := L.Get(2).(type) {
	case *lua.LNilType:
	case *lua.LFunction:
		s.em.add("finish", v, true, false)
	default:
		data, cb := rt.writeArgs(L, 2)
		if !s.writeEnded {
			s.write(data, nil)
		}
		if cb != nil {
			s.em.add("finish", cb, true, false)
		}
	}
	if s.connecting {
		s.writeEnded = true
	} else {
		s.end()
	}
	return chain(L)
}

func socketDestroy(rt *Runtime, L *lua.LState) int {
	s := selfSocket(rt, L, "destroy")
	var err *lua.LTable
	if t, ok := L.Get(2).(*lua.LTable); ok {
		err = t
	}
	s.destroy(err)
	return chain(L)
}

func socketDestroySoon(rt *Runtime, L *lua.LState) int {
	s := selfSocket(rt, L, "destroySoon")
	if s.writeEnded && s.finished {
		s.destroy(nil)
	} else {
		s.em.add("finish", rt.L.NewFunction(func(*lua.LState) int { s.destroy(nil); return 0 }), true, false)
		s.end()
	}
	return chain(L)
}

func socketResetAndDestroy(rt *Runtime, L *lua.LState) int {
	s := selfSocket(rt, L, "resetAndDestroy")
	if !s.connected && !s.connecting {
		// As Node: the error goes to the socket, it is not thrown.
		s.destroy(rt.NewError("Error", ErrSocketClosed, "Socket is closed"))
		return chain(L)
	}
	if s.conn != nil && !s.destroyed {
		s.conn.Reset()
	}
	s.destroy(nil)
	return chain(L)
}

func socketPause(rt *Runtime, L *lua.LState) int {
	selfSocket(rt, L, "pause").pause()
	return chain(L)
}

func socketResume(rt *Runtime, L *lua.LState) int {
	selfSocket(rt, L, "resume").resume()
	return chain(L)
}

func socketSetEncoding(rt *Runtime, L *lua.LState) int {
	s := selfSocket(rt, L, "setEncoding")
	s.setEncoding(rt.checkEncoding(L, L.Get(2), "utf8"))
	return chain(L)
}

func socketSetKeepAlive(rt *Runtime, L *lua.LState) int {
	s := selfSocket(rt, L, "setKeepAlive")
	on := lua.LVAsBool(L.Get(2))
	ms := 0
	if n, ok := L.Get(3).(lua.LNumber); ok {
		ms = int(n)
	}
	s.keepAlive, s.keepAliveMs = on, ms
	if s.conn != nil && !s.destroyed {
		s.conn.SetKeepAlive(on, time.Duration(ms)*time.Millisecond)
	}
	return chain(L)
}

func socketSetNoDelay(rt *Runtime, L *lua.LState) int {
	s := selfSocket(rt, L, "setNoDelay")
	on := L.Get(2) == lua.LNil || lua.LVAsBool(L.Get(2))
	s.noDelay = &on
	if s.conn != nil && !s.destroyed {
		s.conn.SetNoDelay(on)
	}
	return chain(L)
}

func socketSetTimeout(rt *Runtime, L *lua.LState) int {
	s := selfSocket(rt, L, "setTimeout")
	ms := rt.CheckNumber(L, 2, "msecs")
	if ms < 0 || math.IsNaN(ms) || math.IsInf(ms, 0) {
		rt.OutOfRange(L, "msecs", "a non-negative finite number", lua.LString(jsNumberString(ms)))
	}
	if cb := rt.OptFunction(L, 3, "callback"); cb != nil {
		if ms == 0 {
			s.em.remove("timeout", cb)
		} else {
			s.em.add("timeout", cb, true, false)
		}
	}
	s.timeout = time.Duration(ms * float64(time.Millisecond))
	if s.timeout == 0 {
		if s.idle != nil {
			s.idle.Stop()
		}
	} else {
		if s.idle != nil && s.idle.Delay() != s.timeout {
			s.idle.Stop() // a new period: the next touch arms a timer with it
			s.idle = nil
		}
		s.touch()
	}
	return chain(L)
}

func socketAddress(rt *Runtime, L *lua.LState) int {
	s := selfSocket(rt, L, "address")
	if s.localAddr() == nil {
		if s.path != "" {
			L.Push(lua.LString(s.path))
			return 1
		}
		L.Push(L.NewTable())
		return 1
	}
	t := addrTable(L, s.local.IP, s.local.Port)
	t.RawSetString("address", lua.LString(s.addrString(s.local)))
	t.RawSetString("family", lua.LString(s.familyOf(s.local)))
	L.Push(t)
	return 1
}

func socketRef(on bool) Method {
	return func(rt *Runtime, L *lua.LState) int {
		s := selfSocket(rt, L, "ref")
		s.unref = !on
		s.updateRef()
		return chain(L)
	}
}
