package encoding

import "unicode/utf8"

// Encode converts a Lua string to bytes in e, as Buffer.from(s, e) does;
// Unknown encodes as utf8. The result never shares memory with s, so
// callers may keep and mutate it.
func Encode(s string, e Encoding) []byte {
	switch e {
	case Hex:
		return decodeHex(s)
	case Base64, Base64URL:
		return decodeBase64(s)
	case Latin1, ASCII:
		return encodeLatin1(s)
	case UTF16LE:
		return encodeUTF16LE(s)
	}
	return []byte(s)
}

// ByteLength is Buffer.byteLength(s, e); Unknown counts as utf8, as in
// Node.
func ByteLength(s string, e Encoding) int {
	switch e {
	case UTF8, Unknown:
		return len(s)
	}
	n := len(s)
	if !isASCII(s) {
		n = utf16Len(s)
	}
	switch e {
	case UTF16LE:
		return n * 2
	case Hex:
		return n >> 1
	case Base64, Base64URL:
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

// CutUTF8 is how many of the first max bytes of s a utf8 write into a
// buffer of max bytes keeps: like Node, it never writes part of a valid
// character (stray bytes are characters of one byte).
func CutUTF8(s string, max int) int {
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

// encodeLatin1 keeps the low byte of each UTF-16 unit of s, as Node's
// latin1 and ascii writes do.
func encodeLatin1(s string) []byte {
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
}

// encodeUTF16LE writes each UTF-16 unit of s little-endian.
func encodeUTF16LE(s string) []byte {
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

// surrogates splits a code point above the BMP into its UTF-16 pair.
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
