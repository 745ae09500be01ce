package jsfmt

import (
	"math"
	"strconv"
)

// Number is JS Number.prototype.toString (String(f)): integers without a
// fraction, "1e+21" past 21 digits, "1e-7" below 1e-6, "NaN",
// "Infinity", and -0 as "0".
func Number(f float64) string {
	if f == math.Trunc(f) && math.Abs(f) < 1e15 {
		return strconv.FormatInt(int64(f), 10) // the common case, fast
	}
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	}
	digits, n := shortestDigits(f)
	var out []byte
	if f < 0 {
		out = append(out, '-')
	}
	return string(layoutDigits(out, digits, n))
}

// InspectNumber is a number as util.inspect (and util.format's %d, %i,
// %f) prints it: Number, except that -0 is "-0".
func InspectNumber(f float64) string {
	if f == 0 && math.Signbit(f) {
		return "-0"
	}
	return Number(f)
}

// shortestDigits returns the shortest decimal digits that round-trip |f|
// and the decimal point position n: |f| = 0.digits × 10^n.
func shortestDigits(f float64) ([]byte, int) {
	var buf [32]byte
	e := strconv.AppendFloat(buf[:0], math.Abs(f), 'e', -1, 64)
	ep := 0
	for ep < len(e) && e[ep] != 'e' {
		ep++
	}
	digits := make([]byte, 0, 20)
	for _, c := range e[:ep] {
		if c != '.' {
			digits = append(digits, c)
		}
	}
	exp, _ := strconv.Atoi(string(e[ep+1:]))
	return digits, exp + 1
}

// layoutDigits appends digits with the point at n as ECMAScript's
// Number::toString lays them out: plain up to 21 integer digits, plain
// down to 1e-6, exponential otherwise.
func layoutDigits(out, digits []byte, n int) []byte {
	k := len(digits)
	switch {
	case k <= n && n <= 21:
		out = append(out, digits...)
		for i := 0; i < n-k; i++ {
			out = append(out, '0')
		}
	case 0 < n && n <= 21:
		out = append(out, digits[:n]...)
		out = append(out, '.')
		out = append(out, digits[n:]...)
	case -6 < n && n <= 0:
		out = append(out, '0', '.')
		for i := 0; i < -n; i++ {
			out = append(out, '0')
		}
		out = append(out, digits...)
	default:
		out = append(out, digits[0])
		if k > 1 {
			out = append(out, '.')
			out = append(out, digits[1:]...)
		}
		out = append(out, 'e')
		if n-1 >= 0 {
			out = append(out, '+')
		}
		out = strconv.AppendInt(out, int64(n-1), 10)
	}
	return out
}
