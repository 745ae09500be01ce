package luabind

import (
	lua "github.com/yuin/gopher-lua"
)

// writeHighWaterMark is Node's default writable high-water mark: write()
// returns false once this much is queued.
const writeHighWaterMark = 16 * 1024

type writeCB struct {
	until int64
	fn    *lua.LFunction
}

// write queues data; it reports whether the caller may keep writing
// (false at or above the high-water mark, and 'drain' follows).
func (s *Socket) write(data []byte, cb *lua.LFunction) bool {
	rt := s.rt
	if s.readEnded && s.writeEnded && !s.allowHalfOpen {
		// Node's writeAfterFIN: the peer ended, so we did; even once the
		// socket is closed the error is this one.
		e := rt.NewError("Error", "EPIPE", "This socket has been ended by the other party")
		if cb != nil {
			rt.loop.NextTick(func() { rt.Call(cb, e) })
		}
		s.destroy(e)
		return false
	}
	if s.destroyed {
		if cb != nil {
			e := rt.NewError("Error", ErrStreamDestroyed, "Cannot call write after a stream was destroyed")
			rt.loop.NextTick(func() { rt.Call(cb, e) })
		}
		return false
	}
	if !s.connected && !s.connecting {
		// Never connected (or the connect failed): Node's ERR_SOCKET_CLOSED.
		e := rt.NewError("Error", ErrSocketClosed, "Socket is closed")
		rt.loop.NextTick(func() {
			if cb != nil {
				rt.Call(cb, e)
			}
			rt.EmitGo(&s.em, "error", e)
		})
		return false
	}
	if s.writeEnded {
		e := rt.NewError("Error", ErrStreamWriteAfter, "write after end")
		rt.loop.NextTick(func() {
			if cb != nil {
				rt.Call(cb, e)
			}
			rt.EmitGo(&s.em, "error", e)
		})
		return false
	}
	s.queued += int64(len(data))
	if cb != nil {
		s.cbs = append(s.cbs, writeCB{until: s.queued, fn: cb})
	}
	if s.timeout > 0 {
		s.touch()
	}
	switch {
	case !s.connected:
		s.preConnect = append(s.preConnect, append([]byte(nil), data...))
	case s.corked > 0:
		s.corkedData = append(s.corkedData, append([]byte(nil), data...))
	default:
		s.send(data)
	}
	s.updateRef()
	ok := s.queued-s.bytesWritten < s.writeHWM
	if !ok {
		s.needDrain = true
	}
	return ok
}

// send hands data to the transport, which writes it now or queues it;
// it never blocks the loop.
func (s *Socket) send(data []byte) { s.conn.Write(data) }

// written records n more bytes handed to the kernel: write callbacks whose
// data is out run, 'drain' fires when the queue empties, and a pending
// end() completes.
func (s *Socket) written(n int64) {
	rt := s.rt
	s.bytesWritten += n
	s.updateRef()
	for len(s.cbs) > 0 && s.cbs[0].until <= s.bytesWritten {
		fn := s.cbs[0].fn
		s.cbs = s.cbs[1:]
		rt.loop.NextTick(func() { rt.Call(fn, lua.LNil) })
	}
	if s.bytesWritten < s.queued || s.destroyed {
		return
	}
	if s.needDrain {
		s.needDrain = false
		rt.loop.NextTick(func() {
			if !s.destroyed {
				rt.EmitGo(&s.em, "drain")
			}
		})
	}
	if s.writeEnded && !s.finished {
		s.shutdown()
	}
}

// flushCorked sends what cork() held once the last uncork() comes, as one
// batch (Node's writev of the corked buffer).
func (s *Socket) flushCorked() {
	if s.corked > 0 || s.destroyed || !s.connected {
		return
	}
	for i, b := range s.corkedData {
		s.corkedData[i] = nil
		s.send(b)
	}
	s.corkedData = s.corkedData[:0]
}

// end finishes the writable side; the FIN goes out once the queue is
// empty. It uncorks, as Node's end() does.
func (s *Socket) end() {
	if s.writeEnded || s.destroyed {
		return
	}
	s.corked = 0
	s.flushCorked()
	s.writeEnded = true
	if s.connected && s.bytesWritten == s.queued {
		s.shutdown()
	}
}

// shutdown sends our FIN and emits 'finish'; with the read side done too,
// the socket closes.
func (s *Socket) shutdown() {
	if s.finished || s.destroyed {
		return
	}
	s.finished = true
	s.conn.CloseWrite()
	rt := s.rt
	rt.loop.NextTick(func() {
		if s.destroyed {
			return
		}
		rt.EmitGo(&s.em, "finish")
		if s.readEnded && !s.destroyed {
			s.destroy(nil)
		}
	})
}
