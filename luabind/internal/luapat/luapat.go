// Package luapat matches Lua 5.1 patterns. It walks the pattern text
// directly, as Lua's own matcher does, so a pattern costs nothing before
// the first byte is compared and a match allocates nothing: gopher-lua
// compiles every pattern on every call (string.find in a request loop
// spent more time compiling than matching). Semantics and error texts are
// Lua 5.1's (lstrlib.c); the package has no Lua in it.
package luapat

// MaxCaptures is Lua 5.1's LUA_MAXCAPTURES.
const MaxCaptures = 32

// maxDepth bounds the matcher's recursion (one level per quantifier or
// capture being tried), so a hostile pattern fails with "pattern too
// complex" (Lua 5.2's words; 5.1 had no bound but the C stack).
const maxDepth = 5000

// Position marks a position capture `()` in Capture.Len.
const Position = -2

const unfinished = -1

// Capture is one capture: its start in the subject and its length, or
// Position (then Start is the position, 0-based).
type Capture struct {
	Start, Len int
}

// Error is a malformed pattern, with Lua's message.
type Error struct{ Msg string }

// Error returns the message, as Lua's error text.
func (e *Error) Error() string { return e.Msg }

// Matcher holds one match's state. The zero value is ready; reuse it.
type Matcher struct {
	src, pat string
	level    int
	depth    int
	Caps     [MaxCaptures]Capture
}

// Level is how many captures the last match made.
func (m *Matcher) Level() int { return m.level }

// Match tries pat at position init of src (pat without a leading '^'
// handling: the caller strips it) and returns the end of the match, or -1.
// A malformed pattern panics with *Error; Do recovers it.
func (m *Matcher) Match(src, pat string, init int) int {
	m.src, m.pat, m.level, m.depth = src, pat, 0, 0
	return m.match(init, 0)
}

// Do runs f, turning a malformed pattern's panic into its error.
func Do(f func()) (err error) {
	defer func() {
		if r := recover(); r != nil {
			e, ok := r.(*Error)
			if !ok {
				panic(r)
			}
			err = e
		}
	}()
	f()
	return nil
}

func fail(msg string) { panic(&Error{msg}) }

// match is lstrlib's do_match: s is the subject position, p the pattern's.
func (m *Matcher) match(s, p int) int {
	m.depth++
	if m.depth > maxDepth {
		fail("pattern too complex")
	}
	r := m.doMatch(s, p)
	m.depth--
	return r
}

func (m *Matcher) doMatch(s, p int) int {
	pat := m.pat
	for {
		if p == len(pat) {
			return s
		}
		switch pat[p] {
		case '(':
			if p+1 < len(pat) && pat[p+1] == ')' {
				return m.startCapture(s, p+2, Position)
			}
			return m.startCapture(s, p+1, unfinished)
		case ')':
			return m.endCapture(s, p+1)
		case '%':
			if ns, np, ok := m.matchEscape(s, p); ok {
				if ns == -1 {
					return -1
				}
				s, p = ns, np
				continue
			}
		case '$':
			if p+1 == len(pat) {
				if s == len(m.src) {
					return s
				}
				return -1
			}
		}
		ep := m.classEnd(p)
		ok := s < len(m.src) && m.singleMatch(m.src[s], p, ep)
		if ep < len(pat) {
			switch pat[ep] {
			case '?':
				if ok {
					if r := m.match(s+1, ep+1); r != -1 {
						return r
					}
				}
				p = ep + 1
				continue
			case '*':
				return m.maxExpand(s, p, ep)
			case '+':
				if !ok {
					return -1
				}
				return m.maxExpand(s+1, p, ep)
			case '-':
				return m.minExpand(s, p, ep)
			}
		}
		if !ok {
			return -1
		}
		s++
		p = ep
	}
}

// matchEscape handles %b, %f and back-references at p; ok is false for
// any other escape (a class like %d). ns is -1 when it does not match.
func (m *Matcher) matchEscape(s, p int) (ns, np int, ok bool) {
	pat := m.pat
	if p+1 >= len(pat) {
		return 0, 0, false
	}
	switch c := pat[p+1]; {
	case c == 'b':
		return m.matchBalance(s, p+2), p + 4, true
	case c == 'f':
		p += 2
		if p >= len(pat) || pat[p] != '[' {
			fail("missing '[' after '%f' in pattern")
		}
		ep := m.classEnd(p)
		var prev, cur byte // the NUL Lua sees before the start and at the end
		if s > 0 {
			prev = m.src[s-1]
		}
		if s < len(m.src) {
			cur = m.src[s]
		}
		if m.matchClassSet(prev, p, ep-1) || !m.matchClassSet(cur, p, ep-1) {
			return -1, 0, true
		}
		return s, ep, true
	case c >= '0' && c <= '9':
		return m.matchCapture(s, c), p + 2, true
	}
	return 0, 0, false
}

// classEnd is the index just past the single-character class at p.
func (m *Matcher) classEnd(p int) int {
	pat := m.pat
	c := pat[p]
	p++
	if c == '%' {
		if p >= len(pat) {
			fail("malformed pattern (ends with '%')")
		}
		return p + 1
	}
	if c == '[' {
		if p < len(pat) && pat[p] == '^' {
			p++
		}
		for { // look for a ']'
			if p >= len(pat) {
				fail("malformed pattern (missing ']')")
			}
			c := pat[p]
			p++
			if c == '%' {
				if p >= len(pat) {
					fail("malformed pattern (missing ']')")
				}
				p++
			}
			if p < len(pat) && pat[p] == ']' {
				return p + 1
			}
			if p >= len(pat) {
				fail("malformed pattern (missing ']')")
			}
		}
	}
	return p
}

