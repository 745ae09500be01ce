package luabind

import (
	"bytes"
	"strconv"
	"strings"
	"unsafe"

	lua "github.com/yuin/gopher-lua"

	"github.com/netsh/netsh/luabind/internal/framing"
	"github.com/netsh/netsh/luabind/internal/luapat"
)

// Sequential reads: sock:receive([n|'*l'|'*a'][, ms]),
// sock:receiveuntil(delim[, ms]) and sock:expect(pattern[, ms]) return
// what arrived, waiting in a task when it has not arrived yet. They read
// what a paused socket holds (the same bytes read() would see, bounded by
// the same high-water mark, so a peer that sends without end is pushed
// back on); a socket with setFraming returns its next frame. A socket
// once read this way raises its error from the next receive instead of
// emitting an unhandled 'error'.

// recvMax bounds what one line, delimited piece, pattern search or '*a'
// may gather: the framing limit.
const recvMax = framing.DefaultMaxFrame

type recvKind int

const (
	recvChunk  recvKind = iota // the next chunk or frame
	recvBytes                  // exactly n bytes
	recvLine                   // '*l'
	recvAll                    // '*a'
	recvUntil                  // receiveuntil(delim)
	recvExpect                 // expect(pattern)
)

// recvOp is one sequential read; a waiting one is the socket's recv.
type recvOp struct {
	kind    recvKind
	n       int
	delim   []byte
	pattern string
	scanned int // bytes of the held text already searched for the delimiter
	w       *taskWait
}

func socketReceive(rt *Runtime, L *lua.LState) int {
	s := selfSocket(rt, L, "receive")
	op := &recvOp{kind: recvChunk}
	switch v := L.Get(2).(type) {
	case *lua.LNilType:
	case lua.LNumber:
		if v < 0 || float64(v) != float64(int(v)) || int(v) > recvMax {
			rt.OutOfRange(L, "n", "an integer from 0 to "+strconv.Itoa(recvMax), v)
		}
		op.kind, op.n = recvBytes, int(v)
	case lua.LString:
		switch v {
		case "*l", "l", "*L":
			op.kind = recvLine
		case "*a", "a":
			op.kind = recvAll
		default:
			rt.ThrowCode(L, "TypeError", ErrInvalidArgValue, "The argument 'pattern' must be a number of bytes, '*l' or '*a'. Received '"+string(v)+"'")
		}
	default:
		rt.ArgTypeError(L, "pattern", "a number of bytes, '*l' or '*a'", v)
	}
	return s.receive(L, op, "sock:receive()", 3)
}

func socketReceiveUntil(rt *Runtime, L *lua.LState) int {
	s := selfSocket(rt, L, "receiveuntil")
	d := rt.CheckString(L, 2, "delimiter")
	if d == "" {
		rt.ThrowCode(L, "TypeError", ErrInvalidArgValue, "The argument 'delimiter' must be a non-empty string")
	}
	return s.receive(L, &recvOp{kind: recvUntil, delim: []byte(d)}, "sock:receiveuntil()", 3)
}

func socketExpect(rt *Runtime, L *lua.LState) int {
	s := selfSocket(rt, L, "expect")
	p := rt.CheckString(L, 2, "pattern")
	var m luapat.Matcher
	if err := luapat.Do(func() { m.Find("", p, 0) }); err != nil {
		rt.ThrowCode(L, "TypeError", ErrInvalidArgValue, "The argument 'pattern' is not a valid Lua pattern: "+err.Error())
	}
	return s.receive(L, &recvOp{kind: recvExpect, pattern: p}, "sock:expect()", 3)
}

