package encoding

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"
)

// Fuzz targets of the encodings (CI runs each for a few seconds; their
// seed corpora are in testdata/fuzz). Each checks what holds for any
// input: no panic, valid UTF-8 text out, round trips where the encoding
// has one, Buffer.byteLength consistent with what encoding produces, and
// the streaming Decoder giving the same text however the bytes are cut.

// encodings is every Encoding, for a fuzz input to pick from.
var encodings = []Encoding{Unknown, UTF8, UTF16LE, Latin1, ASCII, Base64, Base64URL, Hex}

func pick(e uint8) Encoding { return encodings[int(e)%len(encodings)] }

// FuzzDecode: buf:toString(e) on any bytes.
func FuzzDecode(f *testing.F) {
	f.Fuzz(func(t *testing.T, b []byte, e uint8) {
		enc := pick(e)
		s := Decode(b, enc)
		if !utf8.ValidString(s) {
			t.Fatalf("Decode(%x, %v) = %q, not UTF-8", b, enc, s)
		}
		switch enc {
		case Hex, Base64, Base64URL, Latin1:
			if back := Encode(s, enc); !bytes.Equal(back, b) {
				t.Fatalf("%v: %x decodes to %q, which encodes to %x", enc, b, s, back)
			}
		case UTF16LE:
			if back := Decode(Encode(s, enc), enc); back != s {
				t.Fatalf("utf16le: %q encodes and decodes to %q", s, back)
			}
		case ASCII:
			for i := 0; i < len(s); i++ {
				if s[i] >= 0x80 || len(s) != len(b) {
					t.Fatalf("ascii: %x decodes to %q", b, s)
				}
			}
		default: // utf8, and Unknown as utf8
			if utf8.Valid(b) && s != string(b) {
				t.Fatalf("valid UTF-8 %q decodes to %q", b, s)
			}
			if again := Decode([]byte(s), enc); again != s {
				t.Fatalf("decoding %q again gives %q", s, again)
			}
			return // the bytes of a utf8 string are its byte length
		}
		want := len(b)
		if enc == UTF16LE {
			want &^= 1 // an odd last byte is dropped
		}
		if n := ByteLength(s, enc); n != want {
			t.Fatalf("%v: Buffer.byteLength(%q) = %d, decoded from %d bytes", enc, s, n, want)
		}
	})
}

// FuzzEncode: Buffer.from(s, e) on any string.
func FuzzEncode(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string, e uint8) {
		enc := pick(e)
		b := Encode(s, enc)
		n := ByteLength(s, enc)
		switch enc {
		case UTF8, Unknown:
			if string(b) != s || n != len(s) {
				t.Fatalf("utf8: %q encodes to %q, byteLength %d", s, b, n)
			}
		case Latin1, ASCII, UTF16LE:
			if n != len(b) {
				t.Fatalf("%v: %q encodes to %d bytes, byteLength says %d", enc, s, len(b), n)
			}
			if enc == UTF16LE && utf8.ValidString(s) && Decode(b, enc) != s {
				t.Fatalf("utf16le: %q encodes to %x, which decodes to %q", s, b, Decode(b, enc))
			}
		case Hex:
			if n < len(b) || Decode(b, enc) != strings.ToLower(s[:2*len(b)]) {
				t.Fatalf("hex: %q encodes to %x (byteLength %d)", s, b, n)
			}
		case Base64, Base64URL:
			// byteLength is Node's estimate from the length alone: never
			// less than what decoding gives.
			if n < len(b) {
				t.Fatalf("%v: %q encodes to %d bytes, byteLength says %d", enc, s, len(b), n)
			}
		}
	})
}

// FuzzDecoder: the StringDecoder of setEncoding, fed b in chunks cut
// where cuts says, gives what it gives for b in one chunk, which for the
// encodings other than utf8 is Decode(b).
func FuzzDecoder(f *testing.F) {
	f.Fuzz(func(t *testing.T, b, cuts []byte, e uint8) {
		enc := encodings[1+int(e)%(len(encodings)-1)] // setEncoding refuses Unknown
		whole := NewDecoder(enc)
		want := string(whole.Write(b)) + string(whole.End())
		d := NewDecoder(enc)
		var got []byte
		rest := b
		for _, c := range cuts {
			n := int(c) % (len(rest) + 1)
			got = append(got, d.Write(rest[:n])...)
			rest = rest[n:]
		}
		got = append(got, d.Write(rest)...)
		got = append(got, d.End()...)
		if string(got) != want {
			t.Fatalf("%v: %x cut at %v decodes to %q, in one chunk to %q", enc, b, cuts, got, want)
		}
		switch enc {
		case UTF8:
			if utf8.Valid(b) && want != string(b) {
				t.Fatalf("utf8: %q comes out as %q", b, want)
			}
		default:
			if d := Decode(b, enc); want != d {
				t.Fatalf("%v: %x comes out as %q, Decode gives %q", enc, b, want, d)
			}
		}
	})
}

// A surrogate pair cut between two chunks is one character, as Node's
// StringDecoder gives it ('a😀' in utf16le, cut after 'a' and the high
// surrogate); a high surrogate left at the end is one U+FFFD (Node: a
// lone surrogate, which a Lua string cannot hold).
func TestDecoderUTF16SurrogateAcrossChunks(t *testing.T) {
	b := Encode("a😀", UTF16LE)
	d := NewDecoder(UTF16LE)
	got := []string{string(d.Write(b[:4])), string(d.Write(b[4:])), string(d.End())}
	if got[0] != "a" || got[1] != "😀" || got[2] != "" {
		t.Errorf("chunks decode to %q, want [a 😀 \"\"]", got)
	}
	d = NewDecoder(UTF16LE)
	if got := string(d.Write(b[:4])) + "|" + string(d.End()); got != "a|\uFFFD" {
		t.Errorf("a held high surrogate: %q", got)
	}
}
