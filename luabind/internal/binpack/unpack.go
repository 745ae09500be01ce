package binpack

import (
	"fmt"
	"math"
)

// Unpack is string.unpack(fmt, data, pos): the values (int64, float64 or
// string) and the 1-based position after the last byte read. pos is
// 1-based; a negative pos counts from the end, as Lua's does.
func Unpack(format string, data []byte, pos int) ([]any, int, error) {
	if pos < 0 {
		pos = len(data) + pos + 1
		if pos < 1 {
			pos = 1
		}
	}
	if pos < 1 || pos-1 > len(data) {
		return nil, 0, &Error{Arg: 3, Msg: "initial position out of string"}
	}
	p := newParser(format)
	off := pos - 1
	p.total = off
	var vals []any
	for p.more() {
		o, err := p.next()
		if err != nil {
			return nil, 0, err
		}
		if o.toAlign+o.size > len(data)-off && o.kind != kZstr {
			return nil, 0, &Error{Arg: 2, Msg: "data string too short"}
		}
		off += o.toAlign
		v, n, err := unpackOne(p, o, data[off:])
		if err != nil {
			return nil, 0, err
		}
		if v != nil {
			vals = append(vals, v)
		}
		off += n
		p.total = off
	}
	return vals, off + 1, nil
}

func unpackOne(p *parser, o option, b []byte) (any, int, error) {
	switch o.kind {
	case kInt, kUint:
		v, err := readInt(b[:o.size], p.little, o.kind == kInt)
		return v, o.size, err
	case kFloat:
		return float64(math.Float32frombits(p.order().Uint32(b))), 4, nil
	case kDouble:
		return math.Float64frombits(p.order().Uint64(b)), 8, nil
	case kChar:
		return string(b[:o.size]), o.size, nil
	case kString:
		n, err := readInt(b[:o.size], p.little, false)
		if err != nil {
			return nil, 0, err
		}
		if uint64(n) > uint64(len(b)-o.size) {
			return nil, 0, &Error{Arg: 2, Msg: "data string too short"}
		}
		return string(b[o.size : o.size+int(n)]), o.size + int(n), nil
	case kZstr:
		for i, c := range b {
			if c == 0 {
				return string(b[:i]), i + 1, nil
			}
		}
		return nil, 0, &Error{Arg: 2, Msg: "unfinished string for format 'z'"}
	case kPadding:
		return nil, 1, nil
	}
	return nil, 0, nil
}

// readInt reads a size-byte integer; past 8 bytes the extra bytes must be
// the sign extension, as Lua 5.3 requires.
func readInt(b []byte, little, signed bool) (int64, error) {
	size := len(b)
	at := func(i int) byte {
		if little {
			return b[i]
		}
		return b[size-1-i]
	}
	var v uint64
	for i := 0; i < size && i < 8; i++ {
		v |= uint64(at(i)) << (8 * uint(i))
	}
	if size < 8 {
		if signed {
			shift := 64 - 8*uint(size)
			return int64(v<<shift) >> shift, nil
		}
		return int64(v), nil
	}
	if size > 8 {
		var ext byte
		if signed && int64(v) < 0 {
			ext = 0xff
		}
		for i := 8; i < size; i++ {
			if at(i) != ext {
				return 0, &Error{Msg: fmt.Sprintf("%d-byte integer does not fit into Lua Integer", size)}
			}
		}
	}
	return int64(v), nil
}
