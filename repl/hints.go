package repl

import (
	"regexp"
	"strings"

	lua "github.com/yuin/gopher-lua"

	"github.com/netsh/netsh/luabind"
)

// Hints: where a JavaScript habit or a typo meets a Lua error, the REPL
// adds one line that says what Lua wants. Syntax habits are read from the
// typed text (strings and comments blanked out first); a call or index
// of nil is explained by looking the names up (hints_nil.go).

// hint is the hint for err, met by the typed src, or "". Loop goroutine
// only.
func (s *session) hint(src string, err error) string {
	code := codeOnly(src)
	if _, syntax := err.(*luabind.SyntaxError); syntax {
		return habitHint(code)
	}
	v, _ := s.rt.ErrorValue(err).(lua.LString)
	if msg := string(v); strings.Contains(msg, "attempt to call") || strings.Contains(msg, "attempt to index") {
		return s.nilHint(code, msg)
	}
	return ""
}

// codeOnly is src with the insides of strings and comments replaced by
// spaces, so patterns match code only; offsets stay those of src.
func codeOnly(src string) string {
	b := []byte(src)
	for _, t := range tokens(src) {
		switch t.kind {
		case 's', 'l':
			for i := t.start + 1; i < t.end-1; i++ {
				if b[i] != '\n' {
					b[i] = ' '
				}
			}
		case 'c', 'C':
			for i := t.start; i < t.end; i++ {
				if b[i] != '\n' {
					b[i] = ' '
				}
			}
		}
	}
	return string(b)
}

// habit is one JavaScript spelling and what to say about it.
type habit struct {
	re   *regexp.Regexp
	hint func(m []string) string
}

func fixed(s string) func([]string) string { return func([]string) string { return s } }

// habits are checked in order; the first that matches gives the hint.
var habits = []habit{
	{regexp.MustCompile(`([A-Za-z_][\w.]*)?\s*([:.])\s*end\b\s*(\()?`), func(m []string) string {
		recv := m[1]
		if recv == "" {
			recv = "sock"
		}
		return "`end` is a Lua keyword: call " + recv + ":_end() (or " + recv + "['end'](" + recv + "))"
	}},
	{regexp.MustCompile(`\bnew\s+([A-Za-z_][\w.]*)`), func(m []string) string {
		return "Lua has no `new`: call " + m[1] + "(...) (or " + m[1] + ".new(...))"
	}},
	{regexp.MustCompile(`=>`), fixed("Lua has no arrow functions: function(x) return x * 2 end")},
	{regexp.MustCompile(`!==`), fixed("Lua's not-equal is ~= (like !==, it never converts types)")},
	{regexp.MustCompile(`===`), fixed("Lua compares with == (like ===, it never converts types)")},
	{regexp.MustCompile(`!=`), fixed("Lua's not-equal is ~=")},
	{regexp.MustCompile(`(?:^|[^\w.:])(let|const|var)\s+[A-Za-z_]`), func(m []string) string {
		return "Lua has no `" + m[1] + "`: declare with local (local x = 1)"
	}},
	{regexp.MustCompile(`[{,]\s*([A-Za-z_]\w*)\s*:\s*([^\s\w]|\w+\s*(?:[,}]|$))`), func(m []string) string {
		return "Lua tables use = for keys: {" + m[1] + " = ...}"
	}},
	{regexp.MustCompile(`&&|\|\||!\s*[\w(]`), fixed("Lua's logical operators are words: and, or, not")},
	{regexp.MustCompile(`\+\+`), fixed("Lua has no ++: x = x + 1")},
	{regexp.MustCompile(`\w\s*[-+*/]=`), fixed("Lua has no compound assignment: x = x + 1")},
	{regexp.MustCompile(`function\s*[\w.:]*\s*\([^)]*\)\s*\{`), fixed("a Lua function's body ends with `end`, not braces: function(x) ... end")},
	{regexp.MustCompile(`//`), fixed("Lua comments start with --")},
}

// habitHint is the hint for a syntax error in code, or "".
func habitHint(code string) string {
	for _, h := range habits {
		if m := h.re.FindStringSubmatch(code); m != nil {
			return h.hint(m)
		}
	}
	return ""
}
