package luabind

import (
	lua "github.com/yuin/gopher-lua"
)

// readable:setFraming(spec[, options]) on any byte stream (a file stream,
// a Readable, process.stdin), as on a socket: 'data' and read() give one
// whole message each, cut in Go. The readable side then holds messages,
// as an object-mode stream does (16 of them before push says stop);
// setFraming(nil) turns it back into a byte stream, the unparsed rest
// first.

// framedHWM is how many messages a framed stream holds before push()
// asks for a pause: Node's object-mode default.
const framedHWM = 16

// streamFraming is a readable side's framing state.
type streamFraming struct {
	f       *socketFramer
	byteHWM int // the high-water mark to restore without framing
}

func streamSetFraming(rt *Runtime, L *lua.LState) int {
	s := selfR(rt, L, "setFraming")
	r := s.r
	spec := L.Get(2)
	old := s.framing
	if spec == lua.LNil {
		if old == nil {
			return chain(L)
		}
		s.framing = nil
		r.objectMode, r.hwm = false, old.byteHWM
		if rest := old.f.dec.Pending(); len(rest) > 0 {
			r.buf = append(r.buf, chunk{b: rest})
			r.length += len(rest)
		}
		return chain(L)
	}
	if r.objectMode && old == nil {
		rt.ThrowCode(L, "Error", "ERR_INVALID_STATE", "setFraming() cuts bytes into messages, and this stream is in object mode")
	}
	f := rt.framerFor(L, spec, rt.OptTable(L, 3, "options"), false)
	if old != nil {
		f.dec.Write(old.f.dec.Pending())
		s.framing = &streamFraming{f: f, byteHWM: old.byteHWM}
		return chain(L)
	}
	s.framing = &streamFraming{f: f, byteHWM: r.hwm}
	// What is buffered already is cut the new way.
	held := r.buf
	r.buf, r.length = nil, 0
	r.objectMode, r.hwm = true, framedHWM
	for _, c := range held {
		f.dec.Write(c.b)
	}
	s.cutFrames(false)
	return chain(L)
}

// framedChunk feeds pushed bytes to the framer and adds each whole message.
func (s *Stream) framedChunk(b []byte) {
	s.framing.f.dec.Write(b)
	if s.cutFrames(false) == 0 {
		s.maybeReadMore() // no whole message yet: read on, as for a partial character
	}
}

// cutFrames adds every whole message the framer holds; atEOF lets a last
// line without its end out, or makes a cut message an error. A malformed
// or oversized message destroys the stream with the framing error.
func (s *Stream) cutFrames(atEOF bool) (n int) {
	for ; s.framing != nil && !s.destroyed; n++ {
		frame, ok, err := s.framing.f.dec.Next(atEOF)
		if err != nil {
			s.errorOrDestroy(s.rt.framingError(err), false)
			return n
		}
		if !ok {
			return n
		}
		v := s.framing.f.conv(frame)
		if atEOF {
			s.r.buf = append(s.r.buf, chunk{v: v})
			s.r.length++
			continue
		}
		s.addChunk2(chunk{v: v})
	}
	return n
}
