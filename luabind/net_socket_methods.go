package luabind

import (
	"math"
	"time"

	lua "github.com/yuin/gopher-lua"
)

// socketAddListener wraps the emitter's on/once/...: adding a 'data'
// listener to a socket that has not been paused makes it flow, as in Node.
func socketAddListener(name string) Method {
	return func(rt *Runtime, L *lua.LState) int {
		ev, _ := L.Get(2).(lua.LString)
		n := rt.emitterFn(name)(L)
		if ev == "data" {
			if s := selfSocket(rt, L, name); s.flowing == flowNull {
				s.resume()
			}
		}
		return n
	}
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