// receive answers op now if it can, else waits in the task (at most ms
// milliseconds, the optional argument at msArg).
func (s *Socket) receive(L *lua.LState, op *recvOp, what string, msArg int) int {
	rt := s.rt
	ms := rt.checkWaitMs(L, msArg, "ms", true)
	if s.framer != nil && op.kind != recvChunk {
		rt.ThrowCode(L, "Error", "ERR_INVALID_STATE", what+" with a pattern reads raw bytes, and this socket has setFraming: call receive() for frames, or setFraming(nil) first")
	}
	if s.flowing == flowOn {
		rt.ThrowCode(L, "Error", "ERR_INVALID_STATE", what+" reads a paused socket, and this one flows to its 'data' listeners: pause() it or remove them")
	}
	if s.recv != nil {
		rt.ThrowCode(L, "Error", "ERR_INVALID_STATE", what+": another task is already receiving on this socket")
	}
	s.taskOwned = true
	if vals, err, ok := s.tryReceive(op); ok {
		if err != nil {
			L.Error(err, 0)
		}
		for _, v := range vals {
			L.Push(v)
		}
		return len(vals)
	}
	w := rt.beginWait(L, what)
	op.w = w
	s.recv = op
	w.onSettle(func() {
		if s.recv == op {
			s.recv = nil
		}
	})
	if ms >= 0 {
		tm := rt.loop.AddTimer(ms, 0, func() {
			var got lua.LValue = lua.LString("")
			if len(s.held) > 0 {
				got = lua.LString(s.coalesceHeld())
			}
			w.reject(rt.timeoutError(what, got))
		})
		w.onSettle(func() { tm.Stop() })
	}
	s.wantMore()
	return L.Yield()
}

// pollReceive answers a waiting receive once what it needs is held, the
// socket ended or it failed. Called whenever any of those happens.
func (s *Socket) pollReceive() {
	op := s.recv
	if op == nil {
		return
	}
	vals, err, ok := s.tryReceive(op)
	if !ok {
		s.wantMore()
		return
	}
	s.recv = nil
	if err != nil {
		op.w.reject(err)
		return
	}
	op.w.resolve(vals...)
}

// tryReceive takes what op asks for from what is held: the values to
// return, or the error to raise, and whether it could answer at all.
func (s *Socket) tryReceive(op *recvOp) ([]lua.LValue, lua.LValue, bool) {
	if s.recvErr != nil {
		return nil, s.recvErr, true
	}
	ended := s.eof || s.destroyed
	if s.framer != nil {
		return s.receiveFrame()
	}
	var vals []lua.LValue
	switch op.kind {
	case recvChunk:
		if len(s.held) > 0 {
			vals = []lua.LValue{lua.LString(s.takeFirst().data)}
		}
	case recvBytes:
		if s.heldLen >= op.n {
			vals = []lua.LValue{s.takeString(op.n)}
		} else if ended && s.heldLen > 0 {
			vals = []lua.LValue{lua.LNil, s.takeString(s.heldLen)} // nil and the partial rest, as LuaSocket
		}
	case recvAll:
		if ended {
			vals = []lua.LValue{s.takeString(s.heldLen)}
		} else if s.heldLen >= recvMax {
			return nil, s.receiveTooLarge("'*a'"), true
		}
	default:
		return s.receiveSearch(op, ended)
	}
	if vals != nil {
		s.afterReceive()
		return vals, nil, true
	}
	if ended {
		return []lua.LValue{lua.LNil}, nil, true
	}
	if op.kind == recvBytes && op.n > s.readHWM {
		s.readHWM = newHWM(op.n) // as read(n) raises it: n bytes must fit
	}
	s.coalesceHeld() // many small chunks must not count as a full hold
	return nil, nil, false
}

// receiveSearch answers a line, a receiveuntil or an expect from the held
// text, gathered into one piece.
func (s *Socket) receiveSearch(op *recvOp, ended bool) ([]lua.LValue, lua.LValue, bool) {
	data := s.coalesceHeld()
	switch op.kind {
	case recvLine, recvUntil:
		delim := op.delim
		if op.kind == recvLine {
			delim = []byte{'\n'}
		}
		from := max(op.scanned-len(delim)+1, 0)
		if i := bytes.Index(data[from:], delim); i >= 0 {
			i += from
			line := data[:i]
			if op.kind == recvLine && i > 0 && line[i-1] == '\r' {
				line = line[:i-1]
			}
			v := lua.LString(line)
			s.takeString(i + len(delim))
			s.afterReceive()
			return []lua.LValue{v}, nil, true
		}
		op.scanned = len(data)
		if ended && len(data) > 0 { // a last line without its end, as 'line' framing gives it
			v := s.takeString(len(data))
			if op.kind == recvLine && len(v) > 0 && v[len(v)-1] == '\r' {
				v = v[:len(v)-1]
			}
			s.afterReceive()
			return []lua.LValue{v}, nil, true
		}
	case recvExpect:
		if vals, end := expectMatch(op.pattern, data); end >= 0 {
			s.takeString(end)
			s.afterReceive()
			return vals, nil, true
		}
		if ended {
			var rest lua.LValue = lua.LNil
			if len(data) > 0 {
				rest = lua.LString(data)
			}
			return []lua.LValue{lua.LNil, rest}, nil, true
		}
	}
	if ended {
		return []lua.LValue{lua.LNil}, nil, true
	}
	if len(data) >= recvMax {
		return nil, s.receiveTooLarge("a search"), true
	}
	if len(data) >= s.readHWM {
		s.readHWM = newHWM(2 * len(data)) // keep reading: the end may be near
	}
	return nil, nil, false
}

