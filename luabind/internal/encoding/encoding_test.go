package encoding

import (
	"encoding/hex"
	"testing"
)

// Expected values come from running the same operations in Node 20
// (Buffer.from, buf.toString, Buffer.byteLength, buf.write and
// StringDecoder) while writing these tests. Cases marked "Lua" have no
// Node equivalent or differ from it on purpose: a Lua string may hold
// bytes that are not UTF-8, and cannot hold a lone surrogate.

func TestLookup(t *testing.T) {
	cases := []struct {
		name string
		want Encoding
	}{
		{"utf8", UTF8}, {"UTF-8", UTF8}, {"Utf8", UTF8},
		{"ucs2", UTF16LE}, {"UCS-2", UTF16LE}, {"Ucs2", UTF16LE}, {"utf16le", UTF16LE}, {"UTF-16LE", UTF16LE},
		{"latin1", Latin1}, {"Latin1", Latin1}, {"binary", Latin1}, {"BINARY", Latin1},
		{"ascii", ASCII}, {"ASCII", ASCII},
		{"base64", Base64}, {"BASE64", Base64},
		{"base64url", Base64URL}, {"Base64url", Base64URL},
		{"hex", Hex}, {"HEX", Hex},
		// Names Buffer.isEncoding rejects.
		{"", Unknown}, {"buffer", Unknown}, {"utf-16", Unknown}, {"utf32", Unknown},
		{"latin-1", Unknown}, {"base64urlx", Unknown}, {" utf8", Unknown}, {"utf8 ", Unknown},
	}
	for _, c := range cases {
		if got := Lookup(c.name); got != c.want {
			t.Errorf("Lookup(%q) = %v, want %v", c.name, got, c.want)
		}
	}
}

func TestString(t *testing.T) {
	want := map[Encoding]string{
		Unknown: "", UTF8: "utf8", UTF16LE: "utf16le", Latin1: "latin1", ASCII: "ascii",
		Base64: "base64", Base64URL: "base64url", Hex: "hex",
	}
	for e, name := range want {
		if got := e.String(); got != name {
			t.Errorf("%d.String() = %q, want %q", e, got, name)
		}
		if e != Unknown && Lookup(name) != e {
			t.Errorf("Lookup(%q) does not round-trip", name)
		}
	}
}

// TestEncode compares hex of Buffer.from(s, enc).
func TestEncode(t *testing.T) {
	cases := []struct {
		s    string
		enc  Encoding
		want string // hex
	}{
		{"", UTF8, ""},
		{"héllo", UTF8, "68c3a96c6c6f"},
		{"😀", UTF8, "f09f9880"},
		{"\xff\xfe", UTF8, "fffe"},    // Lua: bytes are copied as they are
		{"\xff\xfe", Unknown, "fffe"}, // Unknown encodes as utf8

		{"00ff", Hex, "00ff"},
		{"DEADbeef", Hex, "deadbeef"},
		{"abc", Hex, "ab"},    // odd last digit dropped
		{"abzz12", Hex, "ab"}, // stops at the first bad pair
		{"zz", Hex, ""},
		{"0g12", Hex, ""},
		{"", Hex, ""},

		{"aGVsbG8=", Base64, "68656c6c6f"},
		{"aGVsbG8", Base64, "68656c6c6f"},    // padding optional
		{"aGV sbG8\n", Base64, "68656c6c6f"}, // whitespace skipped
		{"-_-_", Base64, "fbffbf"},           // either alphabet
		{"+/+/", Base64URL, "fbffbf"},        // either alphabet
		{"YQ==YQ==", Base64, "61"},           // stops at '='
		{"YQ", Base64, "61"},
		{"YWI", Base64, "6162"},
		{"Y", Base64, ""},
		{"!!!!", Base64, ""},
		{"aGVsbG8", Base64URL, "68656c6c6f"},
		{"YQ=", Base64URL, "61"},

		{"héllo", Latin1, "68e96c6c6f"},
		{"€", Latin1, "ac"},   // low byte of U+20AC
		{"😀", Latin1, "3d00"}, // low bytes of the surrogate pair
		{"héllo", ASCII, "68e96c6c6f"},
		{"€", ASCII, "ac"},
		{"a\xffb", Latin1, "61ff62"}, // Lua: a stray byte is the character of its value

		{"hi", UTF16LE, "68006900"},
		{"€", UTF16LE, "ac20"},
		{"😀", UTF16LE, "3dd800de"},
		{"", UTF16LE, ""},
		{"\xff", UTF16LE, "ff00"}, // Lua: a stray byte is U+00FF
	}
	for _, c := range cases {
		if got := hex.EncodeToString(Encode(c.s, c.enc)); got != c.want {
			t.Errorf("Encode(%q, %v) = %s, want %s", c.s, c.enc, got, c.want)
		}
	}
}

// TestEncodeFresh checks the result shares no memory with the string, so
// callers may mutate it.
func TestEncodeFresh(t *testing.T) {
	for _, e := range []Encoding{UTF8, Latin1, ASCII, UTF16LE, Hex, Base64, Unknown} {
		a := Encode("abcd", e)
		b := Encode("abcd", e)
		if len(a) > 0 {
			a[0] ^= 0xFF
			if a[0] == b[0] {
				t.Errorf("%v: two results share memory", e)
			}
		}
	}
}

