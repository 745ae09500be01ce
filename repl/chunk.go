package repl

import (
	"strings"

	"github.com/yuin/gopher-lua/parse"
)

// status is what the REPL learns from parsing the text typed so far.
type status int

const (
	complete   status = iota // runs as typed
	incomplete               // the parser hit the end: ask for another line
	broken                   // a real syntax error: report it now
)

// parses reports whether src is a complete chunk, and whether its parse
// failure happened at the end of the input (so more lines may fix it). The
// parser is pure Go, so this runs on the REPL goroutine without the loop.
func parses(src string) (ok, atEOF bool) {
	_, err := parse.Parse(strings.NewReader(src), "repl")
	if err == nil {
		return true, false
	}
	pe, isParse := err.(*parse.Error)
	if !isParse || pe.Pos.Line != parse.EOF {
		return false, false
	}
	// A short string cannot continue on the next line: that is an error.
	return false, pe.Message != "unterminated string"
}

// classify tells a complete chunk from one that needs more lines. The text
// is complete when it runs either as an expression (`return <src>`) or as
// statements; it is incomplete when either form stopped at the end of the
// input (`foo(` fails as a statement at EOF, `if x then` as an expression
// before it).
func classify(src string) status {
	expr, ok := exprSource(src)
	if ok {
		if done, _ := parses(expr); done {
			return complete
		}
	}
	stmt := rewriteLocals(src)
	done, more := parses(stmt)
	if done {
		return complete
	}
	if more {
		return incomplete
	}
	if ok {
		if _, more := parses(expr); more {
			return incomplete
		}
	}
	return broken
}

// exprSource is src as an expression chunk: `=expr` as in lua.c, else
// `return src`. It reports false for text that cannot be an expression.
func exprSource(src string) (string, bool) {
	t := strings.TrimSpace(src)
	if strings.HasPrefix(t, "=") {
		return "return " + t[1:], true
	}
	if t == "" {
		return "", false
	}
	return "return " + src, true
}

// token is one lexical item of a chunk, as far as the REPL cares: words
// (names and keywords), strings and comments are told apart from the rest
// so `local` inside a string or a comment is left alone.
type token struct {
	kind       byte // 'w' word, 's' string, 'l' long string, 'c' comment, 'C' long comment, 'o' other
	start, end int
}

// tokens splits src into tokens. It is forgiving: unterminated strings and
// comments run to the end, since the parser reports those errors anyway.
func tokens(src string) []token {
	var out []token
	i, n := 0, len(src)
	for i < n {
		c := src[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
			continue
		case c == '-' && i+1 < n && src[i+1] == '-':
			start := i
			if lvl, ok := longOpen(src, i+2); ok {
				i = longClose(src, i+2+lvl+2, lvl)
				out = append(out, token{'C', start, i})
				continue
			}
			for i < n && src[i] != '\n' {
				i++
			}
			out = append(out, token{'c', start, i})
			continue
		case c == '[':
			if lvl, ok := longOpen(src, i); ok {
				start := i
				i = longClose(src, i+lvl+2, lvl)
				out = append(out, token{'l', start, i})
				continue
			}
		case c == '"' || c == '\'':
			start := i
			i++
			for i < n && src[i] != c {
				if src[i] == '\\' {
					i++
				} else if src[i] == '\n' {
					break
				}
				i++
			}
			if i < n && src[i] == c {
				i++
			}
			if i > n {
				i = n
			}
			out = append(out, token{'s', start, i})
			continue
		case isNameStart(c):
			start := i
			for i < n && isNameChar(src[i]) {
				i++
			}
			out = append(out, token{'w', start, i})
			continue
		case c >= '0' && c <= '9':
			start := i
			for i < n && (isNameChar(src[i]) || src[i] == '.' ||
				((src[i] == '+' || src[i] == '-') && (src[i-1] == 'e' || src[i-1] == 'E'))) {
				i++
			}
			out = append(out, token{'o', start, i})
			continue
		}
		out = append(out, token{'o', i, i + 1})
		i++
	}
	return out
}

// longOpen reports whether a long bracket `[==[` opens at i, and its level.
func longOpen(src string, i int) (int, bool) {
	if i >= len(src) || src[i] != '[' {
		return 0, false
	}
	j := i + 1
	for j < len(src) && src[j] == '=' {
		j++
	}
	if j < len(src) && src[j] == '[' {
		return j - i - 1, true
	}
	return 0, false
}

// longClose returns the index just past the `]==]` of the given level that
// closes a long bracket whose body starts at i, or len(src).
func longClose(src string, i, lvl int) int {
	closer := "]" + strings.Repeat("=", lvl) + "]"
	if i > len(src) {
		return len(src)
	}
	if k := strings.Index(src[i:], closer); k >= 0 {
		return i + k + len(closer)
	}
	return len(src)
}

