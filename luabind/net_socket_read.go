package luabind

import (
	"errors"
	"io"

	lua "github.com/yuin/gopher-lua"

	"github.com/netsh/netsh/luabind/internal/encoding"
	"github.com/netsh/netsh/luabind/internal/netio"
)

// readHighWaterMark is Node 20's readable high-water mark for sockets:
// what an unread socket holds before it stops reading.
const readHighWaterMark = 16 * 1024

// readResult is a chunk held until it is read or the socket flows; text
// marks a chunk already decoded by setEncoding (its bytes are a string's).
type readResult struct {
	data  []byte
	text  bool
	owned bool // data's whole backing array is the socket's: appends may grow it in place
}

// startReading asks the transport for data, once.
func (s *Socket) startReading() {
	if s.reading || s.destroyed || s.conn == nil || s.eof {
		return
	}
	s.reading = true
	s.readPaused = false
	s.conn.ResumeRead()
	s.updateRef()
}

// pauseTransport stops reading because enough is held (Node's readStop
// when push() returns false); the kernel then pushes back on the peer.
func (s *Socket) pauseTransport() {
	if s.reading && !s.readPaused && !s.eof && !s.destroyed {
		s.readPaused = true
		s.conn.PauseRead()
		s.updateRef()
	}
}

// wantMore is Node's _read: start or resume reading unless the transport
// is done or enough is held already.
func (s *Socket) wantMore() {
	if s.connecting {
		s.readWanted = true // Node's _read while connecting: read once connected
		return
	}
	if !s.connected || s.destroyed || s.eof {
		return
	}
	if !s.reading {
		s.startReading()
		return
	}
	if s.readPaused && !s.holdFull() {
		s.readPaused = false
		s.conn.ResumeRead()
		s.updateRef()
	}
}

// holdFull reports whether the held chunks reach the high-water mark, or
// the chunk count that bounds a socket's memory.
func (s *Socket) holdFull() bool {
	return len(s.held) > 0 && (len(s.held) >= netio.ReadCredits || s.heldLen >= s.readHWM)
}

// onRead handles one chunk (or EOF/error) on the loop goroutine. Unless
// the socket flows (a 'data' listener, resume() or pipe()), what arrives
// is held, as Node buffers it, for read() or the flow to come.
func (s *Socket) onRead(data []byte, err error) {
	if s.destroyed || s.eof {
		return
	}
	s.bytesRead += int64(len(data))
	if len(data) > 0 && s.timeout > 0 {
		s.touch() // arrival is activity, read or not, as in Node
	}
	if len(data) > 0 {
		if s.dec != nil {
			s.push(readResult{data: s.dec.Write(data), text: true})
		} else {
			s.push(readResult{data: data, text: false})
		}
	}
	if err == nil || s.destroyed {
		return
	}
	if !errors.Is(err, io.EOF) {
		s.eof = true
		if s.tls != nil {
			s.destroy(s.tlsReadError(err)) // a bad record, the peer's alert
			return
		}
		s.destroy(s.rt.SystemError(SysErr{Err: err, Syscall: "read"})) // errors are never held
		return
	}
	if s.dec != nil {
		if rest := s.dec.End(); len(rest) > 0 {
			s.push(readResult{data: rest, text: true})
			if s.destroyed {
				return
			}
		}
	}
	// Only now: what came before the FIN is held or delivered ahead of it.
	s.eof = true // the transport reads no more
	s.updateRef()
	s.pushEOF()
}

// push delivers a chunk to a flowing socket with nothing held, and holds
// it otherwise; a full hold stops reading and 'readable' tells a reader.
func (s *Socket) push(r readResult) {
	if len(r.data) == 0 {
		return // a decoder holding back a partial character
	}
	if s.flowing == flowOn && len(s.held) == 0 {
		s.deliver(r)
		return
	}
	s.held = append(s.held, r)
	s.heldLen += len(r.data)
	if s.flowing == flowOn {
		s.flushHeld()
		return
	}
	if s.recv != nil {
		s.pollReceive() // a task waits for this
	}
	if s.holdFull() {
		s.pauseTransport()
	}
	if s.needReadable {
		s.emitReadable()
	}
}

// pushEOF: the peer's FIN. With nothing unread the socket ends now, even
// paused, as Node's push(null) and read(0) do; behind unread data 'end'
// waits until it is read, and 'readable' lets a reader see the end.
func (s *Socket) pushEOF() {
	if s.flowing == flowOn && len(s.held) == 0 {
		s.onEOF()
		return
	}
	if s.flowing == flowOn {
		s.flushHeld()
		return
	}
	s.needReadable = false
	s.pollReceive()
	s.rt.EmitGo(&s.em, "readable")
	if len(s.held) == 0 && !s.destroyed {
		s.onEOF()
	}
}