// expectMatch searches the held bytes for pattern, as string.match: the
// captures (the whole match when it has none) and where the match ends,
// or -1. The bytes are matched in place; what is returned is copied.
func expectMatch(pattern string, data []byte) ([]lua.LValue, int) {
	if len(data) == 0 {
		data = []byte{} // unsafe.String needs a pointer, even for nothing
	}
	src := unsafe.String(unsafe.SliceData(data), len(data))
	m := getMatcher()
	defer putMatcher(m)
	var start, end int
	if luapat.Do(func() { start, end = m.Find(src, pattern, 0) }) != nil || start < 0 {
		return nil, -1 // the pattern was checked when expect was called
	}
	if m.Level() == 0 {
		return []lua.LValue{lua.LString(strings.Clone(src[start:end]))}, end
	}
	vals := make([]lua.LValue, m.Level())
	for i := range vals {
		c := m.Caps[i]
		switch {
		case c.Len == luapat.Position:
			vals[i] = lua.LNumber(c.Start + 1)
		case c.Len >= 0:
			vals[i] = lua.LString(strings.Clone(src[c.Start : c.Start+c.Len]))
		default:
			vals[i] = lua.LNil // a capture the pattern never closed
		}
	}
	return vals, end
}

// receiveFrame is receive() on a framed socket: the next whole frame, nil
// once the stream ended; a malformed frame destroys the socket with the
// framing error, which is raised.
func (s *Socket) receiveFrame() ([]lua.LValue, lua.LValue, bool) {
	ended := s.eof || s.destroyed
	for {
		// Held chunks go to the framer one at a time, only while it has no
		// whole frame: a slow reader then holds at most the high-water
		// mark and one chunk, however small the frames.
		frame, ok, err := s.framer.dec.Next(ended && len(s.held) == 0)
		if err != nil {
			fe := s.rt.framingError(err)
			s.destroy(fe)
			return nil, fe, true
		}
		if ok {
			v := s.framer.conv(frame)
			s.afterReceive()
			return []lua.LValue{v}, nil, true
		}
		if len(s.held) == 0 {
			break
		}
		s.framer.dec.Write(s.takeFirst().data)
	}
	if ended {
		return []lua.LValue{lua.LNil}, nil, true
	}
	return nil, nil, false
}

func (s *Socket) receiveTooLarge(what string) *lua.LTable {
	return s.rt.NewError("RangeError", framing.CodeTooLarge, "sock:receive(): "+what+" gathered "+strconv.Itoa(recvMax)+" bytes without an end")
}

// takeString takes n held bytes as a Lua string.
func (s *Socket) takeString(n int) lua.LString {
	if n == 0 {
		return ""
	}
	return lua.LString(s.take(n).data)
}

// afterReceive keeps the reading going, or ends the readable side once
// the last byte before the peer's FIN was taken, as read() does.
func (s *Socket) afterReceive() {
	if s.eof {
		if len(s.held) == 0 {
			s.endSoon()
		}
		return
	}
	s.wantMore()
}

// coalesceHeld gathers what is held into one owned piece, so a search
// sees it whole; later chunks are appended to it in place.
func (s *Socket) coalesceHeld() []byte {
	if len(s.held) == 0 {
		return nil
	}
	first := s.held[0]
	if len(s.held) == 1 && first.owned {
		return first.data
	}
	buf := first.data
	if !first.owned {
		buf = make([]byte, 0, max(2*s.heldLen, 4096))
		buf = append(buf, first.data...)
	}
	for i, r := range s.held[1:] {
		buf = append(buf, r.data...)
		s.held[i+1] = readResult{}
	}
	s.held[0] = readResult{data: buf, text: first.text, owned: true}
	s.held = s.held[:1]
	return buf
}
