package dnsmsg

import (
	"bytes"
	"errors"
	"reflect"
	"testing"
)

// FuzzDecode feeds arbitrary bytes to Decode: no panic and no loop; an
// error is a MalformedError inside the message; and what decodes encodes
// to bytes that decode to the same message, and encode to themselves.
func FuzzDecode(f *testing.F) {
	for _, h := range captured {
		f.Add(mustHex(f, h))
	}
	f.Add(cat(header(1, 0), []byte{0xc0, 12, 0, 1, 0, 1}))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := Decode(data)
		if err != nil {
			var me *MalformedError
			if !errors.As(err, &me) || me.Offset < 0 || me.Offset > len(data) {
				t.Fatalf("error %v for %d bytes", err, len(data))
			}
			return
		}
		out, err := m.Encode()
		if err != nil {
			var ee *EncodeError
			if errors.As(err, &ee) && ee.Field == "message" { // names taken out of pointers can grow it past 64 KiB
				return
			}
			t.Fatalf("decoded message does not encode: %v\n%+v", err, m)
		}
		back, err := Decode(out)
		if err != nil {
			t.Fatalf("re-encoded message does not decode: %v\n% x", err, out)
		}
		if !reflect.DeepEqual(normalize(back), normalize(m)) {
			t.Fatalf("round trip changed the message:\n got %+v\nwant %+v", back, m)
		}
		again, err := back.Encode()
		if err != nil || !bytes.Equal(again, out) {
			t.Fatalf("second encode differs: %v", err)
		}
	})
}

// normalize makes empty option data and empty TXT lists compare equal to
// nil ones: the wire does not tell them apart.
func normalize(m *Message) *Message {
	for _, sec := range [][]Record{m.Answers, m.Authorities, m.Additionals} {
		for i := range sec {
			switch d := sec[i].Data.(type) {
			case OPTData:
				for j := range d.Options {
					if len(d.Options[j].Data) == 0 {
						d.Options[j].Data = nil
					}
				}
			case RawData:
				if len(d.Bytes) == 0 {
					sec[i].Data = RawData{}
				}
			}
		}
	}
	return m
}
