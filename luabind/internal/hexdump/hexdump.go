// Package hexdump formats bytes for people: hexdump -C's offset, hex and
// ASCII columns, optionally marked with the direction the bytes went
// (netsh connect -x, --trace -x), and a one-line form for traces that
// shows text as text and anything else as hex. No Lua here.
package hexdump

import (
	"strconv"
	"strings"
)

const hexDigits = "0123456789abcdef"

// Dump formats p as hexdump -C lines of 16 bytes, the first at stream
// offset off, each led by mark and a space when mark is not empty
// (">" for bytes sent, "<" for bytes received). Every line ends in a
// newline; an empty p gives "".
func Dump(p []byte, off int64, mark string) string {
	var b strings.Builder
	b.Grow((len(p)/16 + 1) * (80 + len(mark)))
	for i := 0; i < len(p); i += 16 {
		end := min(i+16, len(p))
		if mark != "" {
			b.WriteString(mark)
			b.WriteByte(' ')
		}
		line(&b, p[i:end], off+int64(i))
	}
	return b.String()
}

// line writes one line: the offset, 16 hex columns (a gap after the
// eighth), and the bytes as ASCII between bars, '.' for the rest.
func line(b *strings.Builder, p []byte, off int64) {
	o := strconv.FormatInt(off, 16)
	for n := len(o); n < 8; n++ {
		b.WriteByte('0')
	}
	b.WriteString(o)
	b.WriteString("  ")
	for i := 0; i < 16; i++ {
		if i < len(p) {
			b.WriteByte(hexDigits[p[i]>>4])
			b.WriteByte(hexDigits[p[i]&15])
		} else {
			b.WriteString("  ")
		}
		b.WriteByte(' ')
		if i == 7 {
			b.WriteByte(' ')
		}
	}
	b.WriteString(" |")
	for _, c := range p {
		if c < 32 || c > 126 {
			c = '.'
		}
		b.WriteByte(c)
	}
	b.WriteString("|\n")
}

// Format is exactly what hexdump -C prints for p: the lines, then the
// offset after the last byte.
func Format(p []byte) string {
	o := strconv.FormatInt(int64(len(p)), 16)
	return Dump(p, 0, "") + strings.Repeat("0", max(0, 8-len(o))) + o + "\n"
}

// Text is p on one line for a trace: in double quotes with Go's escapes
// when it is mostly text (\r, \n and \t escaped), else as hex digits;
// past limit bytes (limit > 0) it is cut and "..." follows.
func Text(p []byte, limit int) string {
	cut := false
	if limit > 0 && len(p) > limit {
		p, cut = p[:limit], true
	}
	var s string
	if isText(p) {
		s = strconv.Quote(string(p))
	} else {
		h := make([]byte, 2*len(p))
		for i, c := range p {
			h[2*i], h[2*i+1] = hexDigits[c>>4], hexDigits[c&15]
		}
		s = "0x" + string(h)
	}
	if cut {
		s += "..."
	}
	return s
}

// isText reports whether p is printable ASCII but for line ends and tabs.
func isText(p []byte) bool {
	for _, c := range p {
		if (c < 32 || c > 126) && c != '\r' && c != '\n' && c != '\t' {
			return false
		}
	}
	return true
}
