// Package framing cuts a byte stream into messages: lines, delimited
// records, length-prefixed and fixed-size frames, RESP values and HTTP/1
// messages. It is pure Go with no Lua, so the parsing a protocol script
// would otherwise do byte by byte in interpreted Lua runs here, and the
// unparsed tail between reads stays in Go.
package framing

import (
	"fmt"
)

// DefaultMaxFrame bounds one frame, so a peer that never ends a message
// cannot make netsh buffer without limit.
const DefaultMaxFrame = 16 << 20

// Error codes, as Node-style error objects carry them.
const (
	CodeFraming  = "ERR_FRAMING"
	CodeTooLarge = "ERR_FRAME_TOO_LARGE"
)

// Error is a malformed or oversized frame, with the offset in the stream
// where it was found.
type Error struct {
	Code   string
	Offset int64
	Msg    string
}

// Error returns the message with the offset in the stream.
func (e *Error) Error() string { return fmt.Sprintf("%s at byte %d", e.Msg, e.Offset) }

// Splitter finds the next frame at the start of buf. It returns how many
// bytes the frame took and the frame, or n == 0 when buf holds no whole
// frame yet. atEOF says no more bytes will come: a splitter may then
// return the tail as a last frame. An error's offset is relative to buf.
type Splitter interface {
	Split(buf []byte, atEOF bool) (n int, frame any, err error)
}

// Decoder keeps the bytes that do not yet make a frame and hands out
// frames in order. It is not safe for concurrent use.
type Decoder struct {
	split    Splitter
	max      int
	buf      []byte
	off      int   // start of the unparsed bytes in buf
	consumed int64 // bytes before buf[0], for error offsets
	err      error
}

// NewDecoder returns a decoder using s; max <= 0 means DefaultMaxFrame.
func NewDecoder(s Splitter, max int) *Decoder {
	if max <= 0 {
		max = DefaultMaxFrame
	}
	return &Decoder{split: s, max: max}
}

// Write appends p (copied) to the pending bytes.
func (d *Decoder) Write(p []byte) {
	if d.off > 0 && d.off == len(d.buf) {
		d.consumed += int64(d.off)
		d.buf, d.off = d.buf[:0], 0
	}
	d.buf = append(d.buf, p...)
}

// Next returns the next whole frame, or ok == false when more bytes are
// needed. After an error every call returns it again. A splitter may hand
// out a frame without consuming bytes (HTTP's Expect: 100-continue head);
// it must then not do so again for the same bytes.
func (d *Decoder) Next(atEOF bool) (frame any, ok bool, err error) {
	if d.err != nil {
		return nil, false, d.err
	}
	for {
		frame, n, err := d.next(atEOF)
		if err != nil || frame != nil || n == 0 {
			return frame, frame != nil, err
		}
		// Bytes consumed without a frame (blank lines between HTTP
		// messages): look again.
	}
}

// next runs the splitter once: the frame, if any, and the bytes it took.
func (d *Decoder) next(atEOF bool) (any, int, error) {
	rest := d.buf[d.off:]
	if len(rest) == 0 {
		return nil, 0, nil
	}
	n, f, err := d.split.Split(rest, atEOF)
	if err != nil {
		if fe, isFE := err.(*Error); isFE {
			fe.Offset += d.consumed + int64(d.off)
		}
		d.err = err
		return nil, 0, err
	}
	if n == 0 {
		if f != nil { // a look ahead (a request's head before its body): nothing consumed
			return f, 0, nil
		}
		if len(rest) > d.max {
			d.err = d.tooLarge()
			return nil, 0, d.err
		}
		d.compact()
		return nil, 0, nil
	}
	if n > d.max {
		d.err = d.tooLarge()
		return nil, 0, d.err
	}
	d.off += n
	return f, n, nil
}

func (d *Decoder) tooLarge() error {
	return &Error{Code: CodeTooLarge, Offset: d.consumed + int64(d.off),
		Msg: fmt.Sprintf("frame larger than %d bytes", d.max)}
}

// compact moves the unparsed tail to the front once it is most of the
// buffer's garbage, so a long stream of small frames does not grow it.
func (d *Decoder) compact() {
	if d.off == 0 {
		return
	}
	d.consumed += int64(d.off)
	n := copy(d.buf, d.buf[d.off:])
	d.buf, d.off = d.buf[:n], 0
}

// Pending returns (and forgets) the bytes not yet framed: what a socket
// delivers as one raw chunk when framing is turned off.
func (d *Decoder) Pending() []byte {
	rest := append([]byte(nil), d.buf[d.off:]...)
	d.consumed += int64(len(d.buf))
	d.buf, d.off = nil, 0
	return rest
}

// Buffered is how many bytes wait for a frame.
func (d *Decoder) Buffered() int { return len(d.buf) - d.off }
