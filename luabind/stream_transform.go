package luabind

import (
	lua "github.com/yuin/gopher-lua"
)

// installTransform makes s a Transform (or, with pass, a PassThrough) by
// giving it the class's _write, _read and _final: each write goes through
// _transform (PassThrough's own is the identity), whose output is pushed
// to the readable side; _read lets a write held back by backpressure go
// on; _final runs _flush and ends the readable side. A _read, _write or
// _final on the stream object replaces these, as in Node.
func (s *Stream) installTransform(pass bool) {
	s.r.sync = false
	s.isTransform = true
	s.hooks.write = func(s *Stream, c chunk, enc string, cb func(lua.LValue)) {
		n := s.r.length
		s.transform(c, enc, pass, func(err lua.LValue) {
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
	s.hooks.final = func(s *Stream, cb func(lua.LValue)) { s.transformFinal(cb) }
}

// transform is this._transform(chunk, encoding, cb), whose cb(err, data)
// may push data; PassThrough's passes the chunk on.
func (s *Stream) transform(c chunk, enc string, pass bool, done func(err lua.LValue)) {
	v := s.ownImpl("_transform")
	switch {
	case v != nil:
		s.callImpl("_transform", v, s.writeValue(c), lua.LString(enc), s.pushingCb(done))
	case pass:
		s.addChunk(c, false)
		done(nil)
	default:
		done(s.notImplemented("_transform()"))
	}
}

// pushingCb is the cb(err, data) of _transform and _flush: data, if
// any, is pushed before done runs.
func (s *Stream) pushingCb(done func(err lua.LValue)) *lua.LFunction {
	return s.luaCb(s.rt.L, func(L *lua.LState) {
		if err := L.Get(1); isErr(err) {
			done(err)
			return
		}
		if v := L.Get(2); v != lua.LNil {
			s.pushValue(v, "")
		}
		done(nil)
	})
}

// transformFinal is Transform's _final: this._flush(cb) if there is one,
// then the readable side ends. cb is nil when it runs on 'prefinish'
// (the stream's _final was replaced); an error then destroys the stream.
func (s *Stream) transformFinal(cb func(lua.LValue)) {
	if cb == nil {
		cb = func(err lua.LValue) {
			if isErr(err) {
				s.destroy(err, nil)
			}
		}
	}
	if flush := s.ownFn("_flush"); flush != nil && !s.destroyed {
		s.callImpl("_flush", flush, s.pushingCb(func(err lua.LValue) {
			if !isErr(err) {
				s.addChunk(chunk{}, true)
			}
			cb(err)
		}))
		return
	}
	s.addChunk(chunk{}, true)
	cb(nil)
}
