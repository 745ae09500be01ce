package jsfmt

import (
	"math"
	"testing"
)

var negZero = math.Copysign(0, -1)

// numberCases pair a number with what Node 20 printed for String(n) and
// util.inspect(n) (generated once with node; the test does not run it).
var numberCases = []struct {
	f              float64
	str, inspected string
}{
	{0, "0", "0"},
	{negZero, "0", "-0"},
	{1, "1", "1"},
	{-1, "-1", "-1"},
	{0.1, "0.1", "0.1"},
	{0.5, "0.5", "0.5"},
	{-0.5, "-0.5", "-0.5"},
	{100, "100", "100"},
	{1e+21, "1e+21", "1e+21"},
	{100000000000000000000, "100000000000000000000", "100000000000000000000"},
	{0.000001, "0.000001", "0.000001"},
	{1e-7, "1e-7", "1e-7"},
	{123.456, "123.456", "123.456"},
	{2.5e-8, "2.5e-8", "2.5e-8"},
	{1.7976931348623157e+308, "1.7976931348623157e+308", "1.7976931348623157e+308"},
	{5e-324, "5e-324", "5e-324"},
	{4294967296.5, "4294967296.5", "4294967296.5"},
	{1000000000000000, "1000000000000000", "1000000000000000"},
	{10000000000000000, "10000000000000000", "10000000000000000"},
	{123456789012345680000, "123456789012345680000", "123456789012345680000"},
	{math.NaN(), "NaN", "NaN"},
	{math.Inf(1), "Infinity", "Infinity"},
	{math.Inf(-1), "-Infinity", "-Infinity"},
	{-1.5e-10, "-1.5e-10", "-1.5e-10"},
	{9007199254740992, "9007199254740992", "9007199254740992"},
	{9007199254740994, "9007199254740994", "9007199254740994"},
	{0.3333333333333333, "0.3333333333333333", "0.3333333333333333"},
	{-123456.789, "-123456.789", "-123456.789"},
	{1e+100, "1e+100", "1e+100"},
	{0.000001234, "0.000001234", "0.000001234"},
	{999999999999999.9, "999999999999999.9", "999999999999999.9"},
	{1e+301, "1e+301", "1e+301"},
	{-1e+21, "-1e+21", "-1e+21"},
	{1.7976931348623157e+308, "1.7976931348623157e+308", "1.7976931348623157e+308"},
	{1.2345678901234568e+22, "1.2345678901234568e+22", "1.2345678901234568e+22"},
	{0.30000000000000004, "0.30000000000000004", "0.30000000000000004"},
}

func TestNumber(t *testing.T) {
	for _, c := range numberCases {
		if got := Number(c.f); got != c.str {
			t.Errorf("Number(%v) = %q, want %q", c.f, got, c.str)
		}
		if got := InspectNumber(c.f); got != c.inspected {
			t.Errorf("InspectNumber(%v) = %q, want %q", c.f, got, c.inspected)
		}
	}
}

// TestNumberRoundTrips checks that the text reads back as the same number
// across magnitudes, where the layout switches between plain and
// exponential forms.
func TestNumberRoundTrips(t *testing.T) {
	for e := -330; e <= 310; e++ {
		for _, m := range []float64{1, 1.5, 2.220446049250313, 9.999999999999998} {
			f := m * math.Pow(10, float64(e))
			if f == 0 || math.IsInf(f, 0) {
				continue
			}
			for _, v := range []float64{f, -f} {
				s := Number(v)
				if back := parseForTest(t, s); back != v {
					t.Errorf("Number(%v) = %q reads back as %v", v, s, back)
				}
			}
		}
	}
}
