package luapat

import "testing"

func find(t *testing.T, src, pat string) (int, int, []Capture) {
	t.Helper()
	var m Matcher
	for s := 0; s <= len(src); s++ {
		if e := m.Match(src, pat, s); e >= 0 {
			return s, e, append([]Capture(nil), m.Caps[:m.Level()]...)
		}
	}
	return -1, -1, nil
}

// TestMatchBasics: the forms a protocol parser uses, checked by position.
func TestMatchBasics(t *testing.T) {
	for _, c := range []struct {
		src, pat   string
		start, end int
		caps       int
	}{
		{"GET /a HTTP/1.1", "(%u+) (%S+) HTTP/(%d)%.(%d)", 0, 15, 4},
		{"Content-Length: 12", "([%w-]+):%s*(.-)%s*$", 0, 18, 2},
		{"a(b(c)d)e", "%b()", 1, 8, 0},
		{"THE (quick) fox", "%f[%a]%a+", 0, 3, 0},
		{"key = value", "()=()", 4, 5, 2},
		{"abab", "(ab)%1", 0, 4, 1},
		{"xyz", "q", -1, -1, 0},
	} {
		s, e, caps := find(t, c.src, c.pat)
		if s != c.start || e != c.end || len(caps) != c.caps {
			t.Errorf("%q ~ %q: %d..%d with %d captures, want %d..%d with %d", c.src, c.pat, s, e, len(caps), c.start, c.end, c.caps)
		}
	}
}

// FuzzMatch: any pattern on any subject either matches, fails or raises
// *Error; never another panic, never out of bounds.
func FuzzMatch(f *testing.F) {
	for _, s := range []string{"%b()", "[%a-z]+", "(a(b)%2)", "%f[%w]", "^(.-)%s*$", "[^]]", "%", "[a", "((((", "a-b*c?d+"} {
		f.Add(s, "a(b)c]d  ")
	}
	f.Fuzz(func(t *testing.T, pat, src string) {
		if len(pat) > 40 || len(src) > 200 {
			return
		}
		var m Matcher
		Do(func() {
			for s := 0; s <= len(src); s++ {
				if e := m.Match(src, pat, s); e >= 0 {
					if e < s || e > len(src) {
						t.Fatalf("end %d outside [%d, %d]", e, s, len(src))
					}
					for i := 0; i < m.Level(); i++ {
						c := m.Caps[i]
						if c.Len >= 0 && (c.Start < 0 || c.Start+c.Len > len(src)) {
							t.Fatalf("capture %d outside the subject", i)
						}
					}
				}
			}
		})
	})
}
