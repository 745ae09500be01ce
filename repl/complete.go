package repl

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	lua "github.com/yuin/gopher-lua"

	"github.com/netsh/netsh/luabind"
)

// keywords are Lua 5.1's reserved words, offered with the globals.
var keywords = []string{
	"and", "break", "do", "else", "elseif", "end", "false", "for", "function",
	"if", "in", "local", "nil", "not", "or", "repeat", "return", "then", "true",
	"until", "while",
}

// completer is readline's AutoCompleter. It never runs Lua code: it walks
// live tables with raw gets (following metatables' __index tables) and
// userdata's class method tables, on the loop goroutine, and gives up
// after a short wait when the loop is busy.
type completer struct{ s *session }

// Do returns the completions of the text before the cursor as suffixes, and
// the length of the prefix they complete.
func (c *completer) Do(line []rune, pos int) ([][]rune, int) {
	text := string(line[:pos])
	var prefix string
	var cands []string
	switch {
	case strings.HasPrefix(text, ".") && !strings.Contains(text, " "):
		prefix = text
		for _, cmd := range commands {
			cands = append(cands, "."+cmd.name)
		}
		for _, name := range c.pluginCommandNames() {
			cands = append(cands, "."+name)
		}
	case strings.HasPrefix(text, ".load ") || strings.HasPrefix(text, ".save "):
		prefix, cands = fileCandidates(strings.TrimLeft(text[6:], " "))
	default:
		base, colon, partial, ok := splitExpr(text)
		if !ok {
			return nil, 0
		}
		prefix = partial
		cands = c.onLoop(func() []string { return c.s.members(base, colon) })
	}
	var out [][]rune
	seen := map[string]bool{}
	sort.Strings(cands)
	for _, cand := range cands {
		if strings.HasPrefix(cand, prefix) && !seen[cand] {
			seen[cand] = true
			out = append(out, []rune(cand[len(prefix):]))
		}
	}
	return out, len([]rune(prefix))
}

// onLoop asks the loop for candidates, waiting at most a moment: Tab must
// not freeze the prompt while a callback is busy.
func (c *completer) onLoop(fn func() []string) []string {
	ch := make(chan []string, 1)
	s := c.s
	rt := s.rt
	if !rt.Loop().Post(func() { ch <- fn() }) {
		return nil
	}
	select {
	case v := <-ch:
		return v
	case <-time.After(300 * time.Millisecond):
		return nil
	}
}

// splitExpr finds the name path that ends at the cursor: `string.fo` gives
// base [string], partial "fo"; `t:unr` gives base [t], colon, "unr"; `pri`
// gives no base. ok is false inside a string or after something that is not
// a path (a call, an index, a number).
func splitExpr(text string) (base []string, colon bool, partial string, ok bool) {
	if inString(text) {
		return nil, false, "", false
	}
	i := len(text)
	for i > 0 && (isNameChar(text[i-1]) || text[i-1] == '.' || text[i-1] == ':') {
		i--
	}
	expr := text[i:]
	if i > 0 && (text[i-1] == ')' || text[i-1] == ']' || text[i-1] == '"' || text[i-1] == '\'') {
		return nil, false, "", false
	}
	if expr != "" && expr[0] >= '0' && expr[0] <= '9' {
		return nil, false, "", false
	}
	sep := strings.LastIndexAny(expr, ".:")
	if sep < 0 {
		return nil, false, expr, true
	}
	partial = expr[sep+1:]
	colon = expr[sep] == ':'
	head := expr[:sep]
	if head == "" || strings.Contains(head, ":") {
		return nil, false, "", false
	}
	for _, seg := range strings.Split(head, ".") {
		if seg == "" || !isNameStart(seg[0]) {
			return nil, false, "", false
		}
		base = append(base, seg)
	}
	return base, colon, partial, true
}

// inString reports whether text ends inside a string literal or comment.
func inString(text string) bool {
	toks := tokens(text)
	if len(toks) == 0 {
		return false
	}
	t := toks[len(toks)-1]
	if t.end < len(text) {
		return false
	}
	s := text[t.start:t.end]
	switch t.kind {
	case 'c':
		return true
	case 's':
		return len(s) < 2 || s[len(s)-1] != s[0]
	case 'l', 'C':
		return !strings.HasSuffix(s, "]")
	}
	return false
}

