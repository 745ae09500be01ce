package luabind

import (
	"math/bits"

	lua "github.com/yuin/gopher-lua"

	"github.com/netsh/netsh/luabind/internal/encoding"
)

func (s *Stream) readValue(c chunk) lua.LValue {
	r := s.r
	switch {
	case r.objectMode:
		return c.v
	case r.encoding != "":
		return lua.LString(c.b)
	case c.v != nil:
		return c.v
	}
	return s.rt.NewBuffer(c.b)
}

func (s *Stream) chunkLen(c chunk, objectMode bool) int {
	if objectMode {
		return 1
	}
	return len(c.b)
}

// Push adds data to the readable side (Node's readable.push); eof ends it.
// It reports whether more data may be pushed now. Loop goroutine only.
func (s *Stream) Push(b []byte, eof bool) bool {
	if eof {
		return s.addChunk(chunk{}, true)
	}
	return s.addChunk(chunk{b: b}, false)
}

// addChunk is Node's readableAddChunk.
func (s *Stream) addChunk(c chunk, eof bool) bool {
	r := s.r
	if eof {
		r.reading = false
		s.onEofChunk()
	} else if r.objectMode || len(c.b) > 0 {
		if r.ended {
			s.errorOrDestroy(s.rt.streamErr("Error", "ERR_STREAM_PUSH_AFTER_EOF", "stream.push() after EOF"), false)
		} else if s.destroyed || s.errored != nil {
			return false
		} else {
			r.reading = false
			if s.framing != nil {
				if r.decoder != nil {
					c.b = r.decoder.Write(c.b)
				}
				s.framedChunk(c.b)
			} else if r.decoder != nil && !r.objectMode {
				c = chunk{b: r.decoder.Write(c.b)}
				if len(c.b) != 0 {
					s.addChunk2(c)
				} else {
					s.maybeReadMore()
				}
			} else {
				s.addChunk2(c)
			}
		}
	} else {
		r.reading = false
		s.maybeReadMore()
	}
	return !r.ended && (r.length < r.hwm || r.length == 0)
}

// unshift is Node's readable.unshift: the chunk goes back to the front of
// the buffer.
func (s *Stream) unshift(c chunk) bool {
	r := s.r
	if r.objectMode || len(c.b) > 0 {
		if r.endEmitted {
			s.errorOrDestroy(s.rt.streamErr("Error", "ERR_STREAM_UNSHIFT_AFTER_END_EVENT", "stream.unshift() after end event"), false)
		} else if s.destroyed || s.errored != nil {
			return false
		} else {
			s.addChunkAt(c, true)
		}
	}
	return !r.ended && (r.length < r.hwm || r.length == 0)
}

func (s *Stream) addChunk2(c chunk) { s.addChunkAt(c, false) }

func (s *Stream) addChunkAt(c chunk, front bool) {
	r := s.r
	if r.flowing == flowOn && r.length == 0 && !r.sync && s.listeners("data") > 0 {
		s.pipes.awaitDrain = s.pipes.awaitDrain[:0]
		r.dataEmitted = true
		s.emit("data", s.readValue(c))
	} else {
		r.length += s.chunkLen(c, r.objectMode)
		if front {
			r.buf = append([]chunk{c}, r.buf...)
		} else {
			r.buf = append(r.buf, c)
		}
		if r.needReadable {
			s.emitReadable()
		}
	}
	s.maybeReadMore()
}

func (s *Stream) onEofChunk() {
	r := s.r
	if r.ended {
		return
	}
	if r.decoder != nil {
		if rest := r.decoder.End(); len(rest) > 0 {
			if s.framing != nil {
				s.framing.f.dec.Write(rest)
			} else {
				r.buf = append(r.buf, chunk{b: rest})
				r.length += len(rest)
			}
		}
	}
	if s.framing != nil {
		if s.cutFrames(true); s.destroyed {
			return
		}
	}
	r.ended = true
	if r.sync {
		s.emitReadable()
	} else {
		r.needReadable = false
		r.emittedReadable = true
		s.emitReadableNT()
	}
}

