package jsfmt

import (
	"math"
	"math/big"
	"strconv"
	"strings"
)

// StringToNumber is JS Number(s) for a string: white space trimmed, ""
// is 0, 0x/0o/0b prefixes, decimal literals and Infinity; anything else
// is NaN.
func StringToNumber(s string) float64 {
	s = strings.TrimFunc(s, isSpace)
	if s == "" {
		return 0
	}
	if len(s) > 2 && s[0] == '0' {
		if base := prefixBase(s[1]); base != 0 {
			return parseDigits(s[2:], base)
		}
	}
	f, l := parseDecimalPrefix(s)
	if l != len(s) {
		return math.NaN()
	}
	return f
}

// ParseFloat is JS parseFloat(s): the longest decimal prefix after
// leading white space, NaN if there is none.
func ParseFloat(s string) float64 {
	s = strings.TrimLeftFunc(s, isSpace)
	f, _ := parseDecimalPrefix(s)
	return f
}

// ParseInt is JS parseInt(s) with no radix: a sign, then decimal digits
// or 0x and hex digits, stopping at the first other character; NaN if no
// digit is read.
func ParseInt(s string) float64 {
	s = strings.TrimLeftFunc(s, isSpace)
	neg := false
	if s != "" && (s[0] == '+' || s[0] == '-') {
		neg = s[0] == '-'
		s = s[1:]
	}
	base := 10
	if len(s) >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') {
		base = 16
		s = s[2:]
	}
	end := 0
	for end < len(s) && digitVal(rune(s[end])) < base {
		end++
	}
	if end == 0 {
		return math.NaN()
	}
	n := digitsValue(s[:end], base)
	if neg {
		return -n
	}
	return n
}

// isSpace reports whether r is white space or a line terminator as JS
// trims them.
func isSpace(r rune) bool {
	switch r {
	case '\t', '\n', '\v', '\f', '\r', ' ', 0xa0, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff:
		return true
	}
	return r >= 0x2000 && r <= 0x200a
}

// prefixBase is the base a 0x, 0o or 0b prefix names (by its letter c),
// or 0.
func prefixBase(c byte) int {
	switch c {
	case 'x', 'X':
		return 16
	case 'o', 'O':
		return 8
	case 'b', 'B':
		return 2
	}
	return 0
}

// parseDigits reads all of s as digits in base; any other character
// makes it NaN.
func parseDigits(s string, base int) float64 {
	for _, c := range s {
		if digitVal(c) >= base {
			return math.NaN()
		}
	}
	return digitsValue(s, base)
}

// exactDigits is, per base, how many digits always make an integer below
// 2^53, which a float64 accumulates without rounding.
var exactDigits = map[int]int{2: 53, 8: 17, 10: 15, 16: 13}

// digitsValue is the integer that digits (all valid in base) write, as
// the nearest float64, ties to even, as V8 gives it. Accumulating longer
// numbers in a float64 would round at every digit and can end one unit
// off.
func digitsValue(digits string, base int) float64 {
	if len(digits) <= exactDigits[base] {
		n := 0.0
		for i := 0; i < len(digits); i++ {
			n = n*float64(base) + float64(digitVal(rune(digits[i])))
		}
		return n
	}
	if base == 10 {
		f, _ := strconv.ParseFloat(digits, 64) // ±Inf past the range, as in JS
		return f
	}
	n, _ := new(big.Int).SetString(digits, base)
	f, _ := new(big.Float).SetInt(n).Float64()
	return f
}

// digitVal is the value of an ASCII digit or letter (36 for others).
func digitVal(c rune) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'a' && c <= 'z':
		return int(c-'a') + 10
	case c >= 'A' && c <= 'Z':
		return int(c-'A') + 10
	}
	return 36
}

// parseDecimalPrefix parses the longest prefix of s that is a JS
// StrDecimalLiteral (sign, digits, fraction, exponent, or Infinity) and
// returns its value and length; length 0 means none (value NaN).
func parseDecimalPrefix(s string) (float64, int) {
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	if strings.HasPrefix(s[i:], "Infinity") {
		if s[0] == '-' {
			return math.Inf(-1), i + 8
		}
		return math.Inf(1), i + 8
	}
	digits := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
		digits++
	}
	if i < len(s) && s[i] == '.' {
		j := i + 1
		frac := 0
		for j < len(s) && s[j] >= '0' && s[j] <= '9' {
			j++
			frac++
		}
		if digits > 0 || frac > 0 {
			i = j
			digits += frac
		}
	}
	if digits == 0 {
		return math.NaN(), 0
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		j := i + 1
		if j < len(s) && (s[j] == '+' || s[j] == '-') {
			j++
		}
		k := j
		for k < len(s) && s[k] >= '0' && s[k] <= '9' {
			k++
		}
		if k > j {
			i = k
		}
	}
	// Out of range is ±Inf or ±0 with ErrRange, which is what JS gives too.
	f, _ := strconv.ParseFloat(s[:i], 64)
	return f, i
}
