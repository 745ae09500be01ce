package repl

import (
	"regexp"
	"sort"
	"strings"

	lua "github.com/yuin/gopher-lua"

	"github.com/netsh/netsh/luabind"
)

// gopher-lua's "attempt to call a non-function object" and "attempt to
// index a non-table object(nil) with key 'x'" do not say which name was
// nil, as Lua 5.1's "attempt to call global 'f' (a nil value)" does. The
// REPL finds it: it walks the name paths of the typed line (`a.b.c(`,
// `a:m(`, `a.b[`), resolves each with raw lookups (running no Lua code;
// a built-in module named first is loaded, as typing its name would),
// and names the first that is nil where the error says, with the closest
// existing name when one is a likely typo.

// namePath is `a.b.c` as typed, and what follows it.
type namePath struct {
	segs   []string
	method string // a:m(...): m
	call   bool   // called: followed by (, a string or a table
}

// pathRe matches a name path; paths checks what stands around it.
var pathRe = regexp.MustCompile(`[A-Za-z_]\w*(?:\s*\.\s*[A-Za-z_]\w*)*`)

var methodRe = regexp.MustCompile(`^\s*:\s*([A-Za-z_]\w*)`)

// localRe finds names declared in the line (locals, parameters, loop
// variables): their values are not globals, so no hint names them.
var localRe = regexp.MustCompile(`\b(?:local|for)\s+([\w\s,]+)|function\s*[\w.:]*\s*\(([^)]*)\)`)

// paths lists the name paths of code that are not fields of something
// else (after `.`, `:`, a closing bracket or quote), with what follows.
func paths(code string) []namePath {
	var out []namePath
	for _, loc := range pathRe.FindAllStringIndex(code, -1) {
		before := strings.TrimRight(code[:loc[0]], " \t\n")
		if before != "" && strings.ContainsAny(before[len(before)-1:], ".:)]'\"0123456789") {
			continue
		}
		p := namePath{}
		for _, seg := range strings.Split(code[loc[0]:loc[1]], ".") {
			p.segs = append(p.segs, strings.TrimSpace(seg))
		}
		if isKeyword(p.segs[0]) {
			continue
		}
		rest := code[loc[1]:]
		if m := methodRe.FindStringSubmatch(rest); m != nil {
			p.method = m[1]
			rest = rest[len(m[0]):]
		}
		rest = strings.TrimLeft(rest, " \t\n")
		p.call = rest != "" && (strings.ContainsAny(rest[:1], "({'\"") || strings.HasPrefix(rest, "[["))
		out = append(out, p)
	}
	return out
}

func isKeyword(s string) bool {
	for _, k := range keywords {
		if s == k {
			return true
		}
	}
	return false
}

// declared is the set of names code declares itself.
func declared(code string) map[string]bool {
	out := map[string]bool{}
	for _, m := range localRe.FindAllStringSubmatch(code, -1) {
		for _, list := range m[1:] {
			for _, n := range strings.Split(list, ",") {
				if f := strings.Fields(n); len(f) > 0 {
					out[f[0]] = true
				}
			}
		}
	}
	return out
}

var indexKeyRe = regexp.MustCompile(`with key '([^']*)'`)

// nilHint names what was nil in a failed call or index. Loop goroutine
// only.
func (s *session) nilHint(code, msg string) string {
	locals := declared(code)
	calling := strings.Contains(msg, "attempt to call")
	key := ""
	if m := indexKeyRe.FindStringSubmatch(msg); m != nil {
		key = m[1]
	}
	for _, p := range paths(code) {
		if locals[p.segs[0]] {
			continue
		}
		if h := s.pathHint(p, calling, key); h != "" {
			return h
		}
	}
	return ""
}

// pathHint is the hint for one path, if it fits the error.
func (s *session) pathHint(p namePath, calling bool, key string) string {
	vals := []lua.LValue{s.global(p.segs[0])}
	for _, seg := range p.segs[1:] {
		vals = append(vals, s.field(vals[len(vals)-1], seg))
	}
	for i, v := range vals {
		if v != lua.LNil {
			continue
		}
		name := strings.Join(p.segs[:i+1], ".")
		next := p.method
		if i+1 < len(p.segs) {
			next = p.segs[i+1]
		}
		// A nil in the middle fails an index by the next name; a nil at
		// the end fails the call, or the method's index.
		switch {
		case i+1 < len(vals) || p.method != "":
			if key != "" && key != next {
				return ""
			}
			if calling && i+1 < len(vals) {
				return ""
			}
		case !calling || !p.call:
			return ""
		}
		return s.nilText(name, vals, i, p.segs)
	}
	if calling && p.method != "" {
		recv := vals[len(vals)-1]
		if s.field(recv, p.method) == lua.LNil {
			text := strings.Join(p.segs, ".") + " has no method " + p.method
			if near := closest(p.method, s.names(recv)); near != "" {
				text += "; did you mean " + near + "?"
			}
			return text
		}
	}
	return ""
}

// nilText says that name is nil, with the likely name meant.
func (s *session) nilText(name string, vals []lua.LValue, i int, segs []string) string {
	text := name + " is nil"
	switch name {
	case "null", "undefined":
		return text + " (Lua's null is nil)"
	case "this":
		return text + " (a Lua method gets its object as self)"
	}
	var cands []string
	if i == 0 {
		cands = s.names(s.rt.L.G.Global)
		cands = append(cands, s.rt.ModuleGlobalNames()...)
	} else {
		cands = s.names(vals[i-1])
	}
	if near := closest(segs[i], cands); near != "" {
		text += "; did you mean " + strings.Join(append(append([]string{}, segs[:i]...), near), ".") + "?"
	}
	return text
}

// global is a global's value, a module global included (opening it).
func (s *session) global(name string) lua.LValue {
	if v := s.rt.L.G.Global.RawGetString(name); v != lua.LNil {
		return v
	}
	v, err := s.rt.ModuleGlobal(name)
	if err != nil {
		return lua.LNil
	}
	return v
}

// field is v.name by raw lookups: a table's field (following __index
// tables), a netsh object's method or property; nil for anything else.
func (s *session) field(v lua.LValue, name string) lua.LValue {
	switch x := v.(type) {
	case *lua.LTable:
		return rawField(x, name)
	case *lua.LUserData:
		if cls := luabind.ClassOf(x); cls != nil {
			if m, ok := s.rt.Methods(cls)[name]; ok {
				return m
			}
			if _, ok := cls.Getters[name]; ok || cls.Index != nil {
				return lua.LTrue // a property: not nil, its value unread
			}
			return lua.LNil
		}
		return lua.LTrue // other userdata answer through code we do not run
	case lua.LString:
		return rawField(s.rt.L.G.Global.RawGetString("string"), name)
	}
	return lua.LNil
}

// names are the keys completion would offer after v.
func (s *session) names(v lua.LValue) []string { return keys(v, false, nil, 0, s.rt) }

// closest is the candidate within a small edit distance of name, or "".
func closest(name string, cands []string) string {
	best, bestD := "", 3
	if len(name) <= 3 {
		bestD = 2
	}
	sort.Strings(cands)
	for _, c := range cands {
		if c == name {
			continue
		}
		if d := editDistance(strings.ToLower(name), strings.ToLower(c)); d < bestD {
			best, bestD = c, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance of a and b.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
