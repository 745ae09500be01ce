package binpack

import (
	"errors"
	"fmt"
	"reflect"
	"testing"
)

// vals is a Source over plain Go values.
type vals []any

func (v vals) at(n int) (any, error) {
	if n > len(v) {
		return nil, &Error{Arg: n + 1, Msg: "no value"}
	}
	return v[n-1], nil
}
func (v vals) Int(n int) (int64, error) {
	x, err := v.at(n)
	if err != nil {
		return 0, err
	}
	return x.(int64), nil
}
func (v vals) Float(n int) (float64, error) {
	x, err := v.at(n)
	if err != nil {
		return 0, err
	}
	return x.(float64), nil
}
func (v vals) String(n int) (string, error) {
	x, err := v.at(n)
	if err != nil {
		return "", err
	}
	return x.(string), nil
}

func TestRoundTrip(t *testing.T) {
	cases := []struct {
		f    string
		in   vals
		want string
	}{
		{"<i4", vals{int64(-2)}, "feffffff"},
		{">I2 b", vals{int64(513), int64(-1)}, "0201ff"},
		{"<i16", vals{int64(-3)}, "fdffffffffffffffffffffffffffffff"},
		{"z s1 c3", vals{"hi", "ab", "xyz"}, "68690002616278797a"},
		{"!4 b i4", vals{int64(1), int64(2)}, "0100000002000000"},
		{">d", vals{float64(1.5)}, "3ff8000000000000"},
	}
	for _, c := range cases {
		b, err := Pack(c.f, c.in)
		if err != nil || fmt.Sprintf("%x", b) != c.want {
			t.Fatalf("Pack(%q) = %x, %v; want %s", c.f, b, err, c.want)
		}
		out, next, err := Unpack(c.f, b, 1)
		if err != nil || next != len(b)+1 || len(out) != len(c.in) {
			t.Fatalf("Unpack(%q): %v %d %v", c.f, out, next, err)
		}
		for i := range out {
			if !reflect.DeepEqual(out[i], c.in[i]) {
				t.Fatalf("Unpack(%q)[%d] = %#v, want %#v", c.f, i, out[i], c.in[i])
			}
		}
	}
}

func TestErrors(t *testing.T) {
	for _, c := range []struct {
		f   string
		in  vals
		msg string
	}{
		{"b", vals{int64(200)}, "integer overflow"},
		{"B", vals{int64(-1)}, "unsigned overflow"},
		{"i17", vals{int64(1)}, "integral size (17) out of limits [1,16]"},
		{"q", nil, "invalid format option 'q'"},
		{"!3 i", vals{int64(1)}, "format asks for alignment not power of 2"},
		{"s1", vals{string(make([]byte, 256))}, "string length does not fit in given size"},
	} {
		_, err := Pack(c.f, c.in)
		var pe *Error
		if !errors.As(err, &pe) || pe.Msg != c.msg {
			t.Errorf("Pack(%q): %v, want %q", c.f, err, c.msg)
		}
	}
	if _, err := Size("s"); err == nil || err.Error() != "variable-length format" {
		t.Errorf("Size(s): %v", err)
	}
	if _, _, err := Unpack("i4", []byte("ab"), 1); err == nil || err.Error() != "data string too short" {
		t.Errorf("short: %v", err)
	}
}

// FuzzUnpack: any format over any bytes gives values or an error, never a
// panic, and a position inside the data.
func FuzzUnpack(f *testing.F) {
	f.Add("<i4 z s1", []byte("\x01\x00\x00\x00ab\x00\x01c"))
	f.Add("!8 b Xd d c3", []byte("123456789012345678"))
	f.Fuzz(func(t *testing.T, format string, data []byte) {
		_, next, err := Unpack(format, data, 1)
		if err == nil && (next < 1 || next > len(data)+1) {
			t.Fatalf("next %d for %d bytes", next, len(data))
		}
		Size(format)
	})
}
