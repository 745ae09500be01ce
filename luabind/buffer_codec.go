package luabind

import (
	"encoding/base64"
	"encoding/hex"
	"strings"
	"unicode/utf8"
)

// Lua strings are byte strings; Node's are UTF-16. netsh treats a Lua
// string as UTF-8 text where it is valid UTF-8 and each stray byte as one
// character of that value, so: 'utf8' encoding copies the bytes as they
// are, and 'latin1' round-trips any byte string through toString.

// encoding is a normalized Node encoding name.
type encoding uint8

const (
	encUnknown encoding = iota
	encUTF8
	encUCS2
	encLatin1
	encASCII
	encBase64
	encBase64URL
	encHex
)

// encodingNames is each encoding's canonical name, as Node reports it.
var encodingNames = [...]string{"", "utf8", "utf16le", "latin1", "ascii", "base64", "base64url", "hex"}

func (e encoding) String() string { return encodingNames[e] }

// lookupEncoding is Node's getEncodingOps: a case-insensitive match of the
// names Node knows; encUnknown for anything else.
func lookupEncoding(s string) encoding {
	switch s { // the usual spellings, without lowercasing
	case "utf8", "utf-8":
		return encUTF8
	case "hex":
		return encHex
	case "base64":
		return encBase64
	case "latin1", "binary":
		return encLatin1
	}
	if len(s) > 9 {
		return encUnknown
	}
	switch strings.ToLower(s) {
	case "utf8", "utf-8":
		return encUTF8
	case "ucs2", "ucs-2", "utf16le", "utf-16le":
		return encUCS2
	case "latin1", "binary":
		return encLatin1
	case "ascii":
		return encASCII
	case "base64":
		return encBase64
	case "base64url":
		return encBase64URL
	case "hex":
		return encHex
	}
	return encUnknown
}

// decodeUnit reads one "character" of a Lua string at s[i:]: a valid UTF-8
// sequence gives its code point, a stray byte gives the byte's value.
func decodeUnit(s string, i int) (rune, int) {
	c := s[i]
	if c < utf8.RuneSelf {
		return rune(c), 1
	}
	r, n := utf8.DecodeRuneInString(s[i:])
	if r == utf8.RuneError && n <= 1 {
		return rune(c), 1
	}
	return r, n
}

// utf16Len is the length of s as a JavaScript string (UTF-16 code units),
// which Node's byteLength uses for latin1, ucs2, hex and base64.
func utf16Len(s string) int {
	n := 0
	for i := 0; i < len(s); {
		r, w := decodeUnit(s, i)
		i += w
		n++
		if r >= 0x10000 {
			n++
		}
	}
	return n
}

// isASCII reports whether s has only 7-bit bytes (then every length is
// the byte length).
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// byteLengthOf is Buffer.byteLength(s, enc).
func byteLengthOf(s string, enc encoding) int {
	switch enc {
	case encUTF8, encUnknown:
		return len(s)
	}
	n := len(s)
	if !isASCII(s) {
		n = utf16Len(s)
	}
	switch enc {
	case encUCS2:
		return n * 2
	case encHex:
		return n >> 1
	case encBase64, encBase64URL:
		// Node's estimate from the length alone (padding aside), kept
		// exactly so results match.
		if n > 0 && s[len(s)-1] == '=' {
			n--
			if n > 1 && s[len(s)-2] == '=' {
				n--
			}
		}
		return (n * 3) >> 2
	}
	return n // latin1, ascii
}

// encodeString converts a Lua string to bytes in enc. It may return a
// slice sharing nothing with s (a fresh allocation) except for utf8, which
// still copies: callers may keep and mutate the result.
func encodeString(s string, enc encoding) []byte {
	switch enc {
	case encHex:
		return decodeHex(s)
	case encBase64, encBase64URL:
		return decodeBase64(s)
	case encLatin1, encASCII:
		if isASCII(s) {
			return []byte(s)
		}
		out := make([]byte, 0, len(s))
		for i := 0; i < len(s); {
			r, w := decodeUnit(s, i)
			i += w
			if r >= 0x10000 { // a surrogate pair: two UTF-16 units
				hi, lo := surrogates(r)
				out = append(out, byte(hi), byte(lo))
				continue
			}
			out = append(out, byte(r))
		}
		return out
	case encUCS2:
		out := make([]byte, 0, 2*len(s))
		for i := 0; i < len(s); {
			r, w := decodeUnit(s, i)
			i += w
			if r >= 0x10000 {
				hi, lo := surrogates(r)
				out = append(out, byte(hi), byte(hi>>8), byte(lo), byte(lo>>8))
				continue
			}
			out = append(out, byte(r), byte(r>>8))
		}
		return out
	}
	return []byte(s)
}

