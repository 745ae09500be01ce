package encoding

import (
	"encoding/base64"
	"encoding/hex"
	"strings"
	"unicode/utf8"
)

// Decode converts bytes to a Lua string as buf:toString(e) does: utf8
// (and Unknown) replaces each maximal invalid subsequence with U+FFFD, as
// Node's WHATWG decoder does.
func Decode(b []byte, e Encoding) string {
	switch e {
	case Hex:
		return hex.EncodeToString(b)
	case Base64:
		return base64.StdEncoding.EncodeToString(b)
	case Base64URL:
		return base64.RawURLEncoding.EncodeToString(b)
	case Latin1:
		return decodeLatin1(b)
	case ASCII:
		out := make([]byte, len(b))
		for i, c := range b {
			out[i] = c & 0x7F
		}
		return string(out)
	case UTF16LE:
		return decodeUTF16LE(b)
	}
	return decodeUTF8(b)
}

// DecodeChunk is Decode for data read from streams, sockets and files:
// utf8 comes back byte for byte, invalid sequences included (a Lua string
// holds any bytes, so nothing needs replacing); every other encoding,
// Unknown included, as Decode.
func DecodeChunk(b []byte, e Encoding) string {
	if e == UTF8 {
		return string(b)
	}
	return Decode(b, e)
}

// decodeLatin1 turns each byte into the character of that value, UTF-8
// encoded.
func decodeLatin1(b []byte) string {
	n := len(b)
	for _, c := range b {
		if c >= 0x80 {
			n++
		}
	}
	if n == len(b) {
		return string(b)
	}
	out := make([]byte, 0, n)
	for _, c := range b {
		if c < 0x80 {
			out = append(out, c)
		} else {
			out = append(out, 0xC0|c>>6, 0x80|c&0x3F)
		}
	}
	return string(out)
}

// decodeUTF16LE decodes little-endian UTF-16 units; a lone surrogate
// becomes U+FFFD (a Lua string cannot hold one), an odd last byte is
// dropped, as Node does.
func decodeUTF16LE(b []byte) string {
	var sb strings.Builder
	sb.Grow(len(b) / 2)
	for i := 0; i+1 < len(b); i += 2 {
		u := rune(b[i]) | rune(b[i+1])<<8
		if u >= 0xD800 && u < 0xDC00 && i+3 < len(b) {
			u2 := rune(b[i+2]) | rune(b[i+3])<<8
			if u2 >= 0xDC00 && u2 < 0xE000 {
				sb.WriteRune(0x10000 + (u-0xD800)<<10 + (u2 - 0xDC00))
				i += 2
				continue
			}
		}
		if u >= 0xD800 && u < 0xE000 {
			u = utf8.RuneError
		}
		sb.WriteRune(u)
	}
	return sb.String()
}

// decodeUTF8 is Node's (WHATWG) UTF-8 decoding: valid input is returned
// as is, each maximal invalid subsequence becomes one U+FFFD.
func decodeUTF8(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	out := make([]byte, 0, len(b)+8)
	for i := 0; i < len(b); {
		c := b[i]
		if c < 0x80 {
			out = append(out, c)
			i++
			continue
		}
		j, ok := utf8Sequence(b, i)
		if ok {
			out = append(out, b[i:j]...)
		} else {
			out = append(out, "\uFFFD"...)
		}
		i = j
	}
	return string(out)
}

// utf8Sequence checks the multi-byte sequence that starts at b[i]: it
// returns where the sequence (or the maximal invalid prefix of one) ends,
// and whether it is a valid character.
func utf8Sequence(b []byte, i int) (end int, ok bool) {
	c := b[i]
	need := 0
	lo, hi := byte(0x80), byte(0xBF)
	switch {
	case c >= 0xC2 && c <= 0xDF:
		need = 1
	case c == 0xE0:
		need, lo = 2, 0xA0
	case c == 0xED:
		need, hi = 2, 0x9F
	case c >= 0xE1 && c <= 0xEF:
		need = 2
	case c == 0xF0:
		need, lo = 3, 0x90
	case c == 0xF4:
		need, hi = 3, 0x8F
	case c >= 0xF1 && c <= 0xF3:
		need = 3
	default:
		return i + 1, false
	}
	j := i + 1
	for k := 0; k < need; k++ {
		if j >= len(b) || b[j] < lo || b[j] > hi {
			return j, false
		}
		lo, hi = 0x80, 0xBF
		j++
	}
	return j, true
}
