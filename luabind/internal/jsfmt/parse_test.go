package jsfmt

import (
	"math"
	"strconv"
	"testing"
)

// parseCases pair a string with what Node 20 printed for util.inspect of
// Number(s), parseFloat(s) and parseInt(s) (generated once with node).
var parseCases = []struct{ s, number, parseFloat, parseInt string }{
	{"", "0", "NaN", "NaN"},
	{"  ", "0", "NaN", "NaN"},
	{"12", "12", "12", "12"},
	{" 12 ", "12", "12", "12"},
	{"\u00a012\ufeff", "12", "12", "12"},
	{"-0", "-0", "-0", "-0"},
	{"+5", "5", "5", "5"},
	{"0x10", "16", "0", "16"},
	{"0X1f", "31", "0", "31"},
	{"-0x10", "NaN", "-0", "-16"},
	{"0o17", "15", "0", "0"},
	{"0b101", "5", "0", "0"},
	{"0B2", "NaN", "0", "0"},
	{"0x", "NaN", "0", "NaN"},
	{"0xg", "NaN", "0", "NaN"},
	{"1_000", "NaN", "1", "1"},
	{"Infinity", "Infinity", "Infinity", "NaN"},
	{"-Infinity", "-Infinity", "-Infinity", "NaN"},
	{"+Infinity", "Infinity", "Infinity", "NaN"},
	{"infinity", "NaN", "NaN", "NaN"},
	{".5", "0.5", "0.5", "NaN"},
	{"5.", "5", "5", "5"},
	{".", "NaN", "NaN", "NaN"},
	{"+.5", "0.5", "0.5", "NaN"},
	{"1e", "NaN", "1", "1"},
	{"1e+", "NaN", "1", "1"},
	{"1e3", "1000", "1000", "1"},
	{"1E-3", "0.001", "0.001", "1"},
	{"1e1000", "Infinity", "Infinity", "1"},
	{"-1e-400", "-0", "-0", "-1"},
	{"12px", "NaN", "12", "12"},
	{"42.9px", "NaN", "42.9", "42"},
	{"0x1fz", "NaN", "0", "31"},
	{"  -17.9", "-17.9", "-17.9", "-17"},
	{"abc", "NaN", "NaN", "NaN"},
	{"1e21", "1e+21", "1e+21", "1"},
	{"9007199254740993", "9007199254740992", "9007199254740992", "9007199254740992"},
	{"1.2.3", "NaN", "1.2", "1"},
	{"\n\t 3", "3", "3", "3"},
	{"-.5e1x", "NaN", "-5", "NaN"},
	{"Infinityx", "NaN", "Infinity", "NaN"},
	{".e1", "NaN", "NaN", "NaN"},
	{"00x1", "NaN", "0", "0"},
	{"0.0000001", "1e-7", "1e-7", "0"},
	{"  +0x10", "NaN", "0", "16"},
	{"-", "NaN", "NaN", "NaN"},
	{"+", "NaN", "NaN", "NaN"},
	{"1__2", "NaN", "1", "1"},
	{"\u3000 7 \u2028", "7", "7", "7"},
}

func TestParse(t *testing.T) {
	for _, c := range parseCases {
		check := func(name string, got float64, want string) {
			t.Helper()
			w := parseForTest(t, want)
			same := got == w && math.Signbit(got) == math.Signbit(w) || math.IsNaN(got) && math.IsNaN(w)
			if !same {
				t.Errorf("%s(%q) = %v, want %s", name, c.s, got, want)
			}
		}
		check("StringToNumber", StringToNumber(c.s), c.number)
		check("ParseFloat", ParseFloat(c.s), c.parseFloat)
		check("ParseInt", ParseInt(c.s), c.parseInt)
	}
}

// parseForTest reads a number as util.inspect printed it.
func parseForTest(t *testing.T, s string) float64 {
	t.Helper()
	switch s {
	case "NaN":
		return math.NaN()
	case "Infinity":
		return math.Inf(1)
	case "-Infinity":
		return math.Inf(-1)
	case "-0":
		return math.Copysign(0, -1)
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatalf("bad expected number %q: %v", s, err)
	}
	return f
}
