package jsfmt

import (
	"strings"
	"unicode/utf8"
)

// Len is s's length in UTF-16 units, as JS .length counts it; s is taken
// as UTF-8, a 4-byte sequence counting 2 (a surrogate pair).
func Len(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x80 || c >= 0xc0 {
			n++
			if c >= 0xf0 {
				n++ // astral: a surrogate pair
			}
		}
	}
	return n
}

// IsIdentKey reports whether util.inspect prints an object key bare
// rather than quoted (/^[a-zA-Z_][a-zA-Z_0-9]*$/).
func IsIdentKey(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (i > 0 && c >= '0' && c <= '9') {
			continue
		}
		return false
	}
	return true
}

const hexDigits = "0123456789ABCDEF"

// Quote is s as util.inspect prints a string: in single quotes, or double
// quotes / backticks when that avoids escaping a single quote; control
// characters, backslashes and C1 controls escaped as Node escapes them,
// and bytes that are not UTF-8 as \xNN (JS strings have none).
func Quote(s string) string {
	quote := pickQuote(s)
	if !needsEscape(s, quote) {
		return string(quote) + s + string(quote)
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	b.WriteByte(quote)
	for i := 0; i < len(s); {
		c := s[i]
		if c < 0x80 {
			writeASCIIEscaped(&b, c, quote)
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1: // not UTF-8: show the byte
			writeHexEscape(&b, c)
		case r >= 0x80 && r < 0xa0: // C1 controls, escaped by Node
			writeHexEscape(&b, byte(r))
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	b.WriteByte(quote)
	return b.String()
}

// pickQuote is the quote Node's strEscape chooses for s.
func pickQuote(s string) byte {
	if strings.IndexByte(s, '\'') >= 0 {
		if strings.IndexByte(s, '"') < 0 {
			return '"'
		} else if strings.IndexByte(s, '`') < 0 && !strings.Contains(s, "${") {
			return '`'
		}
	}
	return '\''
}

// needsEscape reports whether s quoted with quote has anything to escape;
// most strings do not, and are returned without building a copy.
func needsEscape(s string, quote byte) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c == '\\' || c == 0x7f || c >= 0x80 || (c == '\'' && quote == '\'') {
			return true
		}
	}
	return false
}

// writeASCIIEscaped writes the ASCII byte c of a string quoted with quote.
func writeASCIIEscaped(b *strings.Builder, c, quote byte) {
	switch {
	case c == quote && quote == '\'':
		b.WriteString(`\'`)
	case c == '\\':
		b.WriteString(`\\`)
	case c == '\b':
		b.WriteString(`\b`)
	case c == '\t':
		b.WriteString(`\t`)
	case c == '\n':
		b.WriteString(`\n`)
	case c == '\f':
		b.WriteString(`\f`)
	case c == '\r':
		b.WriteString(`\r`)
	case c < 0x20 || c == 0x7f:
		writeHexEscape(b, c)
	default:
		b.WriteByte(c)
	}
}

// writeHexEscape writes c as \xNN with upper-case digits, as Node does.
func writeHexEscape(b *strings.Builder, c byte) {
	b.WriteString(`\x`)
	b.WriteByte(hexDigits[c>>4])
	b.WriteByte(hexDigits[c&15])
}

// WriteJSONString writes s to b as JSON.stringify quotes a string: in
// double quotes, with \" \\ \b \f \n \r \t and \u00XX for other control
// characters; all other bytes are copied as they are.
func WriteJSONString(b *strings.Builder, s string) {
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"':
			b.WriteString(`\"`)
		case c == '\\':
			b.WriteString(`\\`)
		case c == '\b':
			b.WriteString(`\b`)
		case c == '\f':
			b.WriteString(`\f`)
		case c == '\n':
			b.WriteString(`\n`)
		case c == '\r':
			b.WriteString(`\r`)
		case c == '\t':
			b.WriteString(`\t`)
		case c < 0x20:
			b.WriteString(`\u00`)
			b.WriteByte("0123456789abcdef"[c>>4])
			b.WriteByte("0123456789abcdef"[c&15])
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('"')
}
