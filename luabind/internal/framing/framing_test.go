package framing

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"testing"
)

// feed decodes stream given in the chunks cut at the offsets in cuts, and
// returns the frames (and the first error).
func feed(s Splitter, stream []byte, cuts []int, max int) ([]any, error) {
	d := NewDecoder(s, max)
	var out []any
	prev := 0
	for _, c := range append(cuts, len(stream)) {
		d.Write(stream[prev:c])
		prev = c
		for {
			f, ok, err := d.Next(false)
			if err != nil {
				return out, err
			}
			if !ok {
				break
			}
			if f != nil {
				out = append(out, f)
			}
		}
	}
	for {
		f, ok, err := d.Next(true)
		if err != nil {
			return out, err
		}
		if !ok {
			return out, nil
		}
		if f != nil {
			out = append(out, f)
		}
	}
}

// everySplit checks that stream decodes to want whole, cut at every
// single byte boundary, and cut at every pair of boundaries for short
// streams: the tail kept between reads must never lose or merge a frame.
func everySplit(t *testing.T, name string, mk func() Splitter, stream []byte, want []any) {
	t.Helper()
	check := func(cuts []int) {
		t.Helper()
		got, err := feed(mk(), stream, cuts, 0)
		if err != nil {
			t.Fatalf("%s cut at %v: %v", name, cuts, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%s cut at %v:\n got %#v\nwant %#v", name, cuts, got, want)
		}
	}
	check(nil)
	for i := 1; i < len(stream); i++ {
		check([]int{i})
	}
	if len(stream) <= 120 {
		for i := 1; i < len(stream); i++ {
			for j := i + 1; j < len(stream); j++ {
				check([]int{i, j})
			}
		}
	}
}

func bs(ss ...string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = []byte(s)
	}
	return out
}

func TestLinesDelimitedLengthFixed(t *testing.T) {
	everySplit(t, "lines", func() Splitter { return &Lines{} },
		[]byte("one\r\ntwo\n\nthree\r\r\nlast"), bs("one", "two", "", "three\r", "last"))
	everySplit(t, "nul", func() Splitter { return &Delimited{Delim: []byte{0}} },
		[]byte("a\x00bc\x00\x00d"), bs("a", "bc", "", "d"))
	everySplit(t, "multi-byte delimiter", func() Splitter { return &Delimited{Delim: []byte("--")} },
		[]byte("a--b-c----d-"), bs("a", "b-c", "", "d-"))
	everySplit(t, "u16be", func() Splitter { return LengthPrefixed{Size: 2, BigEndian: true} },
		[]byte("\x00\x03abc\x00\x00\x00\x01z"), bs("abc", "", "z"))
	everySplit(t, "u32le", func() Splitter { return LengthPrefixed{Size: 4} },
		[]byte("\x02\x00\x00\x00hi\x01\x00\x00\x00!"), bs("hi", "!"))
	everySplit(t, "u8", func() Splitter { return LengthPrefixed{Size: 1} },
		[]byte("\x01a\x02bc"), bs("a", "bc"))
	everySplit(t, "fixed", func() Splitter { return Fixed{N: 3} },
		[]byte("abcdefghi"), bs("abc", "def", "ghi"))
}

func TestManyFramesInOneChunk(t *testing.T) {
	var stream bytes.Buffer
	var want []any
	for i := 0; i < 10000; i++ {
		fmt.Fprintf(&stream, "line %d\r\n", i)
		want = append(want, []byte(fmt.Sprintf("line %d", i)))
	}
	got, err := feed(&Lines{}, stream.Bytes(), nil, 0)
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("err %v, %d frames", err, len(got))
	}
}

func TestTruncatedAndOversized(t *testing.T) {
	var fe *Error
	_, err := feed(LengthPrefixed{Size: 2, BigEndian: true}, []byte("\x00\x05ab"), nil, 0)
	if !errors.As(err, &fe) || fe.Code != CodeFraming {
		t.Fatalf("truncated frame: %v", err)
	}
	_, err = feed(&Lines{}, bytes.Repeat([]byte("x"), 100), []int{10, 50}, 64)
	if !errors.As(err, &fe) || fe.Code != CodeTooLarge {
		t.Fatalf("line over max: %v", err)
	}
	_, err = feed(LengthPrefixed{Size: 4, BigEndian: true, Max: 1000}, []byte("\x7f\xff\xff\xffab"), nil, 1000)
	if !errors.As(err, &fe) || fe.Code != CodeTooLarge {
		t.Fatalf("announced length over max: %v", err)
	}
	_, err = feed(Fixed{N: 4}, []byte("abcdef"), nil, 0)
	if !errors.As(err, &fe) || fe.Code != CodeFraming || fe.Offset != 4 {
		t.Fatalf("fixed tail: %v", err)
	}
}

func TestDecoderPendingAndMemory(t *testing.T) {
	d := NewDecoder(&Lines{}, 0)
	d.Write([]byte("a\nb\npartial"))
	for i := 0; i < 2; i++ {
		if _, ok, _ := d.Next(false); !ok {
			t.Fatal("missing frame")
		}
	}
	if p := d.Pending(); string(p) != "partial" {
		t.Fatalf("pending %q", p)
	}
	// A long run of small frames keeps the buffer small.
	for i := 0; i < 100000; i++ {
		d.Write([]byte("0123456789\n"))
		if _, ok, err := d.Next(false); !ok || err != nil {
			t.Fatal(ok, err)
		}
	}
	if cap(d.buf) > 4096 {
		t.Fatalf("buffer grew to %d", cap(d.buf))
	}
}
