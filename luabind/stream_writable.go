package luabind

import (
	lua "github.com/yuin/gopher-lua"
)

// writable is Node's writable.writable.
func (s *Stream) writable() bool {
	w := s.w
	return w != nil && !s.destroyed && s.errored == nil && !w.ending && !w.ended
}

// write queues or writes one chunk; it returns Node's result (false means
// stop until 'drain') or an error value for a write after end/destroy.
func (s *Stream) write(c chunk, enc string, cb func(lua.LValue)) (bool, lua.LValue) {
	w := s.w
	if cb == nil {
		cb = nopCb
	}
	var err lua.LValue
	if w.ending {
		err = s.rt.streamErr("Error", ErrStreamWriteAfter, "write after end")
	} else if s.destroyed {
		err = s.rt.errDestroyed("write")
	}
	if err != nil {
		s.tick(func() { cb(err) })
		s.errorOrDestroy(err, true)
		return false, err
	}
	w.pendingcb++
	n := s.chunkLen(c, w.objectMode)
	w.length += n
	ret := w.length < w.hwm
	if !ret {
		w.needDrain = true
	}
	if w.writing || w.corked > 0 || s.errored != nil || !s.constructed {
		w.buffered = append(w.buffered, wreq{c, enc, cb})
	} else {
		s.doWrite(n, []wreq{{c, enc, cb}}, false)
	}
	return ret && s.errored == nil && !s.destroyed, nil
}

func (s *Stream) doWrite(n int, reqs []wreq, writev bool) {
	w := s.w
	w.writelen = n
	w.writing = true
	w.sync = true
	if writev {
		w.writecb = func(err lua.LValue) {
			for _, r := range reqs {
				r.cb(err)
			}
		}
	} else {
		w.writecb = reqs[0].cb
	}
	w.writecbSet = true
	done := false
	onwrite := func(err lua.LValue) {
		if done {
			s.errorOrDestroy(s.rt.NewError("Error", "ERR_MULTIPLE_CALLBACK", "Callback called multiple times"), false)
			return
		}
		done = true
		s.onwrite(err)
	}
	switch {
	case s.destroyed:
		onwrite(s.rt.errDestroyed("write"))
	case writev:
		s.implWritev(reqs, onwrite)
	default:
		s.implWrite(reqs[0].c, reqs[0].enc, onwrite)
	}
	w.sync = false
}

func (s *Stream) onwrite(err lua.LValue) {
	w := s.w
	sync := w.sync
	cb := w.writecb
	if !w.writecbSet {
		s.errorOrDestroy(s.rt.NewError("Error", "ERR_MULTIPLE_CALLBACK", "Callback called multiple times"), false)
		return
	}
	w.writing = false
	w.writecb = nil
	w.writecbSet = false
	w.length -= w.writelen
	w.writelen = 0
	if isErr(err) {
		if s.errored == nil {
			s.errored = err
		}
		onErr := func() {
			w.pendingcb--
			cb(err)
			s.errorBuffer()
			s.errorOrDestroy(err, false)
		}
		if sync {
			s.tick(onErr)
		} else {
			onErr()
		}
		return
	}
	if len(w.buffered) > 0 {
		s.clearBuffer()
	}
	if sync {
		// Node batches the callbacks of synchronous writes into one tick.
		if w.afterWriteTick {
			w.afterWriteCount++
			prev := w.afterWriteCb
			w.afterWriteCb = func(e lua.LValue) { prev(e); cb(e) }
		} else {
			w.afterWriteTick = true
			w.afterWriteCount = 1
			w.afterWriteCb = cb
			s.tick(func() {
				n, f := w.afterWriteCount, w.afterWriteCb
				w.afterWriteTick = false
				w.afterWriteCount = 0
				w.afterWriteCb = nil
				s.afterWrite(n, f)
			})
		}
	} else {
		s.afterWrite(1, cb)
	}
}

// afterWrite runs after n writes completed; cb runs all their callbacks.
func (s *Stream) afterWrite(n int, cb func(lua.LValue)) {
	w := s.w
	needDrain := !w.ending && !s.destroyed && w.length == 0 && w.needDrain
	if needDrain {
		w.needDrain = false
		s.emit("drain")
	}
	w.pendingcb -= n
	cb(nil)
	if s.destroyed {
		s.errorBuffer()
	}
	s.finishMaybe(false)
}