func (m *Matcher) maxExpand(s, p, ep int) int {
	i := 0
	for s+i < len(m.src) && m.singleMatch(m.src[s+i], p, ep) {
		i++
	}
	for ; i >= 0; i-- { // try with the longest run first
		if r := m.match(s+i, ep+1); r != -1 {
			return r
		}
	}
	return -1
}

func (m *Matcher) minExpand(s, p, ep int) int {
	for {
		if r := m.match(s, ep+1); r != -1 {
			return r
		}
		if s < len(m.src) && m.singleMatch(m.src[s], p, ep) {
			s++
			continue
		}
		return -1
	}
}

func (m *Matcher) startCapture(s, p, what int) int {
	if m.level >= MaxCaptures {
		fail("too many captures")
	}
	m.Caps[m.level] = Capture{Start: s, Len: what}
	m.level++
	r := m.match(s, p)
	if r == -1 {
		m.level-- // undo the capture
	}
	return r
}

func (m *Matcher) endCapture(s, p int) int {
	l := m.captureToClose()
	m.Caps[l].Len = s - m.Caps[l].Start
	r := m.match(s, p)
	if r == -1 {
		m.Caps[l].Len = unfinished
	}
	return r
}

func (m *Matcher) captureToClose() int {
	for l := m.level - 1; l >= 0; l-- {
		if m.Caps[l].Len == unfinished {
			return l
		}
	}
	fail("invalid pattern capture")
	return 0
}

func (m *Matcher) matchBalance(s, p int) int {
	if p+1 >= len(m.pat) {
		fail("unbalanced pattern")
	}
	if s >= len(m.src) || m.src[s] != m.pat[p] {
		return -1
	}
	b, e := m.pat[p], m.pat[p+1]
	cont := 1
	for i := s + 1; i < len(m.src); i++ {
		switch m.src[i] {
		case e:
			cont--
			if cont == 0 {
				return i + 1
			}
		case b:
			cont++
		}
	}
	return -1
}

func (m *Matcher) matchCapture(s int, c byte) int {
	l := int(c - '1')
	if l < 0 || l >= m.level || m.Caps[l].Len == unfinished {
		fail("invalid capture index")
	}
	n := m.Caps[l].Len
	if n == Position {
		n = 0
	}
	start := m.Caps[l].Start
	if len(m.src)-s >= n && m.src[s:s+n] == m.src[start:start+n] {
		return s + n
	}
	return -1
}

// singleMatch matches c against the class at p (ending before ep).
func (m *Matcher) singleMatch(c byte, p, ep int) bool {
	switch m.pat[p] {
	case '.':
		return true
	case '%':
		return classMatches(c, m.pat[p+1])
	case '[':
		return m.matchClassSet(c, p, ep-1)
	}
	return m.pat[p] == c
}

// matchClassSet matches c against the set [..] from p ('[') to ec (']').
func (m *Matcher) matchClassSet(c byte, p, ec int) bool {
	pat := m.pat
	sig := true
	p++
	if pat[p] == '^' {
		sig = false
		p++
	}
	for ; p < ec; p++ {
		switch {
		case pat[p] == '%':
			p++
			if classMatches(c, pat[p]) {
				return sig
			}
		case p+2 < ec && pat[p+1] == '-':
			if pat[p] <= c && c <= pat[p+2] {
				return sig
			}
			p += 2
		case pat[p] == c:
			return sig
		}
	}
	return !sig
}

// classMatches is %a, %d, ... in the C locale; upper case complements.
func classMatches(c, cl byte) bool {
	var res bool
	switch cl | 0x20 {
	case 'a':
		res = isAlpha(c)
	case 'c':
		res = c < 32 || c == 127
	case 'd':
		res = c >= '0' && c <= '9'
	case 'l':
		res = c >= 'a' && c <= 'z'
	case 'p':
		res = isPunct(c)
	case 's':
		res = c == ' ' || c >= '\t' && c <= '\r'
	case 'u':
		res = c >= 'A' && c <= 'Z'
	case 'w':
		res = isAlpha(c) || c >= '0' && c <= '9'
	case 'x':
		res = c >= '0' && c <= '9' || c|0x20 >= 'a' && c|0x20 <= 'f'
	case 'z':
		res = c == 0
	default:
		return cl == c
	}
	if cl >= 'A' && cl <= 'Z' {
		return !res
	}
	return res
}

func isAlpha(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

func isPunct(c byte) bool {
	return c > 32 && c < 127 && !isAlpha(c) && !(c >= '0' && c <= '9')
}

// Find is string.find's search: the first match of pat (a leading '^'
// anchors it at init) at or after init; start and end of the match, or
// -1, -1. A malformed pattern panics with *Error; Do recovers it.
func (m *Matcher) Find(src, pat string, init int) (start, end int) {
	anchor := len(pat) > 0 && pat[0] == '^'
	if anchor {
		pat = pat[1:]
	}
	for s := init; ; s++ {
		if e := m.Match(src, pat, s); e != -1 {
			return s, e
		}
		if s >= len(src) || anchor {
			return -1, -1
		}
	}
}

// HasSpecials reports whether pat has any of Lua 5.1's SPECIALS
// ("^$*+?.([%-"): without one, string.find is a plain search.
func HasSpecials(pat string) bool {
	for i := 0; i < len(pat); i++ {
		switch pat[i] {
		case '^', '$', '*', '+', '?', '.', '(', '[', '%', '-':
			return true
		}
	}
	return false
}
