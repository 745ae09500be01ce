package dnsmsg

import (
	"encoding/binary"
	"strconv"
	"strings"
)

// headerLen is the fixed header's size.
const headerLen = 12

// decoder walks one message.
type decoder struct {
	b          []byte
	scratch    []byte     // a name's presentation form while it is read
	memo       []nameMemo // names read at pointer targets, to read them once
	noPointers bool       // RDATA read on its own: a pointer is an error
}

// nameMemo is the presentation form of the name at a pointer target.
type nameMemo struct {
	off  int
	name string
	wire int // its length on the wire, the root's zero included
}

// maxMemo bounds the memo: a hostile message's thousands of targets are
// decoded each time instead of searched for in a long list.
const maxMemo = 32

func (d *decoder) fail(off int, reason string) error {
	return &MalformedError{Offset: off, Reason: reason}
}

// Decode reads a whole message. Bytes after its last record are an error,
// as is every length that runs past the end.
func Decode(b []byte) (*Message, error) {
	m := new(Message)
	d := decoder{b: b}
	if len(b) < headerLen {
		return nil, d.fail(len(b), "the header needs 12 bytes, the message has "+strconv.Itoa(len(b)))
	}
	m.ID = binary.BigEndian.Uint16(b)
	bits := binary.BigEndian.Uint16(b[2:])
	m.Flags = Flags{
		QR: bits&0x8000 != 0, Opcode: uint8(bits>>11) & 0xF, AA: bits&0x0400 != 0,
		TC: bits&0x0200 != 0, RD: bits&0x0100 != 0, RA: bits&0x0080 != 0,
		Z: bits&0x0040 != 0, AD: bits&0x0020 != 0, CD: bits&0x0010 != 0, Rcode: uint8(bits & 0xF),
	}
	counts := [4]int{}
	for i := range counts {
		counts[i] = int(binary.BigEndian.Uint16(b[4+2*i:]))
	}
	off := headerLen
	var err error
	if m.Questions, off, err = d.questions(off, counts[0]); err != nil {
		return nil, err
	}
	sections := [3]*[]Record{&m.Answers, &m.Authorities, &m.Additionals}
	for i, sec := range sections {
		if *sec, off, err = d.records(off, counts[i+1]); err != nil {
			return nil, err
		}
	}
	if off != len(b) {
		return nil, d.fail(off, strconv.Itoa(len(b)-off)+" bytes after the last record")
	}
	return m, nil
}

// DecodeData reads one record's RDATA of type t on its own, outside a
// message (a resolver's record its own parser does not know): offsets in
// an error count from the RDATA's start, and a compressed name is an
// error, as it has no message to point into (and CAA and NAPTR forbid
// compression).
func DecodeData(t Type, rdata []byte) (Data, error) {
	d := decoder{b: rdata, noPointers: true}
	return d.rdata(t, 0, len(rdata))
}

// capFor is how many entries to allocate for a section's count: no more
// than the bytes left could hold, so a hostile count allocates nothing.
func (d *decoder) capFor(off, count, minSize int) int {
	if most := (len(d.b) - off) / minSize; count > most {
		return most
	}
	return count
}

func (d *decoder) questions(off, count int) ([]Question, int, error) {
	if count == 0 {
		return nil, off, nil
	}
	qs := make([]Question, 0, d.capFor(off, count, 5))
	for range count {
		name, next, err := d.name(off)
		if err != nil {
			return nil, 0, err
		}
		if next+4 > len(d.b) {
			return nil, 0, d.fail(len(d.b), "a question ends before its type and class")
		}
		qs = append(qs, Question{
			Name:  name,
			Type:  Type(binary.BigEndian.Uint16(d.b[next:])),
			Class: Class(binary.BigEndian.Uint16(d.b[next+2:])),
		})
		off = next + 4
	}
	return qs, off, nil
}

func (d *decoder) records(off, count int) ([]Record, int, error) {
	if count == 0 {
		return nil, off, nil
	}
	rs := make([]Record, 0, d.capFor(off, count, 11))
	for range count {
		name, next, err := d.name(off)
		if err != nil {
			return nil, 0, err
		}
		if next+10 > len(d.b) {
			return nil, 0, d.fail(len(d.b), "a record ends before its type, class, TTL and length")
		}
		r := Record{
			Name:  name,
			Type:  Type(binary.BigEndian.Uint16(d.b[next:])),
			Class: Class(binary.BigEndian.Uint16(d.b[next+2:])),
			TTL:   binary.BigEndian.Uint32(d.b[next+4:]),
		}
		n := int(binary.BigEndian.Uint16(d.b[next+8:]))
		start := next + 10
		if start+n > len(d.b) {
			return nil, 0, d.fail(next+8, "the record's data length "+strconv.Itoa(n)+" runs past the end of the message")
		}
		if r.Data, err = d.rdata(r.Type, start, start+n); err != nil {
			return nil, 0, err
		}
		rs = append(rs, r)
		off = start + n
	}
	return rs, off, nil
}