func (s *Stream) errorBuffer() {
	w := s.w
	if w.writing {
		return
	}
	reqs := w.buffered
	w.buffered = nil
	for _, r := range reqs {
		w.length -= s.chunkLen(r.c, w.objectMode)
		var e lua.LValue = s.errored
		if e == nil {
			e = s.rt.errDestroyed("write")
		}
		w.pendingcb--
		r.cb(e)
	}
	fins := w.onFinished
	w.onFinished = nil
	for _, f := range fins {
		var e lua.LValue = s.errored
		if e == nil {
			e = s.rt.errDestroyed("end")
		}
		f(e)
	}
}

func (s *Stream) clearBuffer() {
	w := s.w
	if w.corked > 0 || w.bufferProcessing || s.destroyed || !s.constructed || len(w.buffered) == 0 {
		return
	}
	w.bufferProcessing = true
	if len(w.buffered) > 1 && s.hasWritev() {
		reqs := w.buffered
		w.buffered = nil
		w.pendingcb -= len(reqs) - 1
		s.doWrite(w.length, reqs, true)
	} else {
		for len(w.buffered) > 0 && !w.writing {
			r := w.buffered[0]
			w.buffered[0] = wreq{}
			w.buffered = w.buffered[1:]
			s.doWrite(s.chunkLen(r.c, w.objectMode), []wreq{r}, false)
		}
		if len(w.buffered) == 0 {
			w.buffered = nil
		}
	}
	w.bufferProcessing = false
}

// end is Node's writable.end(chunk, encoding, cb).
func (s *Stream) end(c chunk, hasChunk bool, enc string, cb func(lua.LValue)) {
	w := s.w
	var err lua.LValue
	if hasChunk {
		if _, e := s.write(c, enc, nil); e != nil {
			err = e
		}
	}
	if w.corked > 0 {
		w.corked = 1
		s.uncork()
	}
	if err != nil {
	} else if s.errored == nil && !w.ending {
		w.ending = true
		s.finishMaybe(true)
		w.ended = true
	} else if w.finished {
		err = s.rt.streamErr("Error", "ERR_STREAM_ALREADY_FINISHED", "Cannot call end after a stream was finished")
	} else if s.destroyed {
		err = s.rt.errDestroyed("end")
	}
	if cb != nil {
		if err != nil || w.finished {
			s.tick(func() { cb(err) })
		} else {
			w.onFinished = append(w.onFinished, cb)
		}
	}
}

func (s *Stream) uncork() {
	w := s.w
	if w.corked > 0 {
		w.corked--
		if !w.writing {
			s.clearBuffer()
		}
	}
}

func (s *Stream) needFinish() bool {
	w := s.w
	return w.ending && !s.destroyed && s.constructed && w.length == 0 && s.errored == nil &&
		len(w.buffered) == 0 && !w.finished && !w.writing && !s.errorEmitted && !s.closeEmitted
}

func (s *Stream) prefinish() {
	w := s.w
	if w.prefinished || w.finalCalled {
		return
	}
	if s.hasFinal() && !s.destroyed {
		w.finalCalled = true
		called := false
		w.sync = true
		w.pendingcb++
		s.implFinal(func(err lua.LValue) {
			if called {
				if !isErr(err) {
					err = s.rt.NewError("Error", "ERR_MULTIPLE_CALLBACK", "Callback called multiple times")
				}
				s.errorOrDestroy(err, false)
				return
			}
			called = true
			w.pendingcb--
			if isErr(err) {
				fins := w.onFinished
				w.onFinished = nil
				for _, f := range fins {
					f(err)
				}
				s.errorOrDestroy(err, w.sync)
			} else if s.needFinish() {
				w.prefinished = true
				s.emitPrefinish()
				w.pendingcb++
				s.tick(s.finish)
			}
		})
		w.sync = false
	} else {
		w.prefinished = true
		s.emitPrefinish()
	}
}

func (s *Stream) finishMaybe(sync bool) {
	w := s.w
	if !s.needFinish() {
		return
	}
	s.prefinish()
	if w.pendingcb == 0 {
		if sync {
			w.pendingcb++
			s.tick(func() {
				if s.needFinish() {
					s.finish()
				} else {
					w.pendingcb--
				}
			})
		} else if s.needFinish() {
			w.pendingcb++
			s.finish()
		}
	}
}

func (s *Stream) finish() {
	w := s.w
	w.pendingcb--
	w.finished = true
	fins := w.onFinished
	w.onFinished = nil
	for _, f := range fins {
		f(nil)
	}
	s.emit("finish")
	if s.autoDestroy {
		if s.r == nil || s.r.endEmitted {
			s.destroy(nil, nil)
		}
	}
}