// TestDecode compares buf.toString(enc) for Buffer.from(hex, 'hex').
func TestDecode(t *testing.T) {
	cases := []struct {
		hex  string
		enc  Encoding
		want string
	}{
		{"", UTF8, ""},
		{"68c3a9", UTF8, "hé"},
		{"f09f9880", UTF8, "😀"},
		// Each maximal invalid subsequence is one U+FFFD (WHATWG).
		{"ff", UTF8, "\uFFFD"},
		{"e282", UTF8, "\uFFFD"},
		{"e28241", UTF8, "\uFFFDA"},
		{"eda080", UTF8, "\uFFFD\uFFFD\uFFFD"}, // an encoded surrogate
		{"f09f98", UTF8, "\uFFFD"},
		{"c0af", UTF8, "\uFFFD\uFFFD"}, // overlong
		{"f4908080", UTF8, "\uFFFD\uFFFD\uFFFD\uFFFD"},
		{"e0808041", UTF8, "\uFFFD\uFFFD\uFFFDA"},
		{"ff41", Unknown, "\uFFFDA"}, // Unknown decodes as utf8

		{"00ff10", Hex, "00ff10"},
		{"", Hex, ""},
		{"fbff", Base64, "+/8="},
		{"fbff", Base64URL, "-_8"},
		{"68656c6c6f", Base64, "aGVsbG8="},
		{"68656c6c6f", Base64URL, "aGVsbG8"},
		{"", Base64, ""},

		{"e9", Latin1, "é"},
		{"41ff", Latin1, "Aÿ"},
		{"e9", ASCII, "i"}, // the high bit cleared
		{"41ff7f", ASCII, "A\x7f\x7f"},

		{"68006900", UTF16LE, "hi"},
		{"3dd800de", UTF16LE, "😀"},
		{"680069", UTF16LE, "h"},              // odd last byte dropped
		{"00d8", UTF16LE, "\uFFFD"},           // Lua: Node gives a lone "\ud800"
		{"00dc4100", UTF16LE, "\uFFFDA"},      // Lua: Node gives "\udc00A"
		{"00d800d8", UTF16LE, "\uFFFD\uFFFD"}, // Lua: Node gives "\ud800\ud800"
	}
	for _, c := range cases {
		b, err := hex.DecodeString(c.hex)
		if err != nil {
			t.Fatal(err)
		}
		if got := Decode(b, c.enc); got != c.want {
			t.Errorf("Decode(%s, %v) = %q, want %q", c.hex, c.enc, got, c.want)
		}
	}
}

func TestDecodeChunk(t *testing.T) {
	cases := []struct {
		in   string
		enc  Encoding
		want string
	}{
		{"h\xc3\xa9", UTF8, "hé"},
		{"\xff\xe2\x82", UTF8, "\xff\xe2\x82"}, // Lua: utf8 keeps invalid bytes
		{"\xff", Unknown, "\uFFFD"},            // as Decode
		{"\xe9", Latin1, "é"},
		{"\xfb\xff", Base64, "+/8="},
	}
	for _, c := range cases {
		if got := DecodeChunk([]byte(c.in), c.enc); got != c.want {
			t.Errorf("DecodeChunk(%q, %v) = %q, want %q", c.in, c.enc, got, c.want)
		}
	}
}

func TestByteLength(t *testing.T) {
	cases := []struct {
		s    string
		enc  Encoding
		want int
	}{
		{"héllo", UTF8, 6},
		{"héllo", Unknown, 6}, // unknown counts as utf8
		{"héllo", Latin1, 5},
		{"héllo", ASCII, 5},
		{"😀", UTF16LE, 4},
		{"😀", Latin1, 2},
		{"abcd", Hex, 2},
		{"abc", Hex, 1},
		{"aGVsbG8=", Base64, 5},
		{"aGVsbG8", Base64, 5},
		{"YQ==", Base64URL, 1},
		{"ab==", Base64, 1},
		{"=", Base64, 0},
		{"==", Base64, 0},
		{"a\xffb", Latin1, 3}, // Lua: a stray byte is one character
	}
	for _, c := range cases {
		if got := ByteLength(c.s, c.enc); got != c.want {
			t.Errorf("ByteLength(%q, %v) = %d, want %d", c.s, c.enc, got, c.want)
		}
	}
}

// TestCutUTF8 compares Buffer.alloc(max).write(s, 0, max, 'utf8').
func TestCutUTF8(t *testing.T) {
	cases := []struct {
		s         string
		max, want int
	}{
		{"a€b", 0, 0},
		{"a€b", 1, 1},
		{"a€b", 2, 1},
		{"a€b", 3, 1},
		{"a€b", 4, 4},
		{"a€b", 5, 5},
		{"a€b", 9, 5},
		{"😀", 3, 0},
		{"😀", 4, 4},
		{"ab", 1, 1},
		{"a\xe2\x82", 2, 2}, // Lua: an incomplete sequence is stray bytes, cut anywhere
	}
	for _, c := range cases {
		if got := CutUTF8(c.s, c.max); got != c.want {
			t.Errorf("CutUTF8(%q, %d) = %d, want %d", c.s, c.max, got, c.want)
		}
	}
}

