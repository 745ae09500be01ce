package dnsmsg

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// header is a header with the given question and answer counts.
func header(qd, an byte) []byte { return []byte{0, 1, 0, 0, 0, qd, 0, an, 0, 0, 0, 0} }

func cat(parts ...[]byte) []byte {
	var b []byte
	for _, p := range parts {
		b = append(b, p...)
	}
	return b
}

// Hostile or broken messages are errors at the right byte, and none of
// them panics or loops.
func TestDecodeMalformed(t *testing.T) {
	q := []byte("\x01a\x00\x00\x01\x00\x01")                 // a question for "a", at 12
	rr := []byte("\xc0\x0c\x00\x01\x00\x01\x00\x00\x00\x00") // an A record for it, before its length
	long := cat(header(1, 0))
	for range 5 {
		long = append(long, 63)
		long = append(long, strings.Repeat("x", 63)...)
	}
	long = append(long, 0, 0, 1, 0, 1)
	for _, c := range []struct {
		name   string
		b      []byte
		offset int
		why    string
	}{
		{"empty", nil, 0, "header needs 12 bytes"},
		{"short header", header(0, 0)[:11], 11, "header needs 12"},
		{"question missing", header(1, 0), 12, "past the end"},
		{"question without class", cat(header(1, 0), q[:5]), 17, "before its type and class"},
		{"pointer to itself", cat(header(1, 0), []byte{0xc0, 12, 0, 1, 0, 1}), 12, "does not point back"},
		{"pointer forward", cat(header(1, 0), []byte{0xc0, 14, 0, 1, 0, 1}), 12, "does not point back"},
		{"label then a pointer back to it", cat(header(1, 1), q, []byte{0x01, 'b', 0xc0, 19}, rr[2:], []byte{0, 0}), 21, "does not point back"},
		{"pointer into a cycle", cat(header(1, 2), q, []byte{0x01, 'b', 0xc0, 19}, rr[2:], []byte{0, 0}, []byte{0xc0, 21}, rr[2:], []byte{0, 0}), 21, "does not point back"},
		{"label past end", cat(header(1, 0), []byte{5, 'a', 'b'}), 12, "label runs past"},
		{"reserved label bits", cat(header(1, 0), []byte{0x40, 0, 0, 1, 0, 1}), 12, "reserved type bits"},
		{"name over 255 bytes", long, 12 + 3*64, "longer than 255"},
		{"rdlength past end", cat(header(1, 1), q, rr, []byte{0, 4, 1, 2}), 29, "runs past the end"},
		{"A of 5 bytes", cat(header(1, 1), q, rr, []byte{0, 5, 1, 2, 3, 4, 5}), 29, "not 4"},
		{"MX name past its data", cat(header(1, 1), q, rr[:2], []byte{0, 15, 0, 1, 0, 0, 0, 0, 0, 4, 0, 1, 3, 'a', 'b', 'c', 0}), 33, "runs past the end"},
		{"MX name past its data, more after", cat(header(1, 1), q, rr[:2], []byte{0, 15, 0, 1, 0, 0, 0, 0, 0, 4, 0, 1, 3, 'a', 'b', 'c', 0, 0}), 33, "past the end of its record's data"},
		{"MX with extra bytes", cat(header(1, 1), q, rr[:2], []byte{0, 15, 0, 1, 0, 0, 0, 0, 0, 6, 0, 1, 0xc0, 12, 9, 9}), 35, "bytes after its data"},
		{"TXT string past data", cat(header(1, 1), q, rr[:2], []byte{0, 16, 0, 1, 0, 0, 0, 0, 0, 2, 5, 'a'}), 32, "ends inside a field"},
		{"trailing bytes", cat(header(1, 0), q, []byte{0}), 19, "1 bytes after the last record"},
		{"huge counts", []byte{0, 1, 0, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0}, 13, "before its type and class"},
	} {
		m, err := Decode(c.b)
		var me *MalformedError
		if !errors.As(err, &me) {
			t.Errorf("%s: got %+v, %v; want a MalformedError", c.name, m, err)
			continue
		}
		if me.Offset != c.offset || !strings.Contains(me.Reason, c.why) {
			t.Errorf("%s: got offset %d %q, want %d ...%s", c.name, me.Offset, me.Reason, c.offset, c.why)
		}
	}
}

// A pointer chain that goes back each time is fine however long, until
// the name passes 255 bytes.
func TestPointerChain(t *testing.T) {
	b := cat(header(0, 0), []byte{1, 'a', 0})
	for i := 0; i < 200; i++ {
		prev := len(b) - 3
		if i == 0 {
			prev = 12
		}
		b = append(b, 1, 'a', 0xc0|byte(prev>>8), byte(prev))
	}
	b = append(b, 0xc0|byte((len(b)-4)>>8), byte(len(b)-4), 0, 1, 0, 1)
	b[5] = 1
	// The question is the last name: a pointer to a chain of 200 "a" labels.
	b = append(b[:12], b[12:]...)
	_, err := Decode(b)
	var me *MalformedError
	if !errors.As(err, &me) {
		t.Fatalf("got %v", err)
	}
	if !strings.Contains(me.Reason, "longer than 255") && !strings.Contains(me.Reason, "bytes after") && !strings.Contains(me.Reason, "past the end") {
		t.Fatalf("got %v", me)
	}
}

// TestDecodeData: one record's data read on its own, as the resolver
// reads the types its parser does not know; a compressed name there is
// an error with its offset in the data.
func TestDecodeData(t *testing.T) {
	naptr := func(tail ...byte) []byte {
		return append([]byte{0, 10, 0, 20, 1, 'u', 7, 'E', '2', 'U', '+', 's', 'i', 'p', 0}, tail...)
	}
	for _, c := range []struct {
		t    Type
		data []byte
		want string
	}{
		{TypeNAPTR, naptr(0), `dnsmsg.NAPTRData{Order:0xa, Preference:0x14, Flags:"u", Service:"E2U+sip", Regexp:"", Replacement:"."}`},
		{TypeNAPTR, naptr(3, 's', 'i', 'p', 4, 't', 'e', 's', 't', 0), `dnsmsg.NAPTRData{Order:0xa, Preference:0x14, Flags:"u", Service:"E2U+sip", Regexp:"", Replacement:"sip.test"}`},
		{TypeNAPTR, naptr(0xC0, 0), "malformed DNS message at byte 15: a compressed name in data read on its own"},
		{TypeNAPTR, naptr(), "malformed DNS message at byte 15: a record's data ends before a name"},
		{TypeCAA, []byte{128, 5, 'i', 's', 's', 'u', 'e', 'c', 'a', '.', 't'}, `dnsmsg.CAAData{Flags:0x80, Tag:"issue", Value:"ca.t"}`},
		{TypeCAA, []byte{0, 9, 'i'}, "malformed DNS message at byte"},
	} {
		d, err := DecodeData(c.t, c.data)
		got := fmt.Sprintf("%#v", d)
		if err != nil {
			got = err.Error()
		}
		if !strings.HasPrefix(got, c.want) {
			t.Errorf("%v % x: %s, want %s", c.t, c.data, got, c.want)
		}
	}
}
