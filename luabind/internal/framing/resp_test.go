package framing

import (
	"errors"
	"math"
	"testing"
)

func str(k Kind, s string) Value { return Value{Kind: k, Str: s} }

func TestRESPEverySplit(t *testing.T) {
	stream := "+OK\r\n-ERR wrong\r\n:-42\r\n$5\r\nhe\r\nl\r\n$-1\r\n$0\r\n\r\n" +
		"*3\r\n$3\r\nSET\r\n$1\r\nk\r\n*-1\r\n*0\r\n" +
		"_\r\n#t\r\n,1.5\r\n(12345678901234567890\r\n!3\r\nBAD\r\n=7\r\ntxt:abc\r\n" +
		"%1\r\n+key\r\n:1\r\n~2\r\n:1\r\n:2\r\n>1\r\n+msg\r\n|1\r\n+ttl\r\n:3\r\n+after-attr\r\n"
	want := []any{
		str(SimpleString, "OK"), str(ErrorReply, "ERR wrong"), Value{Kind: Integer, Int: -42},
		str(BulkString, "he\r\nl"), Value{Kind: Null}, Value{Kind: BulkString, Str: ""},
		Value{Kind: Array, Elems: []Value{str(BulkString, "SET"), str(BulkString, "k"), {Kind: Null}}},
		Value{Kind: Array, Elems: []Value{}},
		Value{Kind: Null}, Value{Kind: Boolean, Bool: true}, Value{Kind: Double, Num: 1.5},
		str(BigNumber, "12345678901234567890"), str(ErrorReply, "BAD"), str(Verbatim, "txt:abc"),
		Value{Kind: Map, Elems: []Value{str(SimpleString, "key"), {Kind: Integer, Int: 1}}},
		Value{Kind: Set, Elems: []Value{{Kind: Integer, Int: 1}, {Kind: Integer, Int: 2}}},
		Value{Kind: Push, Elems: []Value{str(SimpleString, "msg")}},
		str(SimpleString, "after-attr"),
	}
	everySplit(t, "resp", func() Splitter { return RESP{} }, []byte(stream), want)
}

func TestRESPInlineCommands(t *testing.T) {
	want := []any{
		Value{Kind: Array, Elems: []Value{str(BulkString, "PING")}},
		Value{Kind: Array, Elems: []Value{str(BulkString, "SET"), str(BulkString, "a key"), str(BulkString, "v")}},
	}
	everySplit(t, "inline", func() Splitter { return RESP{Inline: true} }, []byte("PING\r\nSET \"a key\" v\n"), want)
	var fe *Error
	if _, err := feed(RESP{}, []byte("PING\r\n"), nil, 0); !errors.As(err, &fe) || fe.Code != CodeFraming || fe.Offset != 0 {
		t.Fatalf("a reply stream takes no inline commands: %v", err)
	}
}

func TestRESPMalformed(t *testing.T) {
	cases := []struct {
		in   string
		code string
		off  int64
	}{
		{":abc\r\n", CodeFraming, 0},
		{"+OK\r\n:1\n", CodeFraming, 5 + 2},
		{"$3\r\nabcd\r\n", CodeFraming, 7},
		{"*2\r\n:1\r\n?\r\n", CodeFraming, 8},
		{"$99999999999\r\n", CodeTooLarge, 0},
		{"*-2\r\n", CodeFraming, 0},
		{"#x\r\n", CodeFraming, 0},
	}
	for _, c := range cases {
		_, err := feed(RESP{}, []byte(c.in), nil, 0)
		var fe *Error
		if !errors.As(err, &fe) || fe.Code != c.code || fe.Offset != c.off {
			t.Errorf("%q: got %v, want %s at %d", c.in, err, c.code, c.off)
		}
	}
	// A hostile count allocates nothing up front and nesting is bounded.
	var hf *Error
	if _, err := feed(RESP{Max: 1 << 31}, []byte("*2147483647\r\n:1\r\n"), nil, 1<<31); !errors.As(err, &hf) || hf.Code != CodeFraming {
		t.Fatalf("huge count, stream ends: %v", err)
	}
	deep := make([]byte, 0, 4*1000)
	for i := 0; i < 1000; i++ {
		deep = append(deep, "*1\r\n"...)
	}
	var fe *Error
	if _, err := feed(RESP{}, deep, nil, 0); !errors.As(err, &fe) || fe.Code != CodeFraming {
		t.Fatalf("deep nesting: %v", err)
	}
}

func TestRESPDoubles(t *testing.T) {
	got, err := feed(RESP{}, []byte(",inf\r\n,-inf\r\n,nan\r\n,-0.25\r\n"), nil, 0)
	if err != nil || len(got) != 4 {
		t.Fatal(got, err)
	}
	v := func(i int) float64 { return got[i].(Value).Num }
	if !math.IsInf(v(0), 1) || !math.IsInf(v(1), -1) || !math.IsNaN(v(2)) || v(3) != -0.25 {
		t.Fatal(got)
	}
}

func TestRESPAppend(t *testing.T) {
	b := AppendHeader(nil, '*', 2)
	b = AppendBulk(b, []byte("GET"))
	b = AppendBulk(b, []byte("k"))
	b = AppendLine(b, '+', []byte("a\r\nb"))
	if string(b) != "*2\r\n$3\r\nGET\r\n$1\r\nk\r\n+a  b\r\n" {
		t.Fatalf("%q", b)
	}
}
