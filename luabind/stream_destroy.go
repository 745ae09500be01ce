package luabind

import (
	lua "github.com/yuin/gopher-lua"
)

// errorOrDestroy is Node's: with autoDestroy the stream is destroyed with
// err, else err is emitted.
func (s *Stream) errorOrDestroy(err lua.LValue, sync bool) {
	if s.destroyed {
		return
	}
	if s.autoDestroy {
		s.destroy(err, nil)
		return
	}
	if !isErr(err) {
		return
	}
	if s.errored == nil {
		s.errored = err
	}
	if sync {
		s.tick(func() { s.emitError(err) })
	} else {
		s.emitError(err)
	}
}

func (s *Stream) emitError(err lua.LValue) {
	if s.errorEmitted {
		return
	}
	s.errorEmitted = true
	s.emit("error", err)
}

// Destroy destroys the stream (Node's destroy(err)): the implementation's
// destroy runs, then 'error' (if err) and 'close' are emitted on the next
// tick. Loop goroutine only.
func (s *Stream) Destroy(err lua.LValue) { s.destroy(err, nil) }

func (s *Stream) destroy(err lua.LValue, cb func(lua.LValue)) {
	if s.destroyed {
		if cb != nil {
			cb(nil)
		}
		return
	}
	if s.w != nil && (len(s.w.buffered) > 0 || len(s.w.onFinished) > 0) {
		s.tick(s.errorBuffer)
	}
	if isErr(err) && s.errored == nil {
		s.errored = err
	}
	s.destroyed = true
	if !s.constructed {
		s.pendingDestroy = append(s.pendingDestroy, func() { s.destroy2(err, cb) })
		return
	}
	s.destroy2(err, cb)
}

func (s *Stream) destroy2(err lua.LValue, cb func(lua.LValue)) {
	called := false
	onDestroy := func(err lua.LValue) {
		if called {
			return
		}
		called = true
		if isErr(err) && s.errored == nil {
			s.errored = err
		}
		s.closed = true
		if cb != nil {
			cb(err)
		}
		if isErr(err) {
			s.tick(func() {
				s.emitError(err)
				s.emitCloseNT()
			})
		} else {
			s.tick(s.emitCloseNT)
		}
	}
	if !isErr(err) {
		err = lua.LNil
	}
	s.implDestroy(err, onDestroy)
}

func (s *Stream) emitCloseNT() {
	s.closeEmitted = true
	if s.emitClose {
		s.emit("close")
	}
}

// constructDone finishes an asynchronous construct (an fs stream's open).
func (s *Stream) constructDone(err lua.LValue) {
	s.tick(func() {
		s.constructed = true
		if isErr(err) {
			if s.destroyed {
				if s.errored == nil {
					s.errored = err
				}
			} else {
				s.errorOrDestroy(err, true)
			}
		}
		pend := s.pendingDestroy
		s.pendingDestroy = nil
		if len(pend) > 0 {
			for _, f := range pend {
				f()
			}
			return
		}
		if isErr(err) {
			return
		}
		if s.r != nil && s.r.needReadable {
			s.maybeReadMore()
		}
		if s.w != nil {
			s.clearBuffer()
			s.finishMaybe(false)
		}
	})
}