func surrogates(r rune) (hi, lo uint16) {
	r -= 0x10000
	return uint16(0xD800 + (r>>10)&0x3FF), uint16(0xDC00 + r&0x3FF)
}

// hexVal maps a hex digit to its value, 0xFF for anything else.
var hexVal = func() (t [256]byte) {
	for i := range t {
		t[i] = 0xFF
	}
	for i := 0; i < 10; i++ {
		t['0'+i] = byte(i)
	}
	for i := 0; i < 6; i++ {
		t['a'+i] = byte(10 + i)
		t['A'+i] = byte(10 + i)
	}
	return
}()

// decodeHex is Node's hex decoding: pairs of digits up to the first pair
// that is not one; an odd last digit is dropped.
func decodeHex(s string) []byte {
	out := make([]byte, 0, len(s)/2)
	for i := 0; i+1 < len(s); i += 2 {
		a, b := hexVal[s[i]], hexVal[s[i+1]]
		if a == 0xFF || b == 0xFF {
			break
		}
		out = append(out, a<<4|b)
	}
	return out
}

// b64Val maps both base64 alphabets to 6-bit values, 0xFF for the rest.
var b64Val = func() (t [256]byte) {
	for i := range t {
		t[i] = 0xFF
	}
	const std = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
	for i := 0; i < len(std); i++ {
		t[std[i]] = byte(i)
	}
	t['-'] = 62
	t['_'] = 63
	return
}()

// decodeBase64 is Node's lenient base64 decoding: either alphabet,
// padding optional, other characters (whitespace) skipped, stops at '='.
func decodeBase64(s string) []byte {
	out := make([]byte, 0, len(s)*3/4)
	var acc uint32
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '=' {
			break
		}
		v := b64Val[c]
		if v == 0xFF {
			continue
		}
		acc = acc<<6 | uint32(v)
		n++
		if n == 4 {
			out = append(out, byte(acc>>16), byte(acc>>8), byte(acc))
			acc, n = 0, 0
		}
	}
	switch n {
	case 2:
		out = append(out, byte(acc>>4))
	case 3:
		out = append(out, byte(acc>>10), byte(acc>>2))
	}
	return out
}

// decodeBytes is buf:toString(enc) for a byte range.
func decodeBytes(b []byte, enc encoding) string {
	switch enc {
	case encHex:
		return hex.EncodeToString(b)
	case encBase64:
		return base64.StdEncoding.EncodeToString(b)
	case encBase64URL:
		return base64.RawURLEncoding.EncodeToString(b)
	case encLatin1:
		return decodeLatin1(b)
	case encASCII:
		out := make([]byte, len(b))
		for i, c := range b {
			out[i] = c & 0x7F
		}
		return string(out)
	case encUCS2:
		return decodeUTF16LE(b)
	}
	return decodeUTF8(b)
}

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
			out = append(out, "\uFFFD"...)
			i++
			continue
		}
		j, ok := i+1, true
		for k := 0; k < need; k++ {
			if j >= len(b) || b[j] < lo || b[j] > hi {
				ok = false
				break
			}
			lo, hi = 0x80, 0xBF
			j++
		}
		if ok {
			out = append(out, b[i:j]...)
		} else {
			out = append(out, "\uFFFD"...)
		}
		i = j
	}
	return string(out)
}

// utf8Cut is how many of the first max bytes of s a utf8 write keeps:
// like Node, it never writes part of a character.
func utf8Cut(s string, max int) int {
	if max >= len(s) {
		return len(s)
	}
	// Find the start of the sequence the cut falls in.
	i := max
	for k := 0; k < 3 && i > 0 && s[i]&0xC0 == 0x80; k++ {
		i--
	}
	if i == max {
		return max // the cut is at a character boundary
	}
	if r, n := utf8.DecodeRuneInString(s[i:]); !(r == utf8.RuneError && n <= 1) && i+n > max {
		return i // a valid character would be split: leave it out
	}
	return max
}
