package jsfmt

import (
	"math"
	"math/big"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// Fuzz targets of JavaScript's string-to-number conversions and of
// util.inspect's string quoting (CI runs each for a few seconds; their
// seed corpora are in testdata/fuzz). Each compares with an oracle
// written from the ECMAScript grammar and Go's correctly rounded
// conversions, the way V8 converts: the nearest double, ties to even.

// jsSpace is ECMAScript's WhiteSpace and LineTerminator, written from the
// spec (the Zs category and the listed code points) rather than copied
// from isSpace.
func jsSpace(r rune) bool {
	return unicode.Is(unicode.Zs, r) || strings.ContainsRune("\t\n\v\f\r\u2028\u2029\ufeff", r)
}

// decimalLiteral is a StrDecimalLiteral (sign, Infinity or digits with a
// fraction and an exponent).
var decimalLiteral = regexp.MustCompile(`^[+-]?(?:Infinity|(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)`)

func init() { decimalLiteral.Longest() }

// nearest is the double nearest to the integer written in digits (valid
// digits of base, at least one), ties to even.
func nearest(digits string, base int) float64 {
	n, ok := new(big.Int).SetString(digits, base)
	if !ok {
		panic("nearest: not digits: " + digits)
	}
	f, _ := new(big.Float).SetInt(n).Float64()
	return f
}

// same reports whether a and b are the same number: NaN equals NaN, and
// -0 is not 0.
func same(a, b float64) bool {
	if math.IsNaN(a) || math.IsNaN(b) {
		return math.IsNaN(a) && math.IsNaN(b)
	}
	return a == b && math.Signbit(a) == math.Signbit(b)
}

// digitRun is the longest prefix of s made of digits of base.
func digitRun(s string, base int) string {
	i := 0
	for i < len(s) && digitVal(rune(s[i])) < base {
		i++
	}
	return s[:i]
}

// FuzzParseFloat: parseFloat(s) is the value of the longest decimal
// literal after leading white space, NaN if there is none.
func FuzzParseFloat(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string) {
		got := ParseFloat(s)
		want := math.NaN()
		if m := decimalLiteral.FindString(strings.TrimLeftFunc(s, jsSpace)); m != "" {
			want, _ = strconv.ParseFloat(m, 64) // Go reads "Infinity" and gives ±Inf past the range, as JS does
		}
		if !same(got, want) {
			t.Fatalf("ParseFloat(%q) = %v, want %v", s, got, want)
		}
	})
}

// FuzzParseInt: parseInt(s) reads a sign, then 0x and hex digits or
// decimal digits, and gives the nearest double to the integer they make.
func FuzzParseInt(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string) {
		got := ParseInt(s)
		rest := strings.TrimLeftFunc(s, jsSpace)
		neg := strings.HasPrefix(rest, "-")
		if neg || strings.HasPrefix(rest, "+") {
			rest = rest[1:]
		}
		base := 10
		if len(rest) >= 2 && rest[0] == '0' && (rest[1] == 'x' || rest[1] == 'X') {
			base, rest = 16, rest[2:]
		}
		want := math.NaN()
		if d := digitRun(rest, base); d != "" {
			want = nearest(d, base)
			if neg {
				want = -want
			}
		}
		if !same(got, want) {
			t.Fatalf("ParseInt(%q) = %v, want %v", s, got, want)
		}
	})
}

// FuzzStringToNumber: Number(s) for a string: the whole of it, white
// space trimmed, is empty (0), a 0x/0o/0b integer, or a decimal literal;
// anything else is NaN.
func FuzzStringToNumber(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string) {
		got := StringToNumber(s)
		trimmed := strings.TrimFunc(s, jsSpace)
		want := math.NaN()
		switch base := 0; {
		case trimmed == "":
			want = 0
		case len(trimmed) > 2 && trimmed[0] == '0' && strings.ContainsRune("xXoObB", rune(trimmed[1])):
			base = map[byte]int{'x': 16, 'X': 16, 'o': 8, 'O': 8, 'b': 2, 'B': 2}[trimmed[1]]
			if d := trimmed[2:]; digitRun(d, base) == d {
				want = nearest(d, base)
			}
		default:
			if m := decimalLiteral.FindString(trimmed); m == trimmed {
				want, _ = strconv.ParseFloat(m, 64)
			}
		}
		if !same(got, want) {
			t.Fatalf("StringToNumber(%q) = %v, want %v", s, got, want)
		}
	})
}

