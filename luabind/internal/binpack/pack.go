package binpack

import (
	"math"
)

// Source hands Pack the value for the n-th data argument (1-based, after
// the format): an integer, a float or a string, as the option asks. Its
// errors (a wrong type) are reported as they are.
type Source interface {
	Int(n int) (int64, error)
	Float(n int) (float64, error)
	String(n int) (string, error)
}

// Pack is string.pack(fmt, ...): it reads the values from src.
func Pack(format string, src Source) ([]byte, error) {
	p := newParser(format)
	var out []byte
	arg := 0
	for p.more() {
		o, err := p.next()
		if err != nil {
			return nil, err
		}
		for i := 0; i < o.toAlign; i++ {
			out = append(out, 0)
		}
		p.total += o.toAlign
		if o.kind != kNop && o.kind != kPadding && o.kind != kPadAlign {
			arg++
		}
		if out, err = packOne(p, o, out, src, arg); err != nil {
			return nil, err
		}
		p.total = len(out)
	}
	return out, nil
}

func packOne(p *parser, o option, out []byte, src Source, arg int) ([]byte, error) {
	switch o.kind {
	case kInt, kUint:
		v, err := src.Int(arg)
		if err != nil {
			return nil, err
		}
		if err := checkRange(o, v, arg); err != nil {
			return nil, err
		}
		return appendInt(out, uint64(v), o.size, p.little, v < 0), nil
	case kFloat:
		v, err := src.Float(arg)
		if err != nil {
			return nil, err
		}
		return p.order().AppendUint32(out, math.Float32bits(float32(v))), nil
	case kDouble:
		v, err := src.Float(arg)
		if err != nil {
			return nil, err
		}
		return p.order().AppendUint64(out, math.Float64bits(v)), nil
	case kChar:
		s, err := src.String(arg)
		if err != nil {
			return nil, err
		}
		if len(s) > o.size {
			return nil, &Error{Arg: arg + 1, Msg: "string longer than given size"}
		}
		out = append(out, s...)
		return append(out, make([]byte, o.size-len(s))...), nil
	case kString:
		s, err := src.String(arg)
		if err != nil {
			return nil, err
		}
		if o.size < 8 && uint64(len(s)) >= 1<<(8*uint(o.size)) {
			return nil, &Error{Arg: arg + 1, Msg: "string length does not fit in given size"}
		}
		out = appendInt(out, uint64(len(s)), o.size, p.little, false)
		return append(out, s...), nil
	case kZstr:
		s, err := src.String(arg)
		if err != nil {
			return nil, err
		}
		for i := 0; i < len(s); i++ {
			if s[i] == 0 {
				return nil, &Error{Arg: arg + 1, Msg: "string contains zeros"}
			}
		}
		return append(append(out, s...), 0), nil
	case kPadding:
		return append(out, 0), nil
	}
	return out, nil
}

// checkRange is Lua 5.3's overflow check for sizes under 8 bytes.
func checkRange(o option, v int64, arg int) error {
	if o.size >= 8 {
		return nil
	}
	bits := uint(8 * o.size)
	if o.kind == kInt {
		lim := int64(1) << (bits - 1)
		if v < -lim || v >= lim {
			return &Error{Arg: arg + 1, Msg: "integer overflow"}
		}
		return nil
	}
	if uint64(v) >= uint64(1)<<bits {
		return &Error{Arg: arg + 1, Msg: "unsigned overflow"}
	}
	return nil
}

// appendInt writes the low size bytes of v, sign-extending past 8 bytes.
func appendInt(out []byte, v uint64, size int, little, neg bool) []byte {
	b := make([]byte, size)
	for i := 0; i < size; i++ {
		var byt byte
		if i < 8 {
			byt = byte(v >> (8 * uint(i)))
		} else if neg {
			byt = 0xff
		}
		if little {
			b[i] = byt
		} else {
			b[size-1-i] = byt
		}
	}
	return append(out, b...)
}
