package jsfmt

import (
	"strings"
	"testing"
)

// stringCases pair a string with what Node 20 printed for util.inspect(s),
// s.length and JSON.stringify(s) (generated once with node).
var stringCases = []struct {
	s, inspected string
	length       int
	json         string
}{
	{"", "''", 0, "\"\""},
	{"abc", "'abc'", 3, "\"abc\""},
	{"it's", "\"it's\"", 4, "\"it's\""},
	{"say \"hi\"", "'say \"hi\"'", 8, "\"say \\\"hi\\\"\""},
	{"it's \"both\"", "`it's \"both\"`", 11, "\"it's \\\"both\\\"\""},
	{"it's \"both\" `tick`", "'it\\'s \"both\" `tick`'", 18, "\"it's \\\"both\\\" `tick`\""},
	{"it's \"both\" ${x}", "'it\\'s \"both\" ${x}'", 16, "\"it's \\\"both\\\" ${x}\""},
	{"back\\slash", "'back\\\\slash'", 10, "\"back\\\\slash\""},
	{"tab\there", "'tab\\there'", 8, "\"tab\\there\""},
	{"nl\n", "'nl\\n'", 3, "\"nl\\n\""},
	{"cr\r", "'cr\\r'", 3, "\"cr\\r\""},
	{"\b\f\v", "'\\b\\f\\x0B'", 3, "\"\\b\\f\\u000b\""},
	{"\x00\x01\x1f", "'\\x00\\x01\\x1F'", 3, "\"\\u0000\\u0001\\u001f\""},
	{"\x7f", "'\\x7F'", 1, "\"\x7f\""},
	{"\u0085\u009f\u00a0", "'\\x85\\x9F\u00a0'", 3, "\"\u0085\u009f\u00a0\""},
	{"я€", "'я€'", 2, "\"я€\""},
	{"😀", "'😀'", 2, "\"😀\""},
	{"\u2028\u2029", "'\u2028\u2029'", 2, "\"\u2028\u2029\""},
	{"\ufeff", "'\ufeff'", 1, "\"\ufeff\""},
	{"'", "\"'\"", 1, "\"'\""},
	{"\"'`", "'\"\\'`'", 3, "\"\\\"'`\""},
}

func TestStrings(t *testing.T) {
	for _, c := range stringCases {
		if got := Quote(c.s); got != c.inspected {
			t.Errorf("Quote(%q) = %q, want %q", c.s, got, c.inspected)
		}
		if got := Len(c.s); got != c.length {
			t.Errorf("Len(%q) = %d, want %d", c.s, got, c.length)
		}
		var b strings.Builder
		WriteJSONString(&b, c.s)
		if got := b.String(); got != c.json {
			t.Errorf("WriteJSONString(%q) = %q, want %q", c.s, got, c.json)
		}
	}
}

// TestQuoteNotUTF8 covers bytes a JS string cannot hold, so Node has no
// answer: netsh shows each as \xNN and keeps the valid text around it.
func TestQuoteNotUTF8(t *testing.T) {
	cases := []struct{ s, want string }{
		{"a\xffb\xc0", `'a\xFFb\xC0'`},
		{"\xe2\x82", `'\xE2\x82'`},
		{"я\x80я", `'я\x80я'`},
		{"it's\xff", `"it's\xFF"`},
	}
	for _, c := range cases {
		if got := Quote(c.s); got != c.want {
			t.Errorf("Quote(%q) = %q, want %q", c.s, got, c.want)
		}
	}
}

// keyCases say whether Node 20's util.inspect({[k]: 1}) printed k bare.
var keyCases = []struct {
	k    string
	bare bool
}{
	{"a", true},
	{"_", true},
	{"_a1", true},
	{"A_Z9", true},
	{"1a", false},
	{"", false},
	{"a-b", false},
	{"a b", false},
	{"я", false},
	{"$a", false},
	{"a$", false},
	{"9", false},
	{"x.y", false},
}

func TestIsIdentKey(t *testing.T) {
	for _, c := range keyCases {
		if got := IsIdentKey(c.k); got != c.bare {
			t.Errorf("IsIdentKey(%q) = %v, want %v", c.k, got, c.bare)
		}
	}
}
