package dnsmsg

import "errors"

// maxName is the longest name on the wire, with its length bytes and the
// root's zero (RFC 1035 section 3.1).
const maxName = 255

// Why a name cannot be encoded.
var (
	errEmptyLabel = errors.New("has an empty label")
	errLongLabel  = errors.New("has a label longer than 63 bytes")
	errLongName   = errors.New("is longer than 255 bytes on the wire")
	errBadEscape  = errors.New("has a bad escape (\\X or \\DDD with DDD <= 255)")
)

// appendWire appends name's uncompressed wire form (length-prefixed
// labels, then the root's zero) to b.
func appendWire(b []byte, name string) ([]byte, error) {
	start := len(b)
	if name == "" || name == "." {
		return append(b, 0), nil
	}
	lenAt := len(b)
	b = append(b, 0)
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case c == '.':
			if len(b)-lenAt == 1 {
				return b, errEmptyLabel
			}
			if i == len(name)-1 { // the trailing dot of an absolute name
				continue
			}
			lenAt = len(b)
			b = append(b, 0)
			continue
		case c == '\\':
			v, n, ok := unescape(name[i+1:])
			if !ok {
				return b, errBadEscape
			}
			c = v
			i += n
		}
		if len(b)-lenAt > 63 {
			return b, errLongLabel
		}
		if len(b)-start >= maxName {
			return b, errLongName
		}
		b = append(b, c)
		b[lenAt]++
	}
	if len(b)-lenAt == 1 {
		return b, errEmptyLabel
	}
	b = append(b, 0)
	if len(b)-start > maxName {
		return b, errLongName
	}
	return b, nil
}

// unescape reads the escape after a backslash: \DDD or \X. It returns the
// byte and how many characters it took.
func unescape(s string) (byte, int, bool) {
	if len(s) == 0 {
		return 0, 0, false
	}
	if s[0] < '0' || s[0] > '9' {
		return s[0], 1, true
	}
	if len(s) < 3 {
		return 0, 0, false
	}
	v := 0
	for _, d := range []byte(s[:3]) {
		if d < '0' || d > '9' {
			return 0, 0, false
		}
		v = v*10 + int(d-'0')
	}
	if v > 255 {
		return 0, 0, false
	}
	return byte(v), 3, true
}

// appendLabel appends label's presentation form to b: a dot and a
// backslash escaped with a backslash, bytes outside '!'..'~' as \DDD.
func appendLabel(b, label []byte) []byte {
	for _, c := range label {
		switch {
		case c == '.' || c == '\\':
			b = append(b, '\\', c)
		case c < '!' || c > '~':
			b = append(b, '\\', '0'+c/100, '0'+c/10%10, '0'+c%10)
		default:
			b = append(b, c)
		}
	}
	return b
}