// unquote reverses Quote for a string that is UTF-8: the escapes Node
// writes, \xNN of 0x80 and above being the character U+00NN (a C1
// control).
func unquote(q string) (string, bool) {
	var b strings.Builder
	body := q[1 : len(q)-1]
	for i := 0; i < len(body); i++ {
		c := body[i]
		if c != '\\' {
			b.WriteByte(c)
			continue
		}
		if i+1 >= len(body) {
			return "", false
		}
		i++
		switch body[i] {
		case '\'', '\\':
			b.WriteByte(body[i])
		case 'b':
			b.WriteByte('\b')
		case 't':
			b.WriteByte('\t')
		case 'n':
			b.WriteByte('\n')
		case 'f':
			b.WriteByte('\f')
		case 'r':
			b.WriteByte('\r')
		case 'x':
			if i+2 >= len(body) {
				return "", false
			}
			v, err := strconv.ParseUint(body[i+1:i+3], 16, 8)
			if err != nil || strings.ToUpper(body[i+1:i+3]) != body[i+1:i+3] {
				return "", false
			}
			if v < 0x80 {
				b.WriteByte(byte(v))
			} else {
				b.WriteRune(rune(v))
			}
			i += 2
		default:
			return "", false
		}
	}
	return b.String(), true
}

// FuzzQuote: util.inspect's quoting of any string is valid UTF-8 in one
// of Node's three quotes, escapes the quote it uses only if it is ', and
// reads back as the string when the string is UTF-8.
func FuzzQuote(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string) {
		q := Quote(s)
		if !utf8.ValidString(q) || len(q) < 2 || q[0] != q[len(q)-1] || !strings.ContainsRune(`'"`+"`", rune(q[0])) {
			t.Fatalf("Quote(%q) = %q", s, q)
		}
		if want := pickQuoteOracle(s); q[0] != want {
			t.Fatalf("Quote(%q) = %q, want the quote %c", s, q, want)
		}
		body := q[1 : len(q)-1]
		if strings.ContainsRune(body, rune(q[0])) && q[0] != '\'' {
			t.Fatalf("Quote(%q) = %q has its quote inside", s, q)
		}
		if !utf8.ValidString(s) {
			return
		}
		if back, ok := unquote(q); !ok || back != s {
			t.Fatalf("Quote(%q) = %q reads back as %q (%v)", s, q, back, ok)
		}
	})
}

// pickQuoteOracle is Node's choice of quote (strEscape): ' unless the
// string has one; then " if it has none, else ` if it has neither a
// backtick nor "${", else ' with escapes.
func pickQuoteOracle(s string) byte {
	switch {
	case !strings.Contains(s, "'"):
		return '\''
	case !strings.Contains(s, `"`):
		return '"'
	case !strings.Contains(s, "`") && !strings.Contains(s, "${"):
		return '`'
	}
	return '\''
}

// Integers longer than a float64 holds exactly round once, to the
// nearest, as in Node 20 (parseInt, Number, util.format's %i), not once
// per digit.
func TestLongIntegersRoundOnce(t *testing.T) {
	for _, c := range []struct {
		got  float64
		want string // as Node 20 prints it
	}{
		{ParseInt("99999999999999999999999"), "1e+23"},
		{ParseInt("1000000000000100070"), "1000000000000100100"},
		{ParseInt("-123456789012345678901234567890"), "-1.2345678901234568e+29"},
		{ParseInt("0x20000000000001F"), "144115188075855900"},
		{StringToNumber("0X2000000000000101"), "2305843009213694500"},
		{StringToNumber("0o7777777777777777777777"), "73786976294838210000"},
		{StringToNumber("0b" + strings.Repeat("1", 60)), "1152921504606847000"},
	} {
		if got := Number(c.got); got != c.want {
			t.Errorf("got %s, want %s", got, c.want)
		}
	}
}