func (s *Stream) emitReadable() {
	r := s.r
	r.needReadable = false
	if !r.emittedReadable {
		r.emittedReadable = true
		s.tick(s.emitReadableNT)
	}
}

func (s *Stream) emitReadableNT() {
	r := s.r
	if !s.destroyed && s.errored == nil && (r.length > 0 || r.ended) {
		s.emit("readable")
		r.emittedReadable = false
	}
	r.needReadable = r.flowing != flowOn && !r.ended && r.length <= r.hwm
	s.flow()
}

func (s *Stream) flow() {
	for s.r.flowing == flowOn {
		if _, ok := s.read(-1); !ok {
			break
		}
	}
}

func (s *Stream) maybeReadMore() {
	r := s.r
	if !r.readingMore && s.constructed {
		r.readingMore = true
		s.tick(func() {
			for !r.reading && !r.ended && (r.length < r.hwm || (r.flowing == flowOn && r.length == 0)) {
				n := r.length
				s.read(0)
				if n == r.length {
					break
				}
			}
			r.readingMore = false
		})
	}
}

// maxHWM is Node's cap on a highWaterMark raised by read(n): 1 GiB.
const maxHWM = 0x40000000

func newHWM(n int) int {
	if n >= maxHWM {
		return maxHWM
	}
	return 1 << bits.Len(uint(n-1))
}

func (s *Stream) howMuchToRead(n int) int {
	r := s.r
	if n == 0 || (r.length == 0 && r.ended) {
		return 0
	}
	if r.objectMode {
		return 1
	}
	if n < 0 { // undefined
		if r.flowing == flowOn && r.length > 0 {
			return len(r.buf[0].b)
		}
		return r.length
	}
	if n <= r.length {
		return n
	}
	if r.ended {
		return r.length
	}
	return 0
}

// read is Node's Readable.prototype.read; n < 0 means no argument.
func (s *Stream) read(n int) (chunk, bool) {
	r := s.r
	if n > r.hwm {
		r.hwm = newHWM(n)
	}
	nOrig := n
	if n != 0 {
		r.emittedReadable = false
	}
	if n == 0 && r.needReadable && ((r.hwm != 0 && r.length >= r.hwm) || (r.hwm == 0 && r.length > 0) || r.ended) {
		if r.length == 0 && r.ended {
			s.endReadable()
		} else {
			s.emitReadable()
		}
		return chunk{}, false
	}
	n = s.howMuchToRead(n)
	if n == 0 && r.ended {
		if r.length == 0 {
			s.endReadable()
		}
		return chunk{}, false
	}
	doRead := r.needReadable
	if r.length == 0 || r.length-n < r.hwm {
		doRead = true
	}
	if r.ended || r.reading || s.destroyed || s.errored != nil || !s.constructed {
		doRead = false
	} else if doRead {
		r.reading = true
		r.sync = true
		if r.length == 0 {
			r.needReadable = true
		}
		s.implRead(r.hwm)
		r.sync = false
		if !r.reading {
			n = s.howMuchToRead(nOrig)
		}
	}
	var ret chunk
	ok := false
	if n > 0 && r.length > 0 {
		ret, ok = s.fromList(n)
	}
	if !ok {
		r.needReadable = r.length <= r.hwm
		n = 0
	} else {
		if r.objectMode {
			r.length--
		} else {
			r.length -= n
		}
		s.pipes.awaitDrain = s.pipes.awaitDrain[:0]
	}
	if r.length == 0 {
		if !r.ended {
			r.needReadable = true
		}
		if nOrig != n && r.ended {
			s.endReadable()
		}
	}
	if ok && !s.errorEmitted && !s.closeEmitted {
		r.dataEmitted = true
		s.emit("data", s.readValue(ret))
	}
	return ret, ok
}

