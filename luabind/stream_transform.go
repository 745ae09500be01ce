package luabind

import (
	lua "github.com/yuin/gopher-lua"
)

// installTransform makes s a Transform (or, with pass, a PassThrough):
// each write goes through the transform function, whose output is pushed
// to the readable side, and flush ends it. It replaces any read, write
// and final hooks the options gave.
func (impl streamImpl) installTransform(rt *Runtime, s *Stream, ud *lua.LUserData, pass bool) {
	s.r.sync = false
	tf := impl.transformFn(rt, ud, pass)
	s.hooks.write = func(s *Stream, c chunk, enc string, cb func(lua.LValue)) {
		if tf == nil {
			cb(rt.NewError("Error", "ERR_METHOD_NOT_IMPLEMENTED", "The _transform() method is not implemented"))
			return
		}
		n := s.r.length
		tf(s, c, enc, func(err lua.LValue) {
			if isErr(err) {
				cb(err)
				return
			}
			// Backpressure: while the readable side is full, the write
			// callback waits (Node's kCallback) for the next _read.
			if s.w.ended || n == s.r.length || s.r.length < s.r.hwm {
				cb(nil)
			} else {
				s.tcb = cb
			}
		})
	}
	s.hooks.read = func(s *Stream, n int) {
		if f := s.tcb; f != nil {
			s.tcb = nil
			f(nil)
		}
	}
	s.hooks.final = impl.transformFinal(rt, ud)
}

// transformFn is the transform step: PassThrough's identity, the Lua
// transform(chunk, encoding, cb) whose cb(err, data) may push data, or nil
// when there is none.
func (impl streamImpl) transformFn(rt *Runtime, ud *lua.LUserData, pass bool) func(s *Stream, c chunk, enc string, done func(err lua.LValue)) {
	if pass {
		return func(s *Stream, c chunk, enc string, done func(lua.LValue)) {
			s.addChunk(c, false)
			done(nil)
		}
	}
	transform := impl.transform
	if transform == nil {
		return nil
	}
	return func(s *Stream, c chunk, enc string, done func(lua.LValue)) {
		s.callHook(transform, ud, s.writeValue(c), lua.LString(enc), s.luaCb(rt.L, func(L *lua.LState) {
			if err := L.Get(1); isErr(err) {
				done(err)
				return
			}
			if v := L.Get(2); v != lua.LNil {
				s.pushValue(v, "")
			}
			done(nil)
		}))
	}
}

// transformFinal is the final hook: the Lua flush(cb), whose cb(err, data)
// may push data, then the readable side ends.
func (impl streamImpl) transformFinal(rt *Runtime, ud *lua.LUserData) func(s *Stream, cb func(lua.LValue)) {
	flush := impl.flush
	return func(s *Stream, cb func(lua.LValue)) {
		if flush != nil && !s.destroyed {
			s.callHook(flush, ud, s.luaCb(rt.L, func(L *lua.LState) {
				if err := L.Get(1); isErr(err) {
					cb(err)
					return
				}
				if v := L.Get(2); v != lua.LNil {
					s.pushValue(v, "")
				}
				s.addChunk(chunk{}, true)
				cb(nil)
			}))
			return
		}
		s.addChunk(chunk{}, true)
		cb(nil)
	}
}
