package luabind

import (
	lua "github.com/yuin/gopher-lua"
)

// A stream's implementation methods (_read, _write, _writev, _final,
// _destroy, _transform, _flush) are looked up on the stream object each
// time they are needed, as Node calls this._read(n): the constructor's
// options put them there (Node's this._read = options.read) and Lua code
// may assign them later (r._read = function(self, n) ... end). One found
// there replaces the class's own, the Go hooks: a Transform's _read,
// _write and _final included, as in Node. Each is called as a method,
// with the stream first.

// ownImpl is what the stream object holds under key, nil if nothing.
func (s *Stream) ownImpl(key string) lua.LValue {
	if f := s.fields; f != nil {
		if v := f.RawGetString(key); v != lua.LNil {
			return v
		}
	}
	return nil
}

// ownFn is the stream object's key if it is a function: Node calls _final
// and _flush only when typeof says function.
func (s *Stream) ownFn(key string) *lua.LFunction {
	f, _ := s.ownImpl(key).(*lua.LFunction)
	return f
}

// setOwn stores v on the stream object under key, as an assignment from
// Lua does.
func (s *Stream) setOwn(key string, v lua.LValue) {
	if s.fields == nil {
		s.fields = s.rt.L.CreateTable(0, 4) // NewTable sizes for 32
	}
	s.fields.RawSetString(key, v)
}

// callImpl calls v, the stream object's key, as a method. A value that
// is not a function errors the stream with the TypeError calling it
// gives in Node, and so does an error it raises. It reports whether the
// function returned normally.
func (s *Stream) callImpl(key string, v lua.LValue, args ...lua.LValue) bool {
	fn, ok := v.(*lua.LFunction)
	if !ok {
		s.errorOrDestroy(s.notFunction(key), false)
		return false
	}
	return s.callHook(fn, append([]lua.LValue{s.UD}, args...)...)
}

func (s *Stream) notFunction(key string) *lua.LTable {
	return s.rt.NewError("TypeError", "", "this."+key+" is not a function")
}

func (s *Stream) notImplemented(method string) *lua.LTable {
	return s.rt.NewError("Error", "ERR_METHOD_NOT_IMPLEMENTED", "The "+method+" method is not implemented")
}

// cbArg is the one-shot cb(err) handed to a Lua implementation.
func (s *Stream) cbArg(cb func(lua.LValue)) *lua.LFunction {
	return s.luaCb(s.rt.L, func(L *lua.LState) { cb(L.Get(1)) })
}

// implRead is this._read(n).
func (s *Stream) implRead(n int) {
	switch v := s.ownImpl("_read"); {
	case v != nil:
		s.callImpl("_read", v, lua.LNumber(n))
	case s.hooks.read != nil:
		s.hooks.read(s, n)
	default:
		s.errorOrDestroy(s.notImplemented("_read()"), false)
	}
}

// implWrite is this._write(chunk, encoding, cb); with none, a _writev
// takes the one chunk, as Node's Writable.prototype._write does.
func (s *Stream) implWrite(c chunk, enc string, cb func(lua.LValue)) {
	switch v := s.ownImpl("_write"); {
	case v != nil:
		s.callImpl("_write", v, s.writeValue(c), lua.LString(enc), s.cbArg(cb))
	case s.hooks.write != nil:
		s.hooks.write(s, c, enc, cb)
	case s.hasWritev():
		s.implWritev([]wreq{{c: c, enc: enc}}, cb)
	default:
		cb(s.notImplemented("_write()"))
	}
}

// hasWritev reports whether the stream has a _writev, which then takes
// all the buffered chunks at once.
func (s *Stream) hasWritev() bool {
	return s.ownImpl("_writev") != nil || s.hooks.writev != nil
}

// implWritev is this._writev(chunks, cb); chunks is Node's array of
// { chunk = ..., encoding = ... }, with allBuffers set when every chunk
// is a Buffer.
func (s *Stream) implWritev(reqs []wreq, cb func(lua.LValue)) {
	v := s.ownImpl("_writev")
	if v == nil {
		s.hooks.writev(s, reqs, cb)
		return
	}
	L := s.rt.L
	t := L.CreateTable(len(reqs), 1)
	all := true
	for _, r := range reqs {
		val := s.writeValue(r.c)
		if ud, ok := val.(*lua.LUserData); !ok {
			all = false
		} else if _, ok := ud.Value.(*Buffer); !ok {
			all = false
		}
		e := L.CreateTable(0, 2)
		e.RawSetString("chunk", val)
		e.RawSetString("encoding", lua.LString(r.enc))
		t.Append(e)
	}
	t.RawSetString("allBuffers", lua.LBool(all))
	s.callImpl("_writev", v, t, s.cbArg(cb))
}

// hasFinal reports whether the stream has a _final to run before
// 'prefinish'; a non-function there means none, as in Node.
func (s *Stream) hasFinal() bool {
	if v := s.ownImpl("_final"); v != nil {
		return s.ownFn("_final") != nil
	}
	return s.hooks.final != nil
}

// implFinal is this._final(cb).
func (s *Stream) implFinal(cb func(lua.LValue)) {
	if f := s.ownFn("_final"); f != nil {
		s.callImpl("_final", f, s.cbArg(cb))
		return
	}
	s.hooks.final(s, cb)
}

// implDestroy is this._destroy(err, cb); with none, cb(err). An error a
// Lua one raises goes to cb rather than destroying the stream (that is
// under way), as in Node.
func (s *Stream) implDestroy(err lua.LValue, cb func(lua.LValue)) {
	v := s.ownImpl("_destroy")
	if v == nil {
		if s.hooks.destroy != nil {
			s.hooks.destroy(s, err, cb)
		} else {
			cb(err)
		}
		return
	}
	fn, ok := v.(*lua.LFunction)
	if !ok {
		cb(s.notFunction("_destroy"))
		return
	}
	L := s.rt.L
	L.Push(fn)
	L.Push(s.UD)
	L.Push(err)
	L.Push(s.cbArg(cb))
	if e := pcallFromGo(L, 3, 0); e != nil {
		if v := luaErrValue(e); v != exitSignal {
			cb(v)
		}
	}
}

// emitPrefinish emits 'prefinish'. A Transform listens for it first, as
// Node's does: when its _final was replaced, that is when it flushes.
func (s *Stream) emitPrefinish() {
	if s.isTransform && s.ownImpl("_final") != nil {
		s.transformFinal(nil)
	}
	s.emit("prefinish")
}