// fromList takes n bytes (one object in object mode) off the buffer.
func (s *Stream) fromList(n int) (chunk, bool) {
	r := s.r
	if len(r.buf) == 0 {
		return chunk{}, false
	}
	first := r.buf[0]
	if r.objectMode || n == len(first.b) {
		r.buf[0] = chunk{}
		r.buf = r.buf[1:]
		return first, true
	}
	if n < len(first.b) {
		r.buf[0] = chunk{b: first.b[n:]}
		return chunk{b: first.b[:n:n]}, true
	}
	out := make([]byte, 0, n)
	for len(out) < n && len(r.buf) > 0 {
		c := r.buf[0]
		need := n - len(out)
		if len(c.b) <= need {
			out = append(out, c.b...)
			r.buf[0] = chunk{}
			r.buf = r.buf[1:]
		} else {
			out = append(out, c.b[:need]...)
			r.buf[0] = chunk{b: c.b[need:]}
		}
	}
	return chunk{b: out}, true
}

func (s *Stream) endReadable() {
	r := s.r
	if !r.endEmitted {
		r.ended = true
		s.tick(s.endReadableNT)
	}
}

func (s *Stream) endReadableNT() {
	r := s.r
	if s.errored == nil && !s.closeEmitted && !r.endEmitted && r.length == 0 {
		r.endEmitted = true
		s.emit("end")
		if s.w != nil && s.writable() && !s.allowHalfOpen {
			s.tick(func() {
				if s.writable() && !s.w.ending && !s.destroyed {
					s.end(chunk{}, false, "", nil)
				}
			})
		} else if s.autoDestroy {
			if s.w == nil || s.w.finished {
				s.destroy(nil, nil)
			}
		}
	}
}

func (s *Stream) resume() {
	r := s.r
	if r.flowing != flowOn {
		if r.readableListening {
			r.flowing = flowPaused
		} else {
			r.flowing = flowOn
		}
		if !r.resumeScheduled {
			r.resumeScheduled = true
			s.tick(func() {
				if !r.reading {
					s.read(0)
				}
				r.resumeScheduled = false
				s.emit("resume")
				s.flow()
				if r.flowing == flowOn && !r.reading {
					s.read(0)
				}
			})
		}
	}
	r.paused = 0
}

func (s *Stream) pause() {
	r := s.r
	if r.flowing != flowPaused {
		r.flowing = flowPaused
		s.emit("pause")
	}
	r.paused = 1
}

// onListener is Node's Readable.prototype.on hook: a 'data' listener
// starts flowing mode, a 'readable' listener switches to paused mode.
func (s *Stream) onListener(ev string) {
	r := s.r
	if r == nil {
		return
	}
	switch ev {
	case "data":
		r.readableListening = s.listeners("readable") > 0
		if r.flowing != flowPaused {
			s.resume()
		}
	case "readable":
		if !r.endEmitted && !r.readableListening {
			r.readableListening = true
			r.needReadable = true
			r.flowing = flowPaused
			r.emittedReadable = false
			if r.length > 0 {
				s.emitReadable()
			} else if !r.reading {
				s.tick(func() { s.read(0) })
			}
		}
	}
}

func (s *Stream) offListener(ev string) {
	r := s.r
	if r == nil || ev != "readable" {
		return
	}
	s.tick(func() {
		r.readableListening = s.listeners("readable") > 0
		if r.resumeScheduled && r.paused == 0 {
			r.flowing = flowOn
		} else if s.listeners("data") > 0 {
			s.resume()
		} else if !r.readableListening {
			r.flowing = flowNull
		}
	})
}

func (s *Stream) setEncoding(enc string) {
	r := s.r
	r.decoder = encoding.NewDecoder(encoding.Lookup(enc))
	r.encoding = enc
	var content []byte
	for _, c := range r.buf {
		content = append(content, r.decoder.Write(c.b)...)
	}
	r.buf = r.buf[:0]
	if len(content) > 0 {
		r.buf = append(r.buf, chunk{b: content})
	}
	r.length = len(content)
}

// readable is Node's readable.readable.
func (s *Stream) readable() bool {
	return s.r != nil && !s.destroyed && !s.errorEmitted && !s.r.endEmitted
}
