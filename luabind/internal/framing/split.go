package framing

import (
	"bytes"
	"encoding/binary"
	"fmt"
)

// Lines splits at "\n" and drops a "\r" before it. At EOF a last line
// without "\n" is a frame too, as Node's readline gives it. It remembers
// how far it has looked, so a long line arriving in many reads is scanned
// once, not once per read: one Lines per Decoder.
type Lines struct{ scanned int }

// Split implements Splitter.
func (l *Lines) Split(buf []byte, atEOF bool) (int, any, error) {
	i := bytes.IndexByte(buf[l.scanned:], '\n')
	if i < 0 {
		if atEOF {
			l.scanned = 0
			return len(buf), copyBytes(trimCR(buf)), nil
		}
		l.scanned = len(buf)
		return 0, nil, nil
	}
	i += l.scanned
	l.scanned = 0
	return i + 1, copyBytes(trimCR(buf[:i])), nil
}

func trimCR(b []byte) []byte {
	if n := len(b); n > 0 && b[n-1] == '\r' {
		return b[:n-1]
	}
	return b
}

// Delimited splits at any non-empty delimiter, which is not part of the
// frame. At EOF the tail is a last frame. Like Lines it scans each byte
// once however the reads cut it: one Delimited per Decoder.
type Delimited struct {
	Delim   []byte
	scanned int
}

// Split implements Splitter.
func (s *Delimited) Split(buf []byte, atEOF bool) (int, any, error) {
	from := s.scanned - len(s.Delim) + 1 // a delimiter may straddle the last read
	if from < 0 {
		from = 0
	}
	i := bytes.Index(buf[from:], s.Delim)
	if i < 0 {
		if atEOF {
			s.scanned = 0
			return len(buf), copyBytes(buf), nil
		}
		s.scanned = len(buf)
		return 0, nil, nil
	}
	i += from
	s.scanned = 0
	return i + len(s.Delim), copyBytes(buf[:i]), nil
}

// LengthPrefixed reads frames behind a 1, 2 or 4 byte unsigned length
// header, big- or little-endian; the header is not part of the frame.
type LengthPrefixed struct {
	Size      int // 1, 2 or 4
	BigEndian bool
	Max       int // a header announcing more is an error at once; 0: DefaultMaxFrame
}

// Split implements Splitter.
func (s LengthPrefixed) Split(buf []byte, atEOF bool) (int, any, error) {
	if len(buf) < s.Size {
		return s.truncated(buf, atEOF)
	}
	var n uint64
	switch s.Size {
	case 1:
		n = uint64(buf[0])
	case 2:
		if s.BigEndian {
			n = uint64(binary.BigEndian.Uint16(buf))
		} else {
			n = uint64(binary.LittleEndian.Uint16(buf))
		}
	case 4:
		if s.BigEndian {
			n = uint64(binary.BigEndian.Uint32(buf))
		} else {
			n = uint64(binary.LittleEndian.Uint32(buf))
		}
	default:
		return 0, nil, &Error{Code: CodeFraming, Msg: fmt.Sprintf("bad length size %d", s.Size)}
	}
	max := s.Max
	if max <= 0 {
		max = DefaultMaxFrame
	}
	if n > uint64(max) { // no use waiting for what may not be kept
		return 0, nil, &Error{Code: CodeTooLarge, Msg: fmt.Sprintf("frame of %d bytes announced (at most %d)", n, max)}
	}
	total := uint64(s.Size) + n
	if uint64(len(buf)) < total {
		return s.truncated(buf, atEOF)
	}
	return int(total), copyBytes(buf[s.Size:total]), nil
}

func (s LengthPrefixed) truncated(buf []byte, atEOF bool) (int, any, error) {
	if atEOF {
		return 0, nil, &Error{Code: CodeFraming, Msg: "stream ended inside a frame"}
	}
	return 0, nil, nil
}

// Fixed cuts frames of exactly N bytes. At EOF a shorter tail is an error.
type Fixed struct{ N int }

// Split implements Splitter.
func (s Fixed) Split(buf []byte, atEOF bool) (int, any, error) {
	if len(buf) < s.N {
		if atEOF {
			return 0, nil, &Error{Code: CodeFraming, Msg: "stream ended inside a frame"}
		}
		return 0, nil, nil
	}
	return s.N, copyBytes(buf[:s.N]), nil
}

func copyBytes(b []byte) []byte { return append(make([]byte, 0, len(b)), b...) }
