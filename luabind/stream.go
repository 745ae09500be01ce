package luabind

import (
	"errors"
	"fmt"
	"math/bits"

	"github.com/netsh/netsh/luabind/internal/encoding"
	lua "github.com/yuin/gopher-lua"
)

// Stream is Node's stream model in Go: one type carries a readable side, a
// writable side, or both (Duplex, Transform, PassThrough, fs streams). The
// state machines follow Node 20's lib/internal/streams closely, so event
// order and backpressure are Node's. The implementation hooks (hooks) are Go
// functions; for streams built from Lua they wrap the user's functions.
//
// Every call into Lua from here is protected: an error in a listener goes to
// Uncaught (as an exception from a listener does in Node), an error in an
// implementation function destroys the stream with it. So the Go state can
// never be left half-updated by a Lua error unwinding through it.
type Stream struct {
	Base
	rt    *Runtime
	r     *readState
	w     *writeState
	hooks streamHooks

	destroyed, closed, closeEmitted, errorEmitted bool
	errored                                       lua.LValue // nil while not errored
	constructed                                   bool
	autoDestroy, emitClose, allowHalfOpen         bool
	pendingDestroy                                []func() // destroy calls waiting for construct

	pipes PipeState

	// Transform's parked write callback (Node's kCallback).
	tcb func(lua.LValue)

	// ext is the fs state of file streams.
	ext any
}

// Pipes returns the stream's pipe record; Stream is a Piper.
func (s *Stream) Pipes() *PipeState { return &s.pipes }

// chunk is one piece of data: bytes in byte mode, a Lua value in object
// mode. In byte mode v may hold the Buffer the bytes came from, so a chunk
// that passes through whole keeps its identity, as in Node.
type chunk struct {
	b []byte
	v lua.LValue
}

type streamHooks struct {
	read      func(s *Stream, n int)
	write     func(s *Stream, c chunk, enc string, cb func(lua.LValue))
	writev    func(s *Stream, reqs []wreq, cb func(lua.LValue))
	final     func(s *Stream, cb func(lua.LValue))
	destroy   func(s *Stream, err lua.LValue, cb func(lua.LValue))
	construct func(s *Stream, cb func(lua.LValue))
}

type readState struct {
	objectMode bool
	hwm        int
	buf        []chunk
	length     int
	flowing    int8 // -1 null (never set), 0 false, 1 true
	paused     int8 // Node's kPaused: -1 null, 0 false, 1 true

	ended, endEmitted, reading, sync, needReadable, emittedReadable bool
	readableListening, resumeScheduled, dataEmitted, readingMore    bool

	decoder  *encoding.Decoder
	encoding string
}

type wreq struct {
	c   chunk
	enc string
	cb  func(lua.LValue)
}

type writeState struct {
	objectMode    bool
	hwm           int
	decodeStrings bool
	defaultEnc    string

	length, writelen int
	writing, sync    bool
	corked           int
	bufferProcessing bool
	writecb          func(lua.LValue)
	writecbSet       bool
	buffered         []wreq

	ending, ended, finished, finalCalled, prefinished bool
	needDrain                                         bool
	pendingcb                                         int
	afterWriteCount                                   int
	afterWriteCb                                      func(lua.LValue)
	afterWriteTick                                    bool
	onFinished                                        []func(lua.LValue)
}

const defaultHWM = 16 * 1024

func nopCb(lua.LValue) {}

// isErr reports whether a callback's err argument is an error: Lua's nil and
// false mean none, as null and undefined do in Node.
func isErr(v lua.LValue) bool {
	return v != nil && v != lua.LNil && v != lua.LFalse
}

func (s *Stream) emit(name string, args ...lua.LValue) bool {
	return s.rt.EmitGo(&s.em, name, args...)
}

func (s *Stream) tick(fn func()) { s.rt.loop.NextTick(fn) }

func (s *Stream) listeners(name string) int { return s.em.count(name) }

// streamErr builds one of Node's ERR_STREAM_* errors.
func (rt *Runtime) streamErr(name, code, msg string) *lua.LTable {
	return rt.NewError(name, code, msg)
}

func (rt *Runtime) errDestroyed(op string) *lua.LTable {
	return rt.streamErr("Error", ErrStreamDestroyed, "Cannot call "+op+" after a stream was destroyed")
}

// callHook runs a user implementation function; an error it raises
// destroys the stream with that error, as Node does for _read. It reports
// whether the function returned normally.
func (s *Stream) callHook(fn *lua.LFunction, args ...lua.LValue) bool {
	L := s.rt.L
	L.Push(fn)
	for _, a := range args {
		L.Push(a)
	}
	if err := pcallFromGo(L, len(args), 0); err != nil {
		v := luaErrValue(err)
		if v == exitSignal {
			return false
		}
		s.errorOrDestroy(v, false)
		return false
	}
	return true
}

// luaErrValue is the value a Lua error raised.
func luaErrValue(err error) lua.LValue {
	var ae *lua.ApiError
	if errors.As(err, &ae) && ae.Object != nil {
		return ae.Object
	}
	return lua.LString(err.Error())
}

