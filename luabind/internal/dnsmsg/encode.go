package dnsmsg

import (
	"encoding/binary"
	"strconv"
)

// maxMessage is the most a DNS message can be: TCP's two-byte length.
const maxMessage = 65535

// encoder builds one message.
type encoder struct {
	b       []byte
	base    int      // where the message starts in b (Append's caller may have bytes before it)
	targets []uint16 // offsets (from base) of the labels written so far: pointer targets
	wire    []byte   // scratch: a name's uncompressed wire form
	field   fieldPath
}

// Encode is AppendEncode to a new slice.
func (m *Message) Encode() ([]byte, error) { return m.AppendEncode(make([]byte, 0, 512)) }

// AppendEncode appends m's wire form to b. Question names and record
// owner names are compressed: each ends in a pointer to the longest tail
// of labels already written, at its first place. Names inside RDATA are
// written whole (but later names may point into them), as dnsmasq writes
// them and as RFC 3597 asks for types a reader may not know; so a
// message that dig or dnsmasq sent decodes and encodes back to the same
// bytes. A field that cannot be encoded gives an *EncodeError.
func (m *Message) AppendEncode(b []byte) ([]byte, error) {
	e := encoder{b: b, base: len(b)}
	f := m.Flags
	bits := uint16(f.Opcode&0xF)<<11 | uint16(f.Rcode&0xF)
	for _, bit := range []struct {
		on   bool
		mask uint16
	}{{f.QR, 0x8000}, {f.AA, 0x0400}, {f.TC, 0x0200}, {f.RD, 0x0100}, {f.RA, 0x0080}, {f.Z, 0x0040}, {f.AD, 0x0020}, {f.CD, 0x0010}} {
		if bit.on {
			bits |= bit.mask
		}
	}
	counts := [4]int{len(m.Questions), len(m.Answers), len(m.Authorities), len(m.Additionals)}
	e.b = binary.BigEndian.AppendUint16(e.b, m.ID)
	e.b = binary.BigEndian.AppendUint16(e.b, bits)
	for i, n := range counts {
		if n > 0xFFFF {
			return b, &EncodeError{Field: sectionNames[i], Value: strconv.Itoa(n) + " entries", Reason: "a section holds at most 65535"}
		}
		e.b = binary.BigEndian.AppendUint16(e.b, uint16(n))
	}
	for i := range m.Questions {
		q := &m.Questions[i]
		e.field = fieldPath{section: 0, index: i}
		if err := e.name(q.Name, true, "name"); err != nil {
			return b, err
		}
		e.b = binary.BigEndian.AppendUint16(e.b, uint16(q.Type))
		e.b = binary.BigEndian.AppendUint16(e.b, uint16(q.Class))
	}
	for s, sec := range [3][]Record{m.Answers, m.Authorities, m.Additionals} {
		for i := range sec {
			e.field = fieldPath{section: s + 1, index: i}
			if err := e.record(&sec[i]); err != nil {
				return b, err
			}
		}
	}
	if len(e.b)-e.base > maxMessage {
		return b, &EncodeError{Field: "message", Value: strconv.Itoa(len(e.b)-e.base) + " bytes", Reason: "a DNS message is at most 65535 bytes"}
	}
	return e.b, nil
}

// sectionNames name the sections as a message table's fields do.
var sectionNames = [4]string{"questions", "answers", "authorities", "additionals"}

// fieldPath is where in the message the encoder is, for its errors.
type fieldPath struct{ section, index int }

func (e *encoder) fail(sub, value, reason string) error {
	return &EncodeError{
		Field:  sectionNames[e.field.section] + "[" + strconv.Itoa(e.field.index+1) + "]." + sub,
		Value:  value,
		Reason: reason,
	}
}

func (e *encoder) record(r *Record) error {
	if err := e.name(r.Name, true, "name"); err != nil {
		return err
	}
	e.b = binary.BigEndian.AppendUint16(e.b, uint16(r.Type))
	e.b = binary.BigEndian.AppendUint16(e.b, uint16(r.Class))
	e.b = binary.BigEndian.AppendUint32(e.b, r.TTL)
	lenAt := len(e.b)
	e.b = append(e.b, 0, 0)
	if err := e.rdata(r.Type, r.Data); err != nil {
		return err
	}
	n := len(e.b) - lenAt - 2
	if n > 0xFFFF {
		return e.fail("data", strconv.Itoa(n)+" bytes", "a record's data is at most 65535 bytes")
	}
	binary.BigEndian.PutUint16(e.b[lenAt:], uint16(n))
	return nil
}

// name writes a name, ending it with a pointer to the longest tail of
// labels already in the message when compress is set, and records where
// its new labels are for later names to point at.
func (e *encoder) name(name string, compress bool, field string) error {
	var err error
	if e.wire, err = appendWire(e.wire[:0], name); err != nil {
		return e.fail(field, name, "the name "+err.Error())
	}
	w := e.wire
	end := len(w) - 1 // the root's zero
	for i := 0; i < end; i += 1 + int(w[i]) {
		if compress {
			if ptr, ok := e.find(w[i:]); ok {
				e.mark(w[:i])
				e.b = append(e.b, w[:i]...)
				e.b = binary.BigEndian.AppendUint16(e.b, 0xC000|ptr)
				return nil
			}
		}
	}
	e.mark(w[:end])
	e.b = append(e.b, w...)
	return nil
}

// mark records the labels of w (wire labels about to be written at the
// end of the message) as pointer targets; a pointer reaches 14 bits.
func (e *encoder) mark(w []byte) {
	at := len(e.b) - e.base
	for i := 0; i < len(w) && at+i < 0x4000; i += 1 + int(w[i]) {
		e.targets = append(e.targets, uint16(at+i))
	}
}

// find looks for the labels of w (uncompressed, ending in the root's
// zero) already written at a target, byte for byte: names that differ in
// case are not merged, so every name decodes as it was given.
func (e *encoder) find(w []byte) (uint16, bool) {
	msg := e.b[e.base:]
	for _, t := range e.targets {
		if e.sameName(msg, int(t), w) {
			return t, true
		}
	}
	return 0, false
}

// sameName reports whether the name at msg[off:] (which may end in a
// pointer, as every name this encoder wrote) is the wire name w.
func (e *encoder) sameName(msg []byte, off int, w []byte) bool {
	for hops := 0; hops < 128; {
		c := msg[off]
		if c&0xC0 == 0xC0 {
			off = int(c&0x3F)<<8 | int(msg[off+1])
			hops++
			continue
		}
		if len(w) == 0 || w[0] != c {
			return false
		}
		if c == 0 {
			return true
		}
		if string(msg[off+1:off+1+int(c)]) != string(w[1:1+int(c)]) {
			return false
		}
		off += 1 + int(c)
		w = w[1+int(c):]
	}
	return false
}