func isNameStart(c byte) bool {
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
}

func isNameChar(c byte) bool { return isNameStart(c) || (c >= '0' && c <= '9') }

// rewriteLocals makes top-level locals outlive the line they are typed on.
// gopher-lua locals die with their chunk, so a user who types
// `local s = net.createServer()` and then `s:listen(0)` would get nil. The
// REPL therefore turns each `local` statement at block depth 0 into a
// global assignment: `local a, b = 1, 2` becomes `a, b = 1, 2`,
// `local function f` becomes `function f`, and a bare `local x` becomes
// `x = nil`. Locals inside functions and blocks are untouched. Line
// numbers are kept, so error messages still point at the typed line.
func rewriteLocals(src string) string {
	toks := tokens(src)
	var b strings.Builder
	last := 0
	depth := 0
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if t.kind != 'w' {
			continue
		}
		w := src[t.start:t.end]
		// A field name after `.` or `:` is not a keyword (`t.end` is
		// invalid in 5.1 anyway, but `x:do` must not change depth).
		if i > 0 && toks[i-1].kind == 'o' && (src[toks[i-1].start] == '.' || src[toks[i-1].start] == ':') {
			continue
		}
		switch w {
		case "function", "if", "do", "repeat":
			depth++
		case "end", "until":
			if depth > 0 {
				depth--
			}
		case "local":
			if depth != 0 {
				continue
			}
			b.WriteString(src[last:t.start])
			last = t.end
			if i+1 < len(toks) && toks[i+1].kind == 'w' && src[toks[i+1].start:toks[i+1].end] == "function" {
				// `local function f` -> `function f`; its `function`
				// keyword is counted on the next iteration.
				continue
			}
			// Skip the name list; add `= nil` when no `=` follows.
			j := i + 1
			for j < len(toks) && toks[j].kind == 'w' {
				if j+1 < len(toks) && toks[j+1].kind == 'o' && src[toks[j+1].start] == ',' {
					j += 2
					continue
				}
				break
			}
			if j < len(toks) && toks[j].kind == 'w' {
				next := j + 1
				if next >= len(toks) || !(toks[next].kind == 'o' && src[toks[next].start] == '=' &&
					(toks[next].end >= len(src) || src[toks[next].end] != '=')) {
					b.WriteString(src[last:toks[j].end])
					b.WriteString(" = nil")
					last = toks[j].end
				}
				i = j
			}
		}
	}
	b.WriteString(src[last:])
	return b.String()
}

// historyLine turns a multi-line entry into one line, so readline's
// one-entry-per-line history recalls it whole: short comments are dropped
// and newlines become spaces. It reports false when that would change the
// chunk's meaning (a long string or a string continued across lines);
// then the lines are saved one by one.
func historyLine(src string) (string, bool) {
	if !strings.Contains(src, "\n") {
		return src, true
	}
	var b strings.Builder
	last := 0
	for _, t := range tokens(src) {
		text := src[t.start:t.end]
		switch t.kind {
		case 'l', 's':
			if strings.Contains(text, "\n") {
				return "", false
			}
		case 'c', 'C':
			if t.kind == 'C' && strings.Contains(text, "\n") {
				return "", false
			}
			b.WriteString(src[last:t.start])
			last = t.end
		}
	}
	b.WriteString(src[last:])
	lines := strings.Split(b.String(), "\n")
	parts := lines[:0]
	for _, l := range lines {
		if l = strings.TrimSpace(l); l != "" {
			parts = append(parts, l)
		}
	}
	return strings.Join(parts, " "), true
}

// typedChunk is one chunk of a file replayed as typed input, and the line
// it starts on.
type typedChunk struct {
	text string
	line int
}

// chunks cuts src into chunks as the prompt would: lines gather until
// they are complete (or a real syntax error, reported when run); blank
// lines between chunks are skipped, a chunk left open at the end is kept.
func chunks(src string) []typedChunk {
	var out []typedChunk
	var lines []string
	start := 0
	for i, l := range strings.Split(strings.TrimSuffix(src, "\n"), "\n") {
		l = strings.TrimSuffix(l, "\r")
		if len(lines) == 0 {
			if strings.TrimSpace(l) == "" {
				continue
			}
			start = i + 1
		}
		lines = append(lines, l)
		text := strings.Join(lines, "\n")
		if classify(text) != incomplete {
			out = append(out, typedChunk{text, start})
			lines = nil
		}
	}
	if len(lines) > 0 {
		out = append(out, typedChunk{strings.Join(lines, "\n"), start})
	}
	return out
}