// members lists the names reachable after base: globals and keywords with
// no base, fields after a dot, methods (function-valued fields, class
// methods) after a colon. Loop goroutine only.
func (s *session) members(base []string, colon bool) []string {
	rt := s.rt
	var v lua.LValue = rt.L.G.Global
	if len(base) == 0 {
		names := keys(v, false, nil, 0, rt)
		names = append(names, rt.ModuleGlobalNames()...)
		return append(names, keywords...)
	}
	for i, seg := range base {
		next := rawField(v, seg)
		if next == lua.LNil && i == 0 {
			// A module global not touched yet: opening a built-in
			// module runs no user code.
			next, _ = rt.ModuleGlobal(seg)
		}
		if next == lua.LNil {
			return nil
		}
		v = next
	}
	// A field or method named by a keyword (a socket's `end`) cannot be
	// written after `.` or `:`; its spelling there is offered instead
	// (`_end`).
	var out []string
	for _, name := range keys(v, colon, nil, 0, rt) {
		if !isKeyword(name) {
			out = append(out, name)
		}
	}
	return out
}

// rawField is t[name] without metamethods, following __index tables.
func rawField(v lua.LValue, name string) lua.LValue {
	for depth := 0; depth < 8; depth++ {
		t, ok := v.(*lua.LTable)
		if !ok {
			return lua.LNil
		}
		if f := t.RawGetString(name); f != lua.LNil {
			return f
		}
		mt, ok := t.Metatable.(*lua.LTable)
		if !ok {
			return lua.LNil
		}
		v = mt.RawGetString("__index")
	}
	return lua.LNil
}

// keys collects identifier keys of v (function values only when methods
// is set), then those of its metatable's __index table, and for userdata
// made by luabind the class's methods (and, after a dot, properties).
func keys(v lua.LValue, methods bool, out []string, depth int, rt *luabind.Runtime) []string {
	if depth > 8 {
		return out
	}
	var mt lua.LValue
	switch x := v.(type) {
	case *lua.LTable:
		x.ForEach(func(k, val lua.LValue) {
			ks, ok := k.(lua.LString)
			if !ok || !isIdent(string(ks)) {
				return
			}
			if methods && val.Type() != lua.LTFunction {
				return
			}
			out = append(out, string(ks))
		})
		mt = x.Metatable
	case *lua.LUserData:
		if cls := luabind.ClassOf(x); cls != nil {
			for name := range rt.Methods(cls) {
				out = append(out, name)
			}
			if !methods {
				for name := range cls.Getters {
					out = append(out, name)
				}
			}
		}
		mt = x.Metatable
	case lua.LString:
		if methods {
			if t, ok := rt.L.G.Global.RawGetString("string").(*lua.LTable); ok {
				return keys(t, true, out, depth+1, rt)
			}
		}
		return out
	default:
		return out
	}
	if m, ok := mt.(*lua.LTable); ok {
		if idx, ok := m.RawGetString("__index").(*lua.LTable); ok {
			out = keys(idx, methods, out, depth+1, rt)
		}
	}
	return out
}

// isIdent reports whether s is a Lua name that is not a keyword.
func isIdent(s string) bool {
	if s == "" || !isNameStart(s[0]) {
		return false
	}
	for i := 1; i < len(s); i++ {
		if !isNameChar(s[i]) {
			return false
		}
	}
	for _, k := range keywords {
		if s == k {
			return false
		}
	}
	return true
}

// fileCandidates completes a file name for .load and .save.
func fileCandidates(partial string) (string, []string) {
	dir, file := filepath.Split(partial)
	lookIn := dir
	if lookIn == "" {
		lookIn = "."
	}
	entries, err := os.ReadDir(lookIn)
	if err != nil {
		return file, nil
	}
	var out []string
	for _, e := range entries {
		name := e.Name()
		if strings.HasPrefix(name, ".") && !strings.HasPrefix(file, ".") {
			continue
		}
		if e.IsDir() {
			name += "/"
		}
		out = append(out, name)
	}
	return file, out
}

// pluginCommandNames lists the dot-commands plugins added.
func (c *completer) pluginCommandNames() []string {
	return c.onLoop(func() []string {
		var names []string
		for _, cmd := range c.s.rt.Commands() {
			names = append(names, cmd.Name)
		}
		return names
	})
}