// deliver emits one chunk as 'data': a string with setEncoding, else a
// Buffer.
func (s *Socket) deliver(r readResult) {
	if s.framer != nil {
		s.deliverFrames(r.data, false) // whole messages, cut in Go
		return
	}
	s.rt.EmitGo(&s.em, "data", s.chunkValue(r))
}

func (s *Socket) chunkValue(r readResult) lua.LValue {
	if r.text {
		return lua.LString(r.data)
	}
	return s.rt.NewBuffer(r.data)
}

// emitReadable emits 'readable' on the next tick, once however many
// chunks come meanwhile, as Node's emitReadable does.
func (s *Socket) emitReadable() {
	s.needReadable = false
	if s.emittedReadable {
		return
	}
	s.emittedReadable = true
	s.rt.loop.NextTick(func() {
		if !s.destroyed && !s.readEnded && (s.heldLen > 0 || s.eof) {
			s.rt.EmitGo(&s.em, "readable")
		}
		s.emittedReadable = false
		s.needReadable = s.flowing != flowOn && !s.eof && s.heldLen <= s.readHWM
		if s.flowing == flowOn {
			s.flushHeld()
		}
	})
}

// onEOF: the peer sent FIN and everything before it was consumed. Emit
// 'end'; without allowHalfOpen, end our side too.
func (s *Socket) onEOF() {
	if s.readEnded {
		return
	}
	if s.framer != nil { // a last line without its end, or an error for a cut frame
		if s.deliverFrames(nil, true); s.destroyed || s.readEnded {
			return
		}
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

// endSoon ends the readable side on the next tick if by then nothing is
// held: read() took the last byte before the EOF, as Node's endReadable.
func (s *Socket) endSoon() {
	s.rt.loop.NextTick(func() {
		if !s.destroyed && s.eof && len(s.held) == 0 {
			s.onEOF()
		}
	})
}

// pause stops the flow. As in Node the transport keeps reading until
// enough is held, so a socket paused before it read anything is idle.
func (s *Socket) pause() {
	s.flowing = flowPaused
	if s.pauseStops {
		s.pauseTransport()
	}
}

// resume makes the socket flow (with a 'readable' listener it stays
// paused, as in Node). The flow starts on the next tick, so listeners
// added right after on('data') or resume() still see what was held.
func (s *Socket) resume() {
	if s.flowing == flowOn {
		return
	}
	if s.readableListening {
		s.flowing = flowPaused
	} else {
		s.flowing = flowOn
	}
	if !s.connected || s.destroyed {
		return
	}
	s.wantMore()
	s.rt.loop.NextTick(s.flushHeld)
}

// flushHeld delivers what is held, in order, while the socket flows; the
// EOF behind it then ends the socket.
func (s *Socket) flushHeld() {
	if s.framer != nil && s.flowing == flowOn && !s.destroyed {
		s.deliverFrames(nil, false) // frames cut before a pause
	}
	for len(s.held) > 0 && s.flowing == flowOn && !s.destroyed {
		r := s.takeFirst()
		s.deliver(r)
	}
	if s.destroyed || s.flowing != flowOn {
		return
	}
	if s.eof {
		s.onEOF()
		return
	}
	s.wantMore()
}

func (s *Socket) takeFirst() readResult {
	r := s.held[0]
	s.held[0] = readResult{}
	s.held = s.held[1:]
	s.heldLen -= len(r.data)
	return r
}

// take removes n bytes from the front of what is held, across chunks.
func (s *Socket) take(n int) readResult {
	if n == len(s.held[0].data) {
		return s.takeFirst()
	}
	out := readResult{text: s.held[0].text}
	if n < len(s.held[0].data) {
		first := s.held[0].data
		out.data = append([]byte(nil), first[:n]...)
		s.held[0].data = first[n:]
		s.heldLen -= n
		return out
	}
	out.data = make([]byte, 0, n)
	for len(out.data) < n {
		if need := n - len(out.data); need < len(s.held[0].data) {
			out.data = append(out.data, s.held[0].data[:need]...)
			s.held[0].data = s.held[0].data[need:]
			s.heldLen -= need
			break
		}
		out.data = append(out.data, s.takeFirst().data...)
	}
	return out
}

// read is Node's readable.read([n]) for a socket: n bytes if that many
// are held (everything with n < 0), what is left once the peer has ended,
// nil otherwise; it never waits. A chunk read is also a 'data' event.
func (s *Socket) read(n int) (lua.LValue, bool) {
	if n > s.readHWM {
		s.readHWM = newHWM(n)
	}
	if n != 0 {
		s.emittedReadable = false
	}
	avail := s.heldLen
	take := 0
	switch {
	case n == 0:
	case n < 0 && s.flowing == flowOn && avail > 0:
		take = len(s.held[0].data)
	case n < 0 || n > avail && s.eof:
		take = avail
	case n <= avail:
		take = n
	}
	if !s.eof && (avail == 0 || avail-take < s.readHWM) {
		s.wantMore()
	}
	if take == 0 {
		if s.eof && avail == 0 {
			s.endSoon()
		} else {
			s.needReadable = true
		}
		return lua.LNil, false
	}
	v := s.chunkValue(s.take(take))
	if s.heldLen == 0 {
		if !s.eof {
			s.needReadable = true
		} else if take != n {
			s.endSoon()
		}
	}
	if s.em.count("data") > 0 {
		s.rt.EmitGo(&s.em, "data", v)
	}
	return v, true
}

// unshift puts a chunk back in front of what is held, as Node's
// readable.unshift; it reports whether more may be pushed.
func (s *Socket) unshift(r readResult) bool {
	if s.readEnded {
		s.destroy(s.rt.NewError("Error", "ERR_STREAM_UNSHIFT_AFTER_END_EVENT", "stream.unshift() after end event"))
		return false
	}
	if s.destroyed {
		return false
	}
	if len(r.data) > 0 {
		if s.flowing == flowOn && len(s.held) == 0 && s.em.count("data") > 0 {
			s.deliver(r)
		} else {
			s.held = append([]readResult{r}, s.held...)
			s.heldLen += len(r.data)
			if s.needReadable {
				s.emitReadable()
			}
			if s.flowing == flowOn {
				s.rt.loop.NextTick(s.flushHeld)
			}
		}
	}
	return !s.eof && (s.heldLen < s.readHWM || s.heldLen == 0)
}

// unshiftEOF is unshift(nil): as Node's push(null), the readable side
// ends here; whatever the transport still brings is dropped.
func (s *Socket) unshiftEOF() bool {
	if s.eof || s.destroyed {
		return false
	}
	if s.reading && !s.readPaused {
		s.readPaused = true
		s.conn.PauseRead()
	}
	s.eof = true
	s.updateRef()
	s.needReadable = false
	s.rt.EmitGo(&s.em, "readable")
	if s.flowing == flowOn && !s.destroyed {
		s.rt.loop.NextTick(s.flushHeld) // then 'end', as Node's flow() reads it
	}
	return false
}

// setEncoding makes data strings decoded with enc; what is held already
// is decoded too, as Node's setEncoding does, and if the peer has ended
// the decoder is flushed at once.
func (s *Socket) setEncoding(enc string) {
	if enc == "buffer" {
		s.dec = nil
		return
	}
	s.dec = encoding.NewDecoder(encoding.Lookup(enc))
	held := s.held[:0]
	s.heldLen = 0
	for _, r := range s.held {
		if !r.text {
			r = readResult{data: s.dec.Write(r.data), text: true}
		}
		if len(r.data) > 0 {
			held = append(held, r)
			s.heldLen += len(r.data)
		}
	}
	if s.eof {
		if rest := s.dec.End(); len(rest) > 0 {
			held = append(held, readResult{data: rest, text: true})
			s.heldLen += len(rest)
		}
	}
	s.held = held
}

// onReadableListener is Node's on('readable'): the socket switches to
// paused mode and 'readable' comes as soon as anything is held.
func (s *Socket) onReadableListener() {
	if s.readEnded || s.readableListening {
		return
	}
	s.readableListening = true
	s.needReadable = true
	s.flowing = flowPaused
	s.emittedReadable = false
	if s.heldLen > 0 {
		s.emitReadable()
	} else {
		s.wantMore()
	}
}

// offReadableListener is Node's updateReadableListening, on the next tick
// after a 'readable' listener goes: 'data' listeners make it flow again.
func (s *Socket) offReadableListener() {
	s.rt.loop.NextTick(func() {
		s.readableListening = s.em.count("readable") > 0
		if s.readableListening {
			return
		}
		if s.em.count("data") > 0 {
			s.resume()
		} else {
			s.flowing = flowNull
		}
	})
}