// name reads the name at off, following compression pointers; it returns
// the name and the offset after it where it is (after its first pointer,
// if it has one). A pointer must point before the place the name's last
// jump landed (before the name itself, at first), so every jump goes back
// and no cycle can loop.
func (d *decoder) name(off int) (string, int, error) {
	b := d.b
	s := d.scratch[:0]
	pos, next, limit, wire := off, -1, off, 1 // wire counts the root's zero
	var jumps [4]jump                         // the first few targets, to memoize the names there
	nj := 0
	tail := "" // a memoized name that ends this one
	for tail == "" {
		if pos >= len(b) {
			return "", 0, d.fail(pos, "a name runs past the end of the message")
		}
		c := int(b[pos])
		if c&0xC0 == 0xC0 {
			if d.noPointers {
				return "", 0, d.fail(pos, "a compressed name in data read on its own")
			}
			if pos+1 >= len(b) {
				return "", 0, d.fail(pos, "a name pointer runs past the end of the message")
			}
			ptr := (c&0x3F)<<8 | int(b[pos+1])
			if ptr >= limit {
				return "", 0, d.fail(pos, "a name pointer to byte "+strconv.Itoa(ptr)+" does not point back (a pointer loop?)")
			}
			if next < 0 {
				next = pos + 2
			}
			if m, ok := d.memoized(ptr); ok {
				if wire += m.wire - 1; wire > maxName {
					return "", 0, d.fail(pos, "a name is longer than 255 bytes")
				}
				tail = m.name
				break
			}
			if nj < len(jumps) {
				jumps[nj] = jump{ptr, len(s), wire}
				nj++
			}
			pos, limit = ptr, ptr
			continue
		}
		if c&0xC0 != 0 {
			return "", 0, d.fail(pos, "a label has the reserved type bits 0x"+strconv.FormatInt(int64(c&0xC0), 16))
		}
		if c == 0 {
			if next < 0 {
				next = pos + 1
			}
			break
		}
		if wire += 1 + c; wire > maxName {
			return "", 0, d.fail(pos, "a name is longer than 255 bytes")
		}
		if pos+1+c > len(b) {
			return "", 0, d.fail(pos, "a label runs past the end of the message")
		}
		if len(s) > 0 {
			s = append(s, '.')
		}
		s = appendLabel(s, b[pos+1:pos+1+c])
		pos += 1 + c
	}
	if tail != "" && tail != "." {
		if len(s) > 0 {
			s = append(s, '.')
		}
		s = append(s, tail...)
	}
	d.scratch = s
	name := "."
	if len(s) > 0 {
		name = string(s)
	}
	d.rememberJumps(jumps[:nj], name, wire)
	return name, next, nil
}

// rememberJumps memoizes, at each pointer target a name jumped to, the
// rest of the name from there (wire is the whole name's wire length).
func (d *decoder) rememberJumps(jumps []jump, name string, wire int) {
	for _, j := range jumps {
		suffix := "."
		if j.at == 0 {
			suffix = name
		} else if j.at < len(name) {
			suffix = name[j.at+1:]
		}
		d.remember(j.target, suffix, wire-j.wire+1)
	}
}

// jump is one pointer a name followed: its target, and how much of the
// name's text and wire form came before it.
type jump struct{ target, at, wire int }

func (d *decoder) memoized(off int) (nameMemo, bool) {
	for _, m := range d.memo {
		if m.off == off {
			return m, true
		}
	}
	return nameMemo{}, false
}

func (d *decoder) remember(off int, name string, wire int) {
	if len(d.memo) < maxMemo {
		if _, ok := d.memoized(off); !ok {
			d.memo = append(d.memo, nameMemo{off, name, wire})
		}
	}
}

// nameWithin reads a name that must end (or jump away) before end: a name
// inside a record's data.
func (d *decoder) nameWithin(off, end int) (string, int, error) {
	full := d.b
	d.b = full[:end] // the name's own bytes stop at end; its pointers point back, inside it
	name, next, err := d.name(off)
	d.b = full
	if err != nil {
		if me, ok := err.(*MalformedError); ok && end < len(full) {
			me.Reason = strings.Replace(me.Reason, "past the end of the message", "past the end of its record's data", 1)
		}
	}
	return name, next, err
}
