package luabind

import (
	"errors"
	"io"

	lua "github.com/yuin/gopher-lua"

	"github.com/netsh/netsh/luabind/internal/netio"
)

// readResult is a chunk, or the EOF or error after it, held until the
// socket flows.
type readResult struct {
	data []byte
	err  error
}

// startReading asks the transport for data, once.
func (s *Socket) startReading() {
	if s.reading || s.destroyed {
		return
	}
	s.reading = true
	s.conn.ResumeRead()
}

// onRead handles one chunk (or EOF/error) on the loop goroutine. Until
// the socket flows (a 'data' listener, resume() or pipe()), what arrives
// is held, as Node buffers it, and reading stops once ReadCredits chunks
// are held.
func (s *Socket) onRead(data []byte, err error) {
	if s.destroyed {
		return
	}
	if s.flowing != flowOn {
		// Node's rules: an EOF with nothing unread still ends the socket,
		// and errors are never buffered; an EOF behind unread data waits.
		if len(data) == 0 && err != nil && (len(s.held) == 0 || !errors.Is(err, io.EOF)) {
			s.deliver(nil, err)
			return
		}
		s.held = append(s.held, readResult{data, err})
		if len(s.held) >= netio.ReadCredits {
			s.conn.PauseRead()
		}
		return
	}
	if len(s.held) > 0 { // keep order behind what is still held
		s.held = append(s.held, readResult{data, err})
		s.flushHeld()
		return
	}
	s.deliver(data, err)
}

func (s *Socket) deliver(data []byte, err error) {
	rt := s.rt
	if len(data) > 0 {
		s.bytesRead += int64(len(data))
		if s.timeout > 0 {
			s.touch()
		}
		var v lua.LValue
		if s.dec != nil {
			v = lua.LString(s.dec.Write(data))
		} else {
			v = rt.NewBuffer(data)
		}
		rt.EmitGo(&s.em, "data", v)
		if s.destroyed {
			return
		}
	}
	if err != nil {
		if errors.Is(err, io.EOF) {
			s.flushDecoder()
			if s.destroyed {
				return
			}
			s.onEOF()
		} else if !s.destroyed {
			s.destroy(rt.SystemError(SysErr{Err: err, Syscall: "read"}))
		}
	}
}

// flushDecoder emits what setEncoding's decoder still holds (a partial
// base64 group, an incomplete character) as the last 'data', as Node's
// StringDecoder.end() does before 'end'.
func (s *Socket) flushDecoder() {
	if s.dec == nil {
		return
	}
	if rest := s.dec.End(); len(rest) > 0 {
		s.rt.EmitGo(&s.em, "data", lua.LString(rest))
	}
}

// onEOF: the peer sent FIN. Emit 'end'; without allowHalfOpen, end our side too.
func (s *Socket) onEOF() {
	if s.readEnded {
		return
	}
	s.readEnded = true
	s.rt.EmitGo(&s.em, "end")
	if s.destroyed {
		return
	}
	if s.finished {
		s.destroy(nil)
		return
	}
	if !s.allowHalfOpen {
		s.end()
	}
}

func (s *Socket) pause() {
	s.flowing = flowPaused
	if s.conn != nil && s.reading && !s.readEnded {
		s.conn.PauseRead() // the kernel buffers; TCP pushes back on the peer
	}
}

// resume makes the socket flow. As in Node, the flow starts on the next
// tick, so listeners added right after on('data') or resume() still see
// what was held: held chunks are delivered in order.
func (s *Socket) resume() {
	if s.flowing == flowOn {
		return
	}
	s.flowing = flowOn
	if !s.connected || s.destroyed {
		return
	}
	if !s.reading {
		s.startReading()
	} else if !s.readEnded {
		s.conn.ResumeRead()
	}
	s.rt.loop.NextTick(s.flushHeld)
}

func (s *Socket) flushHeld() {
	for len(s.held) > 0 && s.flowing == flowOn && !s.destroyed {
		r := s.held[0]
		s.held = s.held[1:]
		s.deliver(r.data, r.err)
	}
}