// TestDecoder compares StringDecoder: each chunk's write, then end.
func TestDecoder(t *testing.T) {
	cases := []struct {
		enc    Encoding
		chunks []string // hex
		want   []string // one per chunk, then End's
	}{
		{UTF8, []string{"e282", "ac41"}, []string{"", "€A", ""}},
		{UTF8, []string{"f0", "9f", "98", "80"}, []string{"", "", "", "😀", ""}},
		{UTF8, []string{"e282"}, []string{"", "\uFFFD"}},
		{UTF8, []string{"41e2"}, []string{"A", "\uFFFD"}},
		// Invalid bytes: each maximal invalid sequence is one U+FFFD, as
		// Node's StringDecoder gives it, within a chunk and across two.
		{UTF8, []string{"ff41"}, []string{"\uFFFDA", ""}},
		{UTF8, []string{"41ff42c0af"}, []string{"A\uFFFDB\uFFFD\uFFFD", ""}},
		{UTF8, []string{"eda080"}, []string{"\uFFFD\uFFFD\uFFFD", ""}},
		{UTF8, []string{"f4908080"}, []string{"\uFFFD\uFFFD\uFFFD\uFFFD", ""}},
		{UTF8, []string{"80", "80"}, []string{"\uFFFD", "\uFFFD", ""}},
		{UTF8, []string{"e2", "41"}, []string{"", "\uFFFDA", ""}},
		{UTF8, []string{"f09f", "41"}, []string{"", "\uFFFDA", ""}},
		{UTF8, []string{"e282", "e282ac"}, []string{"", "\uFFFD€", ""}},
		{UTF8, []string{"e0", "8080", "41"}, []string{"", "\uFFFD\uFFFD\uFFFD", "A", ""}},
		{UTF8, []string{"41e080"}, []string{"A", "\uFFFD\uFFFD"}},
		{UTF8, []string{"c0"}, []string{"", "\uFFFD"}},
		{Base64, []string{"6869", "21"}, []string{"", "aGkh", ""}},
		{Base64, []string{"68"}, []string{"", "aA=="}},
		{Base64URL, []string{"fbff", "fb"}, []string{"", "-__7", ""}},
		{UTF16LE, []string{"680069", "00"}, []string{"h", "i", ""}},
		{UTF16LE, []string{"68"}, []string{"", ""}},
		// A surrogate pair split between chunks: the high half waits for
		// the low one, as in Node.
		{UTF16LE, []string{"3dd8", "00de"}, []string{"", "😀", ""}},
		{UTF16LE, []string{"3dd83dd8", "00de"}, []string{"\uFFFD", "😀", ""}},
		{UTF16LE, []string{"3dd8", "4100"}, []string{"", "\uFFFDA", ""}},
		{UTF16LE, []string{"3dd8"}, []string{"", "\uFFFD"}},
		{UTF16LE, []string{"00de"}, []string{"\uFFFD", ""}},
		// Lua: Node gives the lone halves "\ud83d" and "\ude00" (in the
		// second and fourth results), which a Lua string cannot hold; the
		// high half waits here too, so the text joined is the same.
		{UTF16LE, []string{"3d", "d8", "00", "de"}, []string{"", "", "", "😀", ""}},
		{UTF16LE, []string{"3dd800", "de"}, []string{"", "😀", ""}},
		{UTF16LE, []string{"61003d", "d8", "00de"}, []string{"a", "", "😀", ""}},
		{Hex, []string{"ab", "cd"}, []string{"ab", "cd", ""}},
		{Latin1, []string{"e9", "41"}, []string{"é", "A", ""}},
	}
	for _, c := range cases {
		d := NewDecoder(c.enc)
		var got []string
		for _, h := range c.chunks {
			b, err := hex.DecodeString(h)
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, string(d.Write(b)))
		}
		got = append(got, string(d.End()))
		if len(got) != len(c.want) {
			t.Fatalf("%v %v: %d results, want %d", c.enc, c.chunks, len(got), len(c.want))
		}
		for i := range got {
			if got[i] != c.want[i] {
				t.Errorf("%v %v: result %d = %q, want %q", c.enc, c.chunks, i, got[i], c.want[i])
			}
		}
	}
}

// TestDecoderEndEmpty checks End gives nil when nothing was held back, and
// that a Decoder can be used again after End.
func TestDecoderEndEmpty(t *testing.T) {
	d := NewDecoder(UTF8)
	if r := d.End(); r != nil {
		t.Errorf("End on a fresh decoder = %q, want nil", r)
	}
	d.Write([]byte{0xe2})
	d.End()
	if got := string(d.Write([]byte("ok"))); got != "ok" {
		t.Errorf("Write after End = %q, want \"ok\"", got)
	}
}