// ---------------------------------------------------------------- readable

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
			if r.decoder != nil && !r.objectMode {
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
	if r.flowing == 1 && r.length == 0 && !r.sync && s.listeners("data") > 0 {
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
			r.buf = append(r.buf, chunk{b: rest})
			r.length += len(rest)
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
	r.needReadable = r.flowing != 1 && !r.ended && r.length <= r.hwm
	s.flow()
}

func (s *Stream) flow() {
	for s.r.flowing == 1 {
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
			for !r.reading && !r.ended && (r.length < r.hwm || (r.flowing == 1 && r.length == 0)) {
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
		if r.flowing == 1 && r.length > 0 {
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
		if s.hooks.read != nil {
			s.hooks.read(s, r.hwm)
		} else {
			s.errorOrDestroy(s.rt.NewError("Error", "ERR_METHOD_NOT_IMPLEMENTED", "The _read() method is not implemented"), false)
		}
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
	if r.flowing != 1 {
		if r.readableListening {
			r.flowing = 0
		} else {
			r.flowing = 1
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
				if r.flowing == 1 && !r.reading {
					s.read(0)
				}
			})
		}
	}
	r.paused = 0
}

func (s *Stream) pause() {
	r := s.r
	if r.flowing != 0 {
		r.flowing = 0
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
		if r.flowing != 0 {
			s.resume()
		}
	case "readable":
		if !r.endEmitted && !r.readableListening {
			r.readableListening = true
			r.needReadable = true
			r.flowing = 0
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
			r.flowing = 1
		} else if s.listeners("data") > 0 {
			s.resume()
		} else if !r.readableListening {
			r.flowing = -1
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

// ---------------------------------------------------------------- writable

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
		s.hooks.writev(s, reqs, onwrite)
	case s.hooks.write != nil:
		s.hooks.write(s, reqs[0].c, reqs[0].enc, onwrite)
	default:
		onwrite(s.rt.NewError("Error", "ERR_METHOD_NOT_IMPLEMENTED", "The _write() method is not implemented"))
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
	if len(w.buffered) > 1 && s.hooks.writev != nil {
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
	if s.hooks.final != nil && !s.destroyed {
		w.finalCalled = true
		called := false
		w.sync = true
		w.pendingcb++
		s.hooks.final(s, func(err lua.LValue) {
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
				s.emit("prefinish")
				w.pendingcb++
				s.tick(s.finish)
			}
		})
		w.sync = false
	} else {
		w.prefinished = true
		s.emit("prefinish")
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

// ---------------------------------------------------------------- destroy

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
	if s.hooks.destroy != nil {
		s.hooks.destroy(s, err, onDestroy)
	} else {
		onDestroy(err)
	}
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

// ---------------------------------------------------------------- pipe

// PipeState is a readable's record of the destinations it pipes into and
// of those it waits on for 'drain'. A source type can embed one and
// implement Piper; other sources get one kept in a hidden field.
type PipeState struct {
	dests      []lua.LValue
	awaitDrain []lua.LValue
}

// Piper is implemented by source objects that keep their own PipeState.
type Piper interface{ Pipes() *PipeState }

func (ps *PipeState) removeAwait(d lua.LValue) {
	for i, x := range ps.awaitDrain {
		if x == d {
			ps.awaitDrain = append(ps.awaitDrain[:i], ps.awaitDrain[i+1:]...)
			return
		}
	}
}

func (ps *PipeState) addAwait(d lua.LValue) {
	for _, x := range ps.awaitDrain {
		if x == d {
			return
		}
	}
	ps.awaitDrain = append(ps.awaitDrain, d)
}

const pipeStateKey = "__pipestate"

// pipeStateOf finds (creating it) the PipeState of any source object.
func (rt *Runtime) pipeStateOf(L *lua.LState, src lua.LValue) *PipeState {
	var t *lua.LTable
	switch v := src.(type) {
	case *lua.LUserData:
		if p, ok := v.Value.(Piper); ok {
			return p.Pipes()
		}
		o, ok := v.Value.(Object)
		if !ok {
			return nil
		}
		b := o.base()
		if b.fields == nil {
			b.fields = L.NewTable()
		}
		t = b.fields
	case *lua.LTable:
		t = v
	default:
		return nil
	}
	if ud, ok := t.RawGetString(pipeStateKey).(*lua.LUserData); ok {
		if ps, ok := ud.Value.(*PipeState); ok {
			return ps
		}
	}
	ps := &PipeState{}
	ud := L.NewUserData()
	ud.Value = ps
	t.RawSetString(pipeStateKey, ud)
	return ps
}

// asStream returns v's *Stream, or nil for any other object.
func asStream(v lua.LValue) *Stream {
	if ud, ok := v.(*lua.LUserData); ok {
		if s, ok := ud.Value.(*Stream); ok {
			return s
		}
	}
	return nil
}

// methodCall calls obj:name(args...) on L unprotected (for Go code that
// Lua called) and returns the first result.
func methodCall(L *lua.LState, obj lua.LValue, name string, args ...lua.LValue) lua.LValue {
	fn := L.GetField(obj, name)
	if _, ok := fn.(*lua.LFunction); !ok && name == "_end" {
		fn = L.GetField(obj, "end")
	}
	if _, ok := fn.(*lua.LFunction); !ok {
		L.RaiseError("stream has no method '%s' (pipe needs it)", name)
	}
	L.Push(fn)
	L.Push(obj)
	for _, a := range args {
		L.Push(a)
	}
	L.Call(len(args)+1, 1)
	ret := L.Get(-1)
	L.Pop(1)
	return ret
}

// methodCallOpt is methodCall for a method the object may lack (a plain
// writable table such as process.stdout has no EventEmitter methods).
func methodCallOpt(L *lua.LState, obj lua.LValue, name string, args ...lua.LValue) lua.LValue {
	if _, ok := L.GetField(obj, name).(*lua.LFunction); !ok {
		return lua.LNil
	}
	return methodCall(L, obj, name, args...)
}

// methodCallP is methodCall in protected mode on the main state, for Go
// code running from the loop; an error goes to Uncaught.
func (rt *Runtime) methodCallP(obj lua.LValue, name string, args ...lua.LValue) lua.LValue {
	var ret lua.LValue = lua.LNil
	fn := rt.L.NewFunction(func(L *lua.LState) int {
		ret = methodCall(L, obj, name, args...)
		return 0
	})
	rt.Call(fn)
	return ret
}

func fieldOf(L *lua.LState, obj lua.LValue, name string) lua.LValue {
	return L.GetField(obj, name)
}

func goFn(L *lua.LState, f func(L *lua.LState)) *lua.LFunction {
	return L.NewFunction(func(L *lua.LState) int { f(L); return 0 })
}

// StreamPipe is readable:pipe(destination[, options]) for any source: a
// Stream, a net.Socket, or a Lua table emitter. It follows Node's
// Readable.prototype.pipe and talks to both ends only by method name.
//
// The source must provide: EventEmitter methods (on, once, removeListener,
// listenerCount), pause(), resume(), unpipe(dest) (StreamUnpipe), events
// 'data'(chunk) (adding a 'data' listener must not lose data) and 'end';
// optionally the fields readableFlowing (true while flowing) and
// readableEnded.
// The destination must provide: write(chunk) returning false when its
// buffer is full, _end() (or end()), EventEmitter methods (on, once,
// prependListener or on, removeListener, listenerCount, emit), events
// 'drain', 'error', 'close', 'finish', 'unpipe'; optionally the field
// writableNeedDrain.
//
// options: `{ ['end'] = false }` (or `{ _end = false }`) leaves the
// destination open when the source ends. Pipe does not forward errors
// (use stream.pipeline for that).
var StreamPipe Method = func(rt *Runtime, L *lua.LState) int {
	src := L.Get(1)
	switch src.(type) {
	case *lua.LUserData, *lua.LTable:
	default:
		rt.ThrowCode(L, "TypeError", ErrInvalidThis, "Value of \"this\" is not a readable stream in pipe (call it with a colon: src:pipe(dest))")
	}
	dest := L.Get(2)
	switch dest.(type) {
	case *lua.LUserData, *lua.LTable:
		if _, ok := L.GetField(dest, "write").(*lua.LFunction); !ok {
			rt.ArgTypeError(L, "destination", "an instance of Writable", dest)
		}
	default:
		rt.ArgTypeError(L, "destination", "an instance of Writable", dest)
	}
	opts := rt.OptTable(L, 3, "options")
	doEnd := true
	if opts != nil {
		for _, k := range []string{"end", "_end"} {
			if v := opts.RawGetString(k); v == lua.LFalse {
				doEnd = false
			}
		}
	}
	rt.pipe(L, src, dest, doEnd)
	L.Push(dest)
	return 1
}

// StreamUnpipe is readable:unpipe([destination]) for any source, the
// counterpart of StreamPipe.
var StreamUnpipe Method = func(rt *Runtime, L *lua.LState) int {
	src := L.Get(1)
	ps := rt.pipeStateOf(L, src)
	if ps == nil {
		rt.ThrowCode(L, "TypeError", ErrInvalidThis, "Value of \"this\" is not a readable stream in unpipe (call it with a colon: src:unpipe(dest))")
	}
	L.SetTop(2)
	dest := L.Get(2)
	if len(ps.dests) == 0 {
		L.SetTop(1)
		return 1
	}
	info := func() *lua.LTable {
		t := L.NewTable()
		t.RawSetString("hasUnpiped", lua.LFalse)
		return t
	}
	if dest == lua.LNil {
		dests := ps.dests
		ps.dests = nil
		methodCall(L, src, "pause")
		for _, d := range dests {
			methodCallOpt(L, d, "emit", lua.LString("unpipe"), src, info())
		}
		L.SetTop(1)
		return 1
	}
	idx := -1
	for i, d := range ps.dests {
		if d == dest {
			idx = i
			break
		}
	}
	if idx < 0 {
		L.SetTop(1)
		return 1
	}
	ps.dests = append(ps.dests[:idx:idx], ps.dests[idx+1:]...)
	if len(ps.dests) == 0 {
		methodCall(L, src, "pause")
	}
	methodCallOpt(L, dest, "emit", lua.LString("unpipe"), src, info())
	L.SetTop(1)
	return 1
}

// isStdio reports whether v is process.stdout or process.stderr, which
// pipe never ends, as in Node.
func (rt *Runtime) isStdio(v lua.LValue) bool {
	if rt.process == nil {
		return false
	}
	return v == rt.process.RawGetString("stdout") || v == rt.process.RawGetString("stderr")
}

// Pipe pipes src into dst from Go (what src:pipe(dst, {['end'] = end})
// does); an error raised on the way goes to Uncaught. Loop goroutine only.
func (rt *Runtime) Pipe(src, dst lua.LValue, end bool) {
	rt.Call(rt.L.NewFunction(func(L *lua.LState) int {
		rt.pipe(L, src, dst, end)
		return 0
	}))
}

func (rt *Runtime) pipe(L *lua.LState, src, dest lua.LValue, doEnd bool) {
	ps := rt.pipeStateOf(L, src)
	ps.dests = append(ps.dests, dest)
	srcS, destS := asStream(src), asStream(dest)
	if destS != nil && destS.w == nil {
		destS = nil
	}
	if srcS != nil && srcS.r == nil {
		srcS = nil
	}
	var ondrain, onunpipe, onend, unpipeFn, ondata, onerror, onclose, onfinish *lua.LFunction
	cleanedUp := false

	unpipe := func(L *lua.LState) { methodCall(L, src, "unpipe", dest) }
	unpipeFn = goFn(L, unpipe)
	onend = goFn(L, func(L *lua.LState) { methodCall(L, dest, "_end") })
	endFn := unpipeFn
	if doEnd && !rt.isStdio(dest) {
		endFn = onend
	}
	ended := false
	if srcS != nil {
		ended = srcS.r.endEmitted
	} else {
		ended = lua.LVAsBool(fieldOf(L, src, "readableEnded"))
	}
	if ended {
		rt.loop.NextTick(func() { rt.Call(endFn) })
	} else {
		methodCall(L, src, "once", lua.LString("end"), endFn)
	}

	onDrainGo := func(L *lua.LState) {
		ps.removeAwait(dest)
		if len(ps.awaitDrain) == 0 {
			if n, ok := methodCall(L, src, "listenerCount", lua.LString("data")).(lua.LNumber); ok && n > 0 {
				methodCall(L, src, "resume")
			}
		}
	}
	cleanup := func(L *lua.LState) {
		off := func(obj lua.LValue, ev string, fn *lua.LFunction) {
			if fn != nil {
				methodCallOpt(L, obj, "removeListener", lua.LString(ev), fn)
			}
		}
		off(dest, "close", onclose)
		off(dest, "finish", onfinish)
		off(dest, "drain", ondrain)
		off(dest, "error", onerror)
		off(dest, "unpipe", onunpipe)
		off(src, "end", onend)
		off(src, "end", unpipeFn)
		off(src, "data", ondata)
		cleanedUp = true
		waiting := false
		for _, d := range ps.awaitDrain {
			if d == dest {
				waiting = true
			}
		}
		if ondrain != nil && waiting && (destS == nil || destS.w.needDrain) {
			onDrainGo(L)
		}
	}
	onunpipe = L.NewFunction(func(L *lua.LState) int {
		info, _ := L.Get(2).(*lua.LTable)
		if L.Get(1) == src && info != nil && info.RawGetString("hasUnpiped") == lua.LFalse {
			info.RawSetString("hasUnpiped", lua.LTrue)
			cleanup(L)
		}
		return 0
	})
	methodCallOpt(L, dest, "on", lua.LString("unpipe"), onunpipe)

	pause := func(L *lua.LState) {
		if !cleanedUp {
			ps.addAwait(dest)
			methodCall(L, src, "pause")
		}
		if ondrain == nil {
			ondrain = goFn(L, onDrainGo)
			methodCallOpt(L, dest, "on", lua.LString("drain"), ondrain)
		}
	}
	ondata = L.NewFunction(func(L *lua.LState) int {
		chunk := L.Get(1)
		var ret lua.LValue
		if destS != nil {
			ret = destS.luaWrite(L, chunk, lua.LNil, lua.LNil)
		} else {
			ret = methodCall(L, dest, "write", chunk)
		}
		if ret == lua.LFalse {
			pause(L)
		}
		return 0
	})
	methodCall(L, src, "on", lua.LString("data"), ondata)

	onerror = L.NewFunction(func(L *lua.LState) int {
		er := L.Get(1)
		unpipe(L)
		methodCallOpt(L, dest, "removeListener", lua.LString("error"), onerror)
		if n, _ := methodCallOpt(L, dest, "listenerCount", lua.LString("error")).(lua.LNumber); n == 0 {
			if destS != nil && !destS.errorEmitted {
				destS.errorOrDestroy(er, false)
			} else {
				rt.uncaughtValue(er, "", "Unhandled 'error' event: ")
			}
		}
		return 0
	})
	if _, ok := L.GetField(dest, "prependListener").(*lua.LFunction); ok {
		methodCallOpt(L, dest, "prependListener", lua.LString("error"), onerror)
	} else {
		methodCallOpt(L, dest, "on", lua.LString("error"), onerror)
	}
	onclose = goFn(L, func(L *lua.LState) {
		methodCallOpt(L, dest, "removeListener", lua.LString("finish"), onfinish)
		unpipe(L)
	})
	methodCallOpt(L, dest, "once", lua.LString("close"), onclose)
	onfinish = goFn(L, func(L *lua.LState) {
		methodCallOpt(L, dest, "removeListener", lua.LString("close"), onclose)
		unpipe(L)
	})
	methodCallOpt(L, dest, "once", lua.LString("finish"), onfinish)

	methodCallOpt(L, dest, "emit", lua.LString("pipe"), src)

	needDrain := false
	if destS != nil {
		needDrain = !destS.destroyed && !destS.w.ending && destS.w.needDrain
	} else {
		needDrain = fieldOf(L, dest, "writableNeedDrain") == lua.LTrue
	}
	flowing := false
	if srcS != nil {
		flowing = srcS.r.flowing == 1
	} else {
		flowing = fieldOf(L, src, "readableFlowing") == lua.LTrue
	}
	if needDrain {
		pause(L)
	} else if !flowing {
		methodCall(L, src, "resume")
	}
}

// ---------------------------------------------------------------- finished, pipeline

func errCode(v lua.LValue) string {
	if t, ok := v.(*lua.LTable); ok {
		if c, ok := t.RawGetString("code").(lua.LString); ok {
			return string(c)
		}
	}
	return ""
}

func (rt *Runtime) errPremature() *lua.LTable {
	return rt.NewError("Error", "ERR_STREAM_PREMATURE_CLOSE", "Premature close")
}

// streamView answers eos's questions about any stream: a Stream from its
// state, another object (a socket) from Node's public fields: readable,
// writable, readableEnded, writableFinished, closed, destroyed, errored.
// Such an object counts as readable if it has a pipe or read method and as
// writable if it has a write method; pipeline destroys it with destroy(err).
type streamView struct {
	rt  *Runtime
	obj lua.LValue
	s   *Stream
}

func (v streamView) field(name string) lua.LValue { return fieldOf(v.rt.L, v.obj, name) }
func (v streamView) isFn(name string) bool {
	_, ok := v.field(name).(*lua.LFunction)
	return ok
}

func (v streamView) isR() bool {
	if v.s != nil {
		return v.s.r != nil
	}
	return v.isFn("pipe") || v.isFn("read")
}

func (v streamView) isW() bool {
	if v.s != nil {
		return v.s.w != nil
	}
	return v.isFn("write")
}

func (v streamView) readable() bool {
	if v.s != nil {
		return v.s.readable()
	}
	return lua.LVAsBool(v.field("readable"))
}

func (v streamView) writable() bool {
	if v.s != nil {
		return v.s.writable()
	}
	return lua.LVAsBool(v.field("writable"))
}

func (v streamView) rFinished() bool {
	if v.s != nil {
		return v.s.r != nil && (v.s.r.endEmitted || (v.s.r.ended && v.s.r.length == 0))
	}
	return lua.LVAsBool(v.field("readableEnded"))
}

func (v streamView) wFinished() bool {
	if v.s != nil {
		return v.s.w != nil && (v.s.w.finished || (v.s.w.ended && v.s.w.length == 0))
	}
	return lua.LVAsBool(v.field("writableFinished"))
}

func (v streamView) closed() bool {
	if v.s != nil {
		return v.s.closed
	}
	return lua.LVAsBool(v.field("closed"))
}

func (v streamView) destroyed() bool {
	if v.s != nil {
		return v.s.destroyed
	}
	return lua.LVAsBool(v.field("destroyed"))
}

func (v streamView) errored() lua.LValue {
	if v.s != nil {
		if v.s.errored == nil {
			return lua.LNil
		}
		return v.s.errored
	}
	return v.field("errored")
}

func (v streamView) errorEmitted() bool { return v.s != nil && v.s.errorEmitted }

func (v streamView) willEmitClose() bool {
	return v.s != nil && v.s.autoDestroy && v.s.emitClose && !v.s.closed
}

// eos is Node's finished(stream, {readable, writable, error}, cb): cb runs
// once, with an error, Premature close, or nil. It returns the cleanup
// that removes its listeners. Loop goroutine only; nothing raises.
func (rt *Runtime) eos(st lua.LValue, optR, optW *bool, withErr bool, cb func(err lua.LValue)) func() {
	v := streamView{rt: rt, obj: st, s: asStream(st)}
	readable, writable := v.isR(), v.isW()
	if optR != nil {
		readable = *optR
	}
	if optW != nil {
		writable = *optW
	}
	willEmitClose := v.willEmitClose() && v.isR() == readable && v.isW() == writable
	wFin, rFin := v.wFinished(), v.rFinished()
	done := false
	call := func(err lua.LValue) {
		if done {
			return
		}
		done = true
		cb(err)
	}
	L := rt.L
	onfinish := goFn(L, func(*lua.LState) {
		wFin = true
		if v.destroyed() {
			willEmitClose = false
		}
		if willEmitClose && (!v.readable() || readable) {
			return
		}
		if !readable || rFin {
			call(lua.LNil)
		}
	})
	onend := goFn(L, func(*lua.LState) {
		rFin = true
		if v.destroyed() {
			willEmitClose = false
		}
		if willEmitClose && (!v.writable() || writable) {
			return
		}
		if !writable || wFin {
			call(lua.LNil)
		}
	})
	onerror := L.NewFunction(func(L *lua.LState) int {
		err := L.Get(1)
		if !isErr(err) {
			err = rt.errPremature()
		}
		call(err)
		return 0
	})
	closeGo := func() {
		if e := v.errored(); isErr(e) {
			call(e)
			return
		}
		if readable && !rFin && v.isR() && !v.rFinished() {
			call(rt.errPremature())
			return
		}
		if writable && !wFin && !v.wFinished() {
			call(rt.errPremature())
			return
		}
		call(lua.LNil)
	}
	onclose := goFn(L, func(*lua.LState) { closeGo() })
	rt.methodCallP(st, "on", lua.LString("end"), onend)
	rt.methodCallP(st, "on", lua.LString("finish"), onfinish)
	if withErr {
		rt.methodCallP(st, "on", lua.LString("error"), onerror)
	}
	rt.methodCallP(st, "on", lua.LString("close"), onclose)
	switch {
	case v.closed():
		rt.loop.NextTick(closeGo)
	case v.errorEmitted():
		if !willEmitClose {
			rt.loop.NextTick(closeGo)
		}
	case !readable && (!willEmitClose || v.readable()) && (wFin || !v.writable()):
		rt.loop.NextTick(closeGo)
	case !writable && (!willEmitClose || v.writable()) && (rFin || !v.readable()):
		rt.loop.NextTick(closeGo)
	}
	return func() {
		done = true
		rt.methodCallP(st, "removeListener", lua.LString("end"), onend)
		rt.methodCallP(st, "removeListener", lua.LString("finish"), onfinish)
		rt.methodCallP(st, "removeListener", lua.LString("error"), onerror)
		rt.methodCallP(st, "removeListener", lua.LString("close"), onclose)
	}
}

// pipeline is Node's stream.pipeline for streams: it pipes each stream
// into the next, and on the first error destroys every stream and calls
// back with that error; else it calls back when the last one finished.
func (rt *Runtime) pipeline(streams []lua.LValue, cb *lua.LFunction) {
	var perr lua.LValue
	finishCount := 0
	called := false
	var destroys []func(lua.LValue)
	finishImpl := func(err lua.LValue, final bool) {
		if isErr(err) && (perr == nil || errCode(perr) == "ERR_STREAM_PREMATURE_CLOSE") {
			perr = err
		}
		if perr == nil && !final {
			return
		}
		for len(destroys) > 0 {
			d := destroys[0]
			destroys = destroys[1:]
			d(perr)
		}
		if final && !called {
			called = true
			e := perr
			rt.loop.NextTick(func() {
				if e != nil {
					rt.Call(cb, e)
				} else {
					rt.Call(cb)
				}
			})
		}
	}
	finish := func(err lua.LValue) {
		finishCount--
		finishImpl(err, finishCount == 0)
	}
	n := len(streams)
	L := rt.L
	for i, st := range streams {
		st := st
		reading, writing := i < n-1, i > 0
		rt.methodCallP(st, "on", lua.LString("error"), L.NewFunction(func(L *lua.LState) int {
			if err := L.Get(1); isErr(err) && errCode(err) != "ERR_STREAM_PREMATURE_CLOSE" {
				finish(err)
			}
			return 0
		}))
		dfinished := false
		rt.methodCallP(st, "on", lua.LString("close"), goFn(L, func(*lua.LState) { dfinished = true }))
		rt.eos(st, &reading, &writing, true, func(err lua.LValue) { dfinished = !isErr(err) })
		destroys = append(destroys, func(err lua.LValue) {
			if dfinished {
				return
			}
			dfinished = true
			if !isErr(err) {
				err = rt.errDestroyed("pipe")
			}
			if s := asStream(st); s != nil {
				s.destroy(err, nil)
			} else {
				rt.methodCallP(st, "destroy", err)
			}
		})
		if i > 0 {
			finishCount += 2
			rt.pipePair(streams[i-1], st, finish)
		}
	}
}

func (rt *Runtime) pipePair(src, dst lua.LValue, finish func(lua.LValue)) {
	L := rt.L
	ended := false
	rt.methodCallP(dst, "on", lua.LString("close"), goFn(L, func(*lua.LState) {
		if !ended {
			finish(rt.errPremature())
		}
	}))
	opts := L.NewTable()
	opts.RawSetString("end", lua.LFalse)
	rt.methodCallP(src, "pipe", dst, opts)
	endFn := goFn(L, func(L *lua.LState) {
		ended = true
		methodCall(L, dst, "_end")
	})
	sv := streamView{rt: rt, obj: src, s: asStream(src)}
	if sv.rFinished() {
		rt.loop.NextTick(func() { rt.Call(endFn) })
	} else {
		rt.methodCallP(src, "once", lua.LString("end"), endFn)
	}
	f, t := false, true
	rt.eos(dst, &f, &t, true, finish)
	rt.eos(src, &t, &f, true, func(err lua.LValue) {
		if s := sv.s; s != nil && errCode(err) == "ERR_STREAM_PREMATURE_CLOSE" && s.r != nil && s.r.ended && s.errored == nil && !s.errorEmitted {
			fin := goFn(L, func(L *lua.LState) { finish(L.Get(1)) })
			rt.methodCallP(src, "once", lua.LString("end"), fin)
			rt.methodCallP(src, "once", lua.LString("error"), fin)
			return
		}
		finish(err)
	})
}

// ---------------------------------------------------------------- Lua API

const chunkTypes = "of type string or an instance of Buffer, TypedArray, or DataView"

func (rt *Runtime) chunkTypeError(name string, v lua.LValue) *lua.LTable {
	return rt.NewError("TypeError", ErrInvalidArgType,
		"The \""+name+"\" argument must be "+chunkTypes+". Received "+describeReceived(v))
}

// checkEncoding validates an encoding argument (nil gives def).
func (rt *Runtime) checkEncoding(L *lua.LState, v lua.LValue, def string) string {
	switch x := v.(type) {
	case *lua.LNilType:
		return def
	case lua.LString:
		if x == "buffer" {
			return "buffer"
		}
		if e := streamNormEnc(string(x)); e != "" {
			return e
		}
	}
	rt.ThrowCode(L, "TypeError", ErrUnknownEncoding, "Unknown encoding: "+L.ToStringMeta(v).String())
	return ""
}

// luaCallback wraps an optional Lua callback as a Go one: called with no
// argument on success, as Node calls back with undefined.
func (rt *Runtime) luaCallback(fn *lua.LFunction) func(lua.LValue) {
	if fn == nil {
		return nil
	}
	return func(err lua.LValue) {
		if isErr(err) {
			rt.Call(fn, err)
		} else {
			rt.Call(fn)
		}
	}
}

// luaWrite is writable:write(chunk[, encoding][, cb]) with the arguments
// already read; it raises on a bad chunk, as Node throws.
func (s *Stream) luaWrite(L *lua.LState, v, encV, cbV lua.LValue) lua.LValue {
	rt := s.rt
	w := s.w
	var cbFn *lua.LFunction
	if f, ok := encV.(*lua.LFunction); ok {
		cbFn, encV = f, lua.LNil
	} else if f, ok := cbV.(*lua.LFunction); ok {
		cbFn = f
	}
	enc := rt.checkEncoding(L, encV, w.defaultEnc)
	c, enc := s.writeChunk(L, v, enc)
	// Node 20's write() returns a plain boolean, false after end/destroy.
	ret, _ := s.write(c, enc, rt.luaCallback(cbFn))
	return lua.LBool(ret)
}

func (s *Stream) writeChunk(L *lua.LState, v lua.LValue, enc string) (chunk, string) {
	rt := s.rt
	if v == lua.LNil {
		rt.ThrowCode(L, "TypeError", "ERR_STREAM_NULL_VALUES", "May not write null values to stream")
	}
	if s.w.objectMode {
		return chunk{v: v}, enc
	}
	switch x := v.(type) {
	case lua.LString:
		if enc == "buffer" {
			enc = "utf8"
		}
		if s.w.decodeStrings {
			return chunk{b: streamEncode(enc, string(x))}, "buffer"
		}
		return chunk{b: streamEncode(enc, string(x)), v: x}, enc
	case *lua.LUserData:
		if b, ok := rt.toBytes(x); ok {
			return chunk{b: b, v: x}, "buffer"
		}
	}
	rt.Throw(L, rt.chunkTypeError("chunk", v))
	return chunk{}, ""
}

// pushValue is readable:push(chunk[, encoding]) for a Lua value.
func (s *Stream) pushValue(v lua.LValue, enc string) bool {
	if v == lua.LNil {
		return s.addChunk(chunk{}, true)
	}
	if s.r.objectMode {
		return s.addChunk(chunk{v: v}, false)
	}
	switch x := v.(type) {
	case lua.LString:
		if enc == "" || enc == "buffer" {
			enc = "utf8"
		}
		return s.addChunk(chunk{b: streamEncode(enc, string(x))}, false)
	case *lua.LUserData:
		if b, ok := s.rt.toBytes(x); ok {
			return s.addChunk(chunk{b: b, v: x}, false)
		}
	}
	s.errorOrDestroy(s.rt.chunkTypeError("chunk", v), false)
	return false
}

func selfR(rt *Runtime, L *lua.LState, m string) *Stream {
	s := Self[*Stream](rt, L, m)
	if s.r == nil {
		rt.ThrowCode(L, "TypeError", ErrInvalidThis, "Value of \"this\" is not a readable stream in "+m)
	}
	return s
}

func selfW(rt *Runtime, L *lua.LState, m string) *Stream {
	s := Self[*Stream](rt, L, m)
	if s.w == nil {
		rt.ThrowCode(L, "TypeError", ErrInvalidThis, "Value of \"this\" is not a writable stream in "+m)
	}
	return s
}

func streamAddListener(method string, once, prepend bool) Method {
	return func(rt *Runtime, L *lua.LState) int {
		s := Self[*Stream](rt, L, method)
		name := rt.eventName(L, 2)
		fn := rt.CheckFunction(L, 3, "listener")
		e := &s.em
		if e.count("newListener") > 0 {
			callEmit(rt, L, e, "newListener", lua.LString(name), fn)
		}
		if w := e.add(name, fn, once, prepend); w != "" {
			rt.out.Err(w)
		}
		s.onListener(name)
		L.SetTop(1)
		return 1
	}
}

func streamRemoveListener(method string) Method {
	return func(rt *Runtime, L *lua.LState) int {
		s := Self[*Stream](rt, L, method)
		name := rt.eventName(L, 2)
		fn := rt.CheckFunction(L, 3, "listener")
		e := &s.em
		if e.remove(name, fn) && e.count("removeListener") > 0 {
			callEmit(rt, L, e, "removeListener", lua.LString(name), fn)
		}
		s.offListener(name)
		L.SetTop(1)
		return 1
	}
}

var streamCommonMethods = map[string]Method{
	"on":                  streamAddListener("on", false, false),
	"addListener":         streamAddListener("addListener", false, false),
	"once":                streamAddListener("once", true, false),
	"prependListener":     streamAddListener("prependListener", false, true),
	"prependOnceListener": streamAddListener("prependOnceListener", true, true),
	"off":                 streamRemoveListener("off"),
	"removeListener":      streamRemoveListener("removeListener"),
	"removeAllListeners": func(rt *Runtime, L *lua.LState) int {
		s := Self[*Stream](rt, L, "removeAllListeners")
		if L.Get(2) == lua.LNil {
			s.em.removeAll("")
			s.offListener("readable")
		} else {
			name := rt.eventName(L, 2)
			s.em.removeAll(name)
			s.offListener(name)
		}
		L.SetTop(1)
		return 1
	},
	"destroy": func(rt *Runtime, L *lua.LState) int {
		s := Self[*Stream](rt, L, "destroy")
		err := L.Get(2)
		cb := rt.OptFunction(L, 3, "callback")
		s.destroy(err, rt.luaCallback(cb))
		L.SetTop(1)
		return 1
	},
}

var streamReadMethods = map[string]Method{
	"read": func(rt *Runtime, L *lua.LState) int {
		s := selfR(rt, L, "read")
		n := -1
		if v := L.Get(2); v != lua.LNil {
			x := rt.CheckNumber(L, 2, "size")
			if x < 0 {
				x = 0
			}
			if x > maxHWM {
				rt.OutOfRange(L, "size", "<= 1GiB", v)
			}
			n = int(x)
		}
		c, ok := s.read(n)
		if !ok {
			L.Push(lua.LNil)
		} else {
			L.Push(s.readValue(c))
		}
		return 1
	},
	"push": func(rt *Runtime, L *lua.LState) int {
		s := selfR(rt, L, "push")
		enc := ""
		if L.Get(3) != lua.LNil {
			enc = rt.checkEncoding(L, L.Get(3), "utf8")
		}
		L.Push(lua.LBool(s.pushValue(L.Get(2), enc)))
		return 1
	},
	"unshift": func(rt *Runtime, L *lua.LState) int {
		s := selfR(rt, L, "unshift")
		v := L.Get(2)
		var c chunk
		switch x := v.(type) {
		case *lua.LNilType:
			L.Push(lua.LBool(s.addChunk(chunk{}, true)))
			return 1
		case lua.LString:
			enc := rt.checkEncoding(L, L.Get(3), "utf8")
			if enc == "buffer" {
				enc = "utf8"
			}
			c = chunk{b: streamEncode(enc, string(x))}
		case *lua.LUserData:
			b, ok := rt.toBytes(x)
			if !ok && !s.r.objectMode {
				rt.Throw(L, rt.chunkTypeError("chunk", v))
			}
			c = chunk{b: b, v: x}
		default:
			if !s.r.objectMode {
				rt.Throw(L, rt.chunkTypeError("chunk", v))
			}
		}
		if s.r.objectMode {
			c = chunk{v: v}
		}
		L.Push(lua.LBool(s.unshift(c)))
		return 1
	},
	"setEncoding": func(rt *Runtime, L *lua.LState) int {
		s := selfR(rt, L, "setEncoding")
		enc := rt.checkEncoding(L, L.Get(2), "utf8")
		if enc == "buffer" {
			rt.ThrowCode(L, "TypeError", ErrUnknownEncoding, "Unknown encoding: buffer")
		}
		s.setEncoding(enc)
		L.SetTop(1)
		return 1
	},
	"pause": func(rt *Runtime, L *lua.LState) int {
		selfR(rt, L, "pause").pause()
		L.SetTop(1)
		return 1
	},
	"resume": func(rt *Runtime, L *lua.LState) int {
		selfR(rt, L, "resume").resume()
		L.SetTop(1)
		return 1
	},
	"isPaused": func(rt *Runtime, L *lua.LState) int {
		r := selfR(rt, L, "isPaused").r
		L.Push(lua.LBool(r.paused == 1 || r.flowing == 0))
		return 1
	},
	"pipe":   func(rt *Runtime, L *lua.LState) int { selfR(rt, L, "pipe"); return StreamPipe(rt, L) },
	"unpipe": func(rt *Runtime, L *lua.LState) int { selfR(rt, L, "unpipe"); return StreamUnpipe(rt, L) },
}

var streamWriteMethods = map[string]Method{
	"write": func(rt *Runtime, L *lua.LState) int {
		s := selfW(rt, L, "write")
		L.Push(s.luaWrite(L, L.Get(2), L.Get(3), L.Get(4)))
		return 1
	},
	"end": func(rt *Runtime, L *lua.LState) int {
		s := selfW(rt, L, "end")
		v, encV, cbV := L.Get(2), L.Get(3), L.Get(4)
		var cbFn *lua.LFunction
		if f, ok := v.(*lua.LFunction); ok {
			cbFn, v, encV = f, lua.LNil, lua.LNil
		} else if f, ok := encV.(*lua.LFunction); ok {
			cbFn, encV = f, lua.LNil
		} else if f, ok := cbV.(*lua.LFunction); ok {
			cbFn = f
		}
		var c chunk
		enc := ""
		if v != lua.LNil {
			enc = rt.checkEncoding(L, encV, s.w.defaultEnc)
			c, enc = s.writeChunk(L, v, enc)
		}
		s.end(c, v != lua.LNil, enc, rt.luaCallback(cbFn))
		L.SetTop(1)
		return 1
	},
	"cork": func(rt *Runtime, L *lua.LState) int {
		selfW(rt, L, "cork").w.corked++
		L.SetTop(1)
		return 1
	},
	"uncork": func(rt *Runtime, L *lua.LState) int {
		selfW(rt, L, "uncork").uncork()
		L.SetTop(1)
		return 1
	},
	"setDefaultEncoding": func(rt *Runtime, L *lua.LState) int {
		s := selfW(rt, L, "setDefaultEncoding")
		s.w.defaultEnc = rt.checkEncoding(L, L.Get(2), "utf8")
		L.SetTop(1)
		return 1
	},
}

type streamGetter = func(rt *Runtime, self Object) lua.LValue

func optBool(b bool) lua.LValue { return lua.LBool(b) }

var streamCommonGetters = map[string]streamGetter{
	"destroyed": func(rt *Runtime, o Object) lua.LValue { return optBool(o.(*Stream).destroyed) },
	"closed":    func(rt *Runtime, o Object) lua.LValue { return optBool(o.(*Stream).closed) },
	"errored": func(rt *Runtime, o Object) lua.LValue {
		if e := o.(*Stream).errored; e != nil {
			return e
		}
		return lua.LNil
	},
}

var streamReadGetters = map[string]streamGetter{
	"readable": func(rt *Runtime, o Object) lua.LValue { return optBool(o.(*Stream).readable()) },
	"readableFlowing": func(rt *Runtime, o Object) lua.LValue {
		switch o.(*Stream).r.flowing {
		case 1:
			return lua.LTrue
		case 0:
			return lua.LFalse
		}
		return lua.LNil
	},
	"readableLength":        func(rt *Runtime, o Object) lua.LValue { return lua.LNumber(o.(*Stream).r.length) },
	"readableHighWaterMark": func(rt *Runtime, o Object) lua.LValue { return lua.LNumber(o.(*Stream).r.hwm) },
	"readableEnded":         func(rt *Runtime, o Object) lua.LValue { return optBool(o.(*Stream).r.endEmitted) },
	"readableObjectMode":    func(rt *Runtime, o Object) lua.LValue { return optBool(o.(*Stream).r.objectMode) },
	"readableEncoding": func(rt *Runtime, o Object) lua.LValue {
		if e := o.(*Stream).r.encoding; e != "" {
			return lua.LString(e)
		}
		return lua.LNil
	},
}

var streamWriteGetters = map[string]streamGetter{
	"writable":              func(rt *Runtime, o Object) lua.LValue { return optBool(o.(*Stream).writable()) },
	"writableLength":        func(rt *Runtime, o Object) lua.LValue { return lua.LNumber(o.(*Stream).w.length) },
	"writableHighWaterMark": func(rt *Runtime, o Object) lua.LValue { return lua.LNumber(o.(*Stream).w.hwm) },
	"writableEnded":         func(rt *Runtime, o Object) lua.LValue { return optBool(o.(*Stream).w.ending) },
	"writableFinished":      func(rt *Runtime, o Object) lua.LValue { return optBool(o.(*Stream).w.finished) },
	"writableCorked":        func(rt *Runtime, o Object) lua.LValue { return lua.LNumber(o.(*Stream).w.corked) },
	"writableObjectMode":    func(rt *Runtime, o Object) lua.LValue { return optBool(o.(*Stream).w.objectMode) },
	"writableNeedDrain": func(rt *Runtime, o Object) lua.LValue {
		s := o.(*Stream)
		return optBool(!s.destroyed && !s.w.ending && s.w.needDrain)
	},
}

func mergeMethods(ms ...map[string]Method) map[string]Method {
	out := map[string]Method{}
	for _, m := range ms {
		for k, v := range m {
			out[k] = v
		}
	}
	return out
}

func mergeGetters(ms ...map[string]streamGetter) map[string]streamGetter {
	out := map[string]streamGetter{}
	for _, m := range ms {
		for k, v := range m {
			out[k] = v
		}
	}
	return out
}

func streamClass(name string, r, w bool, extra map[string]streamGetter) *Class {
	ms := []map[string]Method{streamCommonMethods}
	gs := []map[string]streamGetter{streamCommonGetters, extra}
	if r {
		ms = append(ms, streamReadMethods)
		gs = append(gs, streamReadGetters)
	}
	if w {
		ms = append(ms, streamWriteMethods)
		gs = append(gs, streamWriteGetters)
	}
	return &Class{Name: name, Methods: mergeMethods(ms...), Getters: mergeGetters(gs...), Emitter: true}
}

var (
	readableClass    = streamClass("Readable", true, false, nil)
	writableClass    = streamClass("Writable", false, true, nil)
	duplexClass      = streamClass("Duplex", true, true, map[string]streamGetter{"allowHalfOpen": func(rt *Runtime, o Object) lua.LValue { return optBool(o.(*Stream).allowHalfOpen) }})
	transformClass   = streamClass("Transform", true, true, nil)
	passThroughClass = streamClass("PassThrough", true, true, nil)
)

// newStream builds a Stream with Node's defaults: highWaterMark 16 KiB
// (16 objects in object mode), autoDestroy and emitClose on.
func (rt *Runtime) newStream(rOn, wOn, rObj, wObj bool, rHWM, wHWM int) *Stream {
	s := &Stream{rt: rt, constructed: true, autoDestroy: true, emitClose: true, allowHalfOpen: true}
	if rOn {
		if rHWM < 0 {
			rHWM = defaultHWM
			if rObj {
				rHWM = 16
			}
		}
		s.r = &readState{objectMode: rObj, hwm: rHWM, flowing: -1, paused: -1, sync: true}
	}
	if wOn {
		if wHWM < 0 {
			wHWM = defaultHWM
			if wObj {
				wHWM = 16
			}
		}
		s.w = &writeState{objectMode: wObj, hwm: wHWM, decodeStrings: true, defaultEnc: "utf8"}
	}
	return s
}

// hwmOption reads a highWaterMark option as Node validates it.
func (rt *Runtime) hwmOption(L *lua.LState, opts *lua.LTable, key string, def int) int {
	v := optField(opts, key)
	if v == lua.LNil {
		return def
	}
	n, ok := v.(lua.LNumber)
	if !ok || float64(n) < 0 || float64(n) != float64(int64(n)) || float64(n) > maxHWM*4 {
		rt.ThrowCode(L, "TypeError", ErrInvalidArgValue,
			"The property 'options."+key+"' is invalid. Received "+L.ToStringMeta(v).String())
	}
	return int(n)
}

func optFn(rt *Runtime, L *lua.LState, opts *lua.LTable, key string) *lua.LFunction {
	switch v := optField(opts, key).(type) {
	case *lua.LNilType:
		return nil
	case *lua.LFunction:
		return v
	default:
		rt.ArgTypeError(L, ".options."+key, "of type function", v)
	}
	return nil
}

// luaCb makes the one-shot callback handed to a user implementation
// function; a second call is ERR_MULTIPLE_CALLBACK.
func (s *Stream) luaCb(L *lua.LState, f func(L *lua.LState)) *lua.LFunction {
	called := false
	return L.NewFunction(func(L *lua.LState) int {
		if called {
			s.errorOrDestroy(s.rt.NewError("Error", "ERR_MULTIPLE_CALLBACK", "Callback called multiple times"), false)
			return 0
		}
		called = true
		f(L)
		return 0
	})
}

func (s *Stream) writeValue(c chunk) lua.LValue {
	if s.w.objectMode || c.v != nil {
		return c.v
	}
	return s.rt.NewBuffer(c.b)
}

// newLuaStream builds a stream from Node's simplified-construction options.
func (rt *Runtime) newLuaStream(L *lua.LState, kind string, opts *lua.LTable) *lua.LUserData {
	rOn := kind != "Writable"
	wOn := kind != "Readable"
	obj := rt.OptBoolField(L, opts, "objectMode", false)
	rObj := rt.OptBoolField(L, opts, "readableObjectMode", obj)
	wObj := rt.OptBoolField(L, opts, "writableObjectMode", obj)
	hwm := rt.hwmOption(L, opts, "highWaterMark", -1)
	rHWM := rt.hwmOption(L, opts, "readableHighWaterMark", hwm)
	wHWM := rt.hwmOption(L, opts, "writableHighWaterMark", hwm)
	if kind == "Readable" || kind == "Writable" {
		rObj, wObj, rHWM, wHWM = obj, obj, hwm, hwm
	}
	s := rt.newStream(rOn, wOn, rObj, wObj, rHWM, wHWM)
	s.autoDestroy = rt.OptBoolField(L, opts, "autoDestroy", true)
	s.emitClose = rt.OptBoolField(L, opts, "emitClose", true)
	s.allowHalfOpen = rt.OptBoolField(L, opts, "allowHalfOpen", true)
	if s.w != nil {
		s.w.decodeStrings = rt.OptBoolField(L, opts, "decodeStrings", true)
		if v := optField(opts, "defaultEncoding"); v != lua.LNil {
			s.w.defaultEnc = rt.checkEncoding(L, v, "utf8")
		}
	}
	var enc string
	if s.r != nil {
		if v := optField(opts, "encoding"); v != lua.LNil {
			enc = rt.checkEncoding(L, v, "utf8")
		}
	}
	read := optFn(rt, L, opts, "read")
	write := optFn(rt, L, opts, "write")
	final := optFn(rt, L, opts, "final")
	destroy := optFn(rt, L, opts, "destroy")
	construct := optFn(rt, L, opts, "construct")
	transform := optFn(rt, L, opts, "transform")
	flush := optFn(rt, L, opts, "flush")

	var cls *Class
	switch kind {
	case "Readable":
		cls = readableClass
	case "Writable":
		cls = writableClass
	case "Duplex":
		cls = duplexClass
	case "Transform":
		cls = transformClass
	default:
		cls = passThroughClass
	}
	ud := rt.NewObject(cls, s)
	if read != nil {
		s.hooks.read = func(s *Stream, n int) { s.callHook(read, ud, lua.LNumber(n)) }
	}
	if write != nil {
		s.hooks.write = func(s *Stream, c chunk, enc string, cb func(lua.LValue)) {
			s.callHook(write, ud, s.writeValue(c), lua.LString(enc), s.luaCb(rt.L, func(L *lua.LState) { cb(L.Get(1)) }))
		}
	}
	if final != nil {
		s.hooks.final = func(s *Stream, cb func(lua.LValue)) {
			s.callHook(final, ud, s.luaCb(rt.L, func(L *lua.LState) { cb(L.Get(1)) }))
		}
	}
	if destroy != nil {
		s.hooks.destroy = func(s *Stream, err lua.LValue, cb func(lua.LValue)) {
			L := rt.L
			L.Push(destroy)
			L.Push(ud)
			L.Push(err)
			L.Push(s.luaCb(L, func(L *lua.LState) { cb(L.Get(1)) }))
			if e := pcallFromGo(L, 3, 0); e != nil {
				if v := luaErrValue(e); v != exitSignal {
					cb(v)
				}
			}
		}
	}
	if construct != nil {
		s.constructed = false
		rt.loop.NextTick(func() {
			s.callHook(construct, ud, s.luaCb(rt.L, func(L *lua.LState) { s.constructDone(L.Get(1)) }))
		})
	}
	if kind == "Transform" || kind == "PassThrough" {
		s.r.sync = false
		var tf func(s *Stream, c chunk, enc string, done func(err lua.LValue))
		if kind == "PassThrough" {
			tf = func(s *Stream, c chunk, enc string, done func(lua.LValue)) {
				s.addChunk(c, false)
				done(nil)
			}
		} else if transform != nil {
			tf = func(s *Stream, c chunk, enc string, done func(lua.LValue)) {
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
		s.hooks.final = func(s *Stream, cb func(lua.LValue)) {
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
	if kind == "Duplex" {
		if v := optField(opts, "readable"); v == lua.LFalse {
			s.r.ended, s.r.endEmitted = true, true
		}
		if v := optField(opts, "writable"); v == lua.LFalse {
			s.w.ending, s.w.ended, s.w.finished = true, true, true
		}
	}
	if enc != "" && enc != "buffer" {
		s.setEncoding(enc)
	}
	return ud
}

// readableFrom is Readable.from(iterable): a table's array items, or one
// string or Buffer, in object mode.
func (rt *Runtime) readableFrom(L *lua.LState) int {
	src := L.Get(1)
	var items []lua.LValue
	switch v := src.(type) {
	case lua.LString:
		items = []lua.LValue{v}
	case *lua.LUserData:
		if _, ok := rt.toBytes(v); !ok {
			rt.ArgTypeError(L, "iterable", "an Iterable", src)
		}
		items = []lua.LValue{v}
	case *lua.LTable:
		n := v.Len()
		for i := 1; i <= n; i++ {
			items = append(items, v.RawGetInt(i))
		}
	default:
		rt.ArgTypeError(L, "iterable", "an Iterable", src)
	}
	opts := rt.OptTable(L, 2, "options")
	obj := rt.OptBoolField(L, opts, "objectMode", true)
	s := rt.newStream(true, false, obj, false, rt.hwmOption(L, opts, "highWaterMark", -1), 0)
	i := 0
	s.hooks.read = func(s *Stream, n int) {
		for {
			if i >= len(items) {
				s.addChunk(chunk{}, true)
				return
			}
			v := items[i]
			i++
			if !s.pushValue(v, "") {
				return
			}
		}
	}
	L.Push(rt.NewObject(readableClass, s))
	return 1
}

func openStream(rt *Runtime) (lua.LValue, error) {
	L := rt.L
	m := L.NewTable()
	for _, kind := range []string{"Readable", "Writable", "Duplex", "Transform", "PassThrough"} {
		kind := kind
		cls := L.NewTable()
		ctor := L.NewFunction(func(L *lua.LState) int {
			if L.Get(1) == cls { // stream.Readable:new{...}
				L.Remove(1)
			}
			L.Push(rt.newLuaStream(L, kind, rt.OptTable(L, 1, "options")))
			return 1
		})
		cls.RawSetString("new", ctor)
		cls.RawSetString("name", lua.LString(kind))
		if kind == "Readable" {
			cls.RawSetString("from", L.NewFunction(rt.readableFrom))
		}
		meta := L.NewTable()
		meta.RawSetString("__call", L.NewFunction(func(L *lua.LState) int {
			L.Remove(1)
			L.Push(rt.newLuaStream(L, kind, rt.OptTable(L, 1, "options")))
			return 1
		}))
		L.SetMetatable(cls, meta)
		m.RawSetString(kind, cls)
	}
	m.RawSetString("Stream", m.RawGetString("Readable"))
	m.RawSetString("pipeline", L.NewFunction(func(L *lua.LState) int {
		top := L.GetTop()
		cb, ok := L.Get(top).(*lua.LFunction)
		if !ok {
			rt.ArgTypeError(L, ".streams[stream.length - 1]", "of type function", L.Get(top))
		}
		var streams []lua.LValue
		if t, ok := L.Get(1).(*lua.LTable); ok && top == 2 && t.Len() > 0 && L.GetMetatable(t) == lua.LNil {
			for i := 1; i <= t.Len(); i++ {
				streams = append(streams, t.RawGetInt(i))
			}
		} else {
			for i := 1; i < top; i++ {
				streams = append(streams, L.Get(i))
			}
		}
		if len(streams) < 2 {
			rt.ThrowCode(L, "TypeError", ErrMissingArgs, "The \"streams\" argument must be specified")
		}
		for i, st := range streams {
			switch st.(type) {
			case *lua.LUserData, *lua.LTable:
			default:
				rt.ArgTypeError(L, fmt.Sprintf("streams[%d]", i), "an instance of Stream", st)
			}
		}
		rt.pipeline(streams, cb)
		L.Push(streams[len(streams)-1])
		return 1
	}))
	m.RawSetString("finished", L.NewFunction(func(L *lua.LState) int {
		st := L.Get(1)
		switch st.(type) {
		case *lua.LUserData, *lua.LTable:
		default:
			rt.ArgTypeError(L, "stream", "an instance of ReadableStream, WritableStream, or Stream", st)
		}
		opts, cbIdx := (*lua.LTable)(nil), 2
		if t, ok := L.Get(2).(*lua.LTable); ok {
			opts, cbIdx = t, 3
		}
		cb := rt.CheckFunction(L, cbIdx, "callback")
		var optR, optW *bool
		if v, ok := optField(opts, "readable").(lua.LBool); ok {
			b := bool(v)
			optR = &b
		}
		if v, ok := optField(opts, "writable").(lua.LBool); ok {
			b := bool(v)
			optW = &b
		}
		withErr := optField(opts, "error") != lua.LFalse
		cleanup := rt.eos(st, optR, optW, withErr, func(err lua.LValue) {
			if isErr(err) {
				rt.Call(cb, err)
			} else {
				rt.Call(cb)
			}
		})
		L.Push(L.NewFunction(func(L *lua.LState) int { cleanup(); return 0 }))
		return 1
	}))
	return m, nil
}

func init() { Register(Module{Name: "stream", Open: openStream}) }
