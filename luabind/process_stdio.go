package luabind

import (
	lua "github.com/yuin/gopher-lua"
)

// processStream is process.stdout or stderr: a Writable as Node's on
// Linux, where writes to pipes, files and terminals are synchronous. The
// bytes go to the console printer (write), which holds stdout until the
// loop is idle and blocks once its buffer is full; so a slow reader
// blocks the loop, and a socket piped into stdout stops being read,
// which pushes back on its peer. write returns true, its callback runs
// on the next tick, end() emits 'finish' but never closes the stream
// (Node's stdio cannot be closed either).
func (rt *Runtime) processStream(fd int, write func(string)) *lua.LTable {
	L := rt.L
	s := L.NewTable()
	for name, fn := range emitterMethods(rt) {
		s.RawSetString(name, L.NewFunction(fn))
	}
	s.RawSetString("fd", lua.LNumber(fd))
	s.RawSetString("isTTY", lua.LBool(isTerminal(fd)))
	s.RawSetString("writable", lua.LTrue)
	s.RawSetString("writableHighWaterMark", lua.LNumber(writeHighWaterMark))
	s.RawSetString("writableLength", lua.LNumber(0))
	s.RawSetString("write", L.NewFunction(func(L *lua.LState) int {
		if _, ok := L.Get(1).(*lua.LTable); !ok { // stdout.write(s)
			L.Insert(s, 1)
		}
		rt.stdioWrite(L, write, true)
		L.Push(lua.LTrue)
		return 1
	}))
	end := L.NewFunction(func(L *lua.LState) int {
		if L.Get(2) != lua.LNil {
			if _, ok := L.Get(2).(*lua.LFunction); !ok {
				rt.stdioWrite(L, write, false) // the callback is end's
			}
		}
		cb := rt.lastFunction(L, 2)
		rt.loop.NextTick(func() {
			rt.EmitGo(rt.tableEmitter(s), "finish")
			if cb != nil {
				rt.Call(cb, lua.LNil)
			}
		})
		L.SetTop(1)
		return 1
	})
	s.RawSetString("end", end)
	s.RawSetString("_end", end)
	return s
}

// stdioWrite writes stream:write(chunk[, encoding][, cb])'s chunk and,
// with withCb, runs cb on the next tick.
func (rt *Runtime) stdioWrite(L *lua.LState, write func(string), withCb bool) {
	v := L.Get(2)
	if x, ok := v.(lua.LString); ok {
		enc := "utf8"
		if e, ok := L.Get(3).(lua.LString); ok {
			enc = rt.checkEncoding(L, e, "utf8")
		}
		if enc == "utf8" {
			write(string(x)) // the bytes as they are: no copy there and back
		} else {
			write(string(streamEncode(enc, string(x))))
		}
	} else if b, ok := rt.toBytes(v); ok {
		write(string(b))
	} else {
		rt.ArgTypeError(L, "chunk", "of type string or an instance of Buffer or Uint8Array", v)
	}
	if cb := rt.lastFunction(L, 3); cb != nil && withCb {
		rt.loop.NextTick(func() { rt.Call(cb, lua.LNil) })
	}
}

// lastFunction is the first function among the arguments from n on: a
// write's or an end's callback, wherever the optional ones before it
// were left out.
func (rt *Runtime) lastFunction(L *lua.LState, n int) *lua.LFunction {
	for i := n; i <= L.GetTop(); i++ {
		if f, ok := L.Get(i).(*lua.LFunction); ok {
			return f
		}
	}
	return nil
}

// tableEmitter is the Emitter a Lua-table emitter keeps in `_emitter`,
// made now if it has none.
func (rt *Runtime) tableEmitter(t *lua.LTable) *Emitter {
	if ud, ok := t.RawGetString("_emitter").(*lua.LUserData); ok {
		if e, ok := ud.Value.(*Emitter); ok {
			return e
		}
	}
	e := &Emitter{}
	ud := rt.L.NewUserData()
	ud.Value = e
	t.RawSetString("_emitter", ud)
	return e
}
