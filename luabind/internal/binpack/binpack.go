// Package binpack is Lua 5.3's string.pack format language for netsh,
// whose Lua (5.1) has none: endianness, integer sizes, floats, fixed,
// zero-terminated and length-prefixed strings, padding and alignment. It
// works on Go values; luabind reads and pushes the Lua ones.
package binpack

import (
	"encoding/binary"
	"fmt"
	"math"
)

// kind is what one format option packs.
type kind int

const (
	kInt kind = iota
	kUint
	kFloat // 4 bytes
	kDouble
	kChar    // cN: a fixed-size string
	kString  // sN: a length-prefixed string
	kZstr    // z: a zero-terminated string
	kPadding // x
	kPadAlign
	kNop
)

// option is one parsed item of a format.
type option struct {
	kind    kind
	size    int
	toAlign int // padding bytes before the item
}

// Error is a format or data error worded as Lua 5.3 words it. Arg is the
// argument it concerns (1 for the format); 0 means a plain error.
type Error struct {
	Arg int
	Msg string
}

// Error returns the message as Lua 5.3 words it.
func (e *Error) Error() string { return e.Msg }

const maxIntSize = 16

// nativeAlign is Lua 5.3's native maximum alignment on 64-bit platforms.
const nativeAlign = 8

type parser struct {
	fmt      string
	pos      int
	little   bool
	maxAlign int
	total    int
}

func newParser(f string) *parser { return &parser{fmt: f, little: true, maxAlign: 1} }

func (p *parser) digits() (int, bool) {
	if p.pos >= len(p.fmt) || p.fmt[p.pos] < '0' || p.fmt[p.pos] > '9' {
		return 0, false
	}
	n := 0
	for p.pos < len(p.fmt) && p.fmt[p.pos] >= '0' && p.fmt[p.pos] <= '9' && n < 1e8 {
		n = n*10 + int(p.fmt[p.pos]-'0')
		p.pos++
	}
	return n, true
}

func (p *parser) intSize(def int) (int, error) {
	n, ok := p.digits()
	if !ok {
		return def, nil
	}
	if n < 1 || n > maxIntSize {
		return 0, &Error{Msg: fmt.Sprintf("integral size (%d) out of limits [1,%d]", n, maxIntSize)}
	}
	return n, nil
}

// raw reads one option without alignment: its kind and size.
func (p *parser) raw() (kind, int, error) {
	c := p.fmt[p.pos]
	p.pos++
	switch c {
	case 'b':
		return kInt, 1, nil
	case 'B':
		return kUint, 1, nil
	case 'h':
		return kInt, 2, nil
	case 'H':
		return kUint, 2, nil
	case 'l', 'j':
		return kInt, 8, nil
	case 'L', 'J', 'T':
		return kUint, 8, nil
	case 'f':
		return kFloat, 4, nil
	case 'd', 'n':
		return kDouble, 8, nil
	case 'i':
		n, err := p.intSize(4)
		return kInt, n, err
	case 'I':
		n, err := p.intSize(4)
		return kUint, n, err
	case 's':
		n, err := p.intSize(8)
		return kString, n, err
	case 'c':
		n, ok := p.digits()
		if !ok {
			return 0, 0, &Error{Msg: "missing size for format option 'c'"}
		}
		return kChar, n, nil
	case 'z':
		return kZstr, 0, nil
	case 'x':
		return kPadding, 1, nil
	case 'X':
		return kPadAlign, 0, nil
	case ' ':
		return kNop, 0, nil
	case '<', '=':
		p.little = true
		return kNop, 0, nil
	case '>':
		p.little = false
		return kNop, 0, nil
	case '!':
		n, err := p.intSize(nativeAlign)
		p.maxAlign = n
		return kNop, 0, err
	}
	return 0, 0, &Error{Msg: fmt.Sprintf("invalid format option '%c'", c)}
}

// next reads the next option with the padding that aligns it.
func (p *parser) next() (option, error) {
	k, size, err := p.raw()
	if err != nil {
		return option{}, err
	}
	align := size
	if k == kPadAlign {
		if p.pos >= len(p.fmt) {
			return option{}, &Error{Arg: 1, Msg: "invalid next option for option 'X'"}
		}
		nk, nsize, err := p.raw()
		if err != nil {
			return option{}, err
		}
		if nk == kChar || nsize == 0 {
			return option{}, &Error{Arg: 1, Msg: "invalid next option for option 'X'"}
		}
		align = nsize
	}
	o := option{kind: k, size: size}
	if k == kPadAlign {
		o.size = 0
	}
	if align > 1 && k != kChar {
		if align > p.maxAlign {
			align = p.maxAlign
		}
		if align&(align-1) != 0 {
			return option{}, &Error{Arg: 1, Msg: "format asks for alignment not power of 2"}
		}
		o.toAlign = (align - p.total&(align-1)) & (align - 1)
	}
	return o, nil
}

func (p *parser) more() bool { return p.pos < len(p.fmt) }

// byteOrder is what packing and unpacking need of an endianness.
type byteOrder interface {
	binary.ByteOrder
	binary.AppendByteOrder
}

func (p *parser) order() byteOrder {
	if p.little {
		return binary.LittleEndian
	}
	return binary.BigEndian
}

// Size is string.packsize: the length of what fmt packs, which must not
// have variable-length options.
func Size(format string) (int, error) {
	p := newParser(format)
	for p.more() {
		o, err := p.next()
		if err != nil {
			return 0, err
		}
		if o.kind == kString || o.kind == kZstr {
			return 0, &Error{Arg: 1, Msg: "variable-length format"}
		}
		p.total += o.toAlign + o.size
		if p.total > math.MaxInt32 {
			return 0, &Error{Arg: 1, Msg: "format result too large"}
		}
	}
	return p.total, nil
}
