package luabind

import (
	"strings"
	"sync"

	lua "github.com/yuin/gopher-lua"

	"github.com/netsh/netsh/luabind/internal/luapat"
)

// string.find, string.match, string.gmatch and string.gsub as Lua 5.1's,
// on luapat's matcher: gopher-lua compiled the pattern on every call and
// allocated for every match, and a protocol parser calls these per line.

// installStringMatch replaces the four pattern functions of the string
// table (and so of every string's methods).
func (rt *Runtime) installStringMatch() {
	st, ok := rt.L.GetGlobal("string").(*lua.LTable)
	if !ok {
		return
	}
	st.RawSetString("find", rt.L.NewFunction(func(L *lua.LState) int { return strFind(L, true) }))
	st.RawSetString("match", rt.L.NewFunction(func(L *lua.LState) int { return strFind(L, false) }))
	st.RawSetString("gmatch", rt.L.NewFunction(strGmatch))
	st.RawSetString("gsub", rt.L.NewFunction(strGsub))
}

// matchers are reused: a match allocates nothing but its results.
var matchers = sync.Pool{New: func() any { return &luapat.Matcher{} }}

func getMatcher() *luapat.Matcher  { return matchers.Get().(*luapat.Matcher) }
func putMatcher(m *luapat.Matcher) { matchers.Put(m) }

// patternCall runs f, raising a malformed pattern's error as Lua does.
func patternCall(L *lua.LState, f func()) {
	if err := luapat.Do(f); err != nil {
		L.RaiseError("%s", err.Error())
	}
}

// startIndex is Lua 5.1's posrelat(init) - 1, clamped to [0, len].
func startIndex(L *lua.LState, n, size int) int {
	init := L.OptInt(n, 1)
	if init < 0 {
		init += size + 1
	}
	init--
	if init < 0 {
		return 0
	}
	if init > size {
		return size
	}
	return init
}

func strFind(L *lua.LState, find bool) int {
	s := L.CheckString(1)
	p := L.CheckString(2)
	init := startIndex(L, 3, len(s))
	if find && (lua.LVAsBool(L.Get(4)) || !luapat.HasSpecials(p)) {
		i := strings.Index(s[init:], p)
		if i < 0 {
			L.Push(lua.LNil)
			return 1
		}
		L.Push(intNum(init + i + 1))
		L.Push(intNum(init + i + len(p)))
		return 2
	}
	m := getMatcher()
	defer putMatcher(m)
	n := -1
	patternCall(L, func() {
		s1, e := m.Find(s, p, init)
		switch {
		case s1 < 0:
		case find:
			L.Push(intNum(s1 + 1))
			L.Push(intNum(e))
			n = 2 + pushCaptures(L, m, s, -1, -1)
		default:
			n = pushCaptures(L, m, s, s1, e)
		}
	})
	if n < 0 {
		L.Push(lua.LNil)
		return 1
	}
	return n
}

// pushCaptures pushes a match's captures, or the whole match (from start
// to end) when it has none and start >= 0; it returns how many.
func pushCaptures(L *lua.LState, m *luapat.Matcher, s string, start, end int) int {
	n := m.Level()
	if n == 0 && start >= 0 {
		L.Push(lua.LString(s[start:end]))
		return 1
	}
	for i := 0; i < n; i++ {
		L.Push(captureValue(L, m, s, i, start, end))
	}
	return n
}

// captureValue is capture i (Lua's push_onecapture).
func captureValue(L *lua.LState, m *luapat.Matcher, s string, i, start, end int) lua.LValue {
	if i >= m.Level() {
		if i == 0 {
			return lua.LString(s[start:end])
		}
		panic(&luapat.Error{Msg: "invalid capture index"})
	}
	c := m.Caps[i]
	switch c.Len {
	case luapat.Position:
		return lua.LNumber(c.Start + 1)
	case -1:
		panic(&luapat.Error{Msg: "unfinished capture"})
	}
	return lua.LString(s[c.Start : c.Start+c.Len])
}

func strGmatch(L *lua.LState) int {
	s := L.CheckString(1)
	p := L.CheckString(2)
	pos := 0
	L.Push(L.NewFunction(func(L *lua.LState) int {
		m := getMatcher()
		defer putMatcher(m)
		n := 0
		patternCall(L, func() {
			for src := pos; src <= len(s); src++ {
				if e := m.Match(s, p, src); e != -1 {
					pos = e
					if e == src {
						pos++ // an empty match: go on at least one position
					}
					n = pushCaptures(L, m, s, src, e)
					return
				}
			}
			pos = len(s) + 1
		})
		return n
	}))
	return 1
}

func strGsub(L *lua.LState) int {
	src := L.CheckString(1)
	p := L.CheckString(2)
	repl := L.Get(3)
	switch repl.Type() {
	case lua.LTNumber, lua.LTString, lua.LTFunction, lua.LTTable:
	default:
		L.ArgError(3, "string/function/table expected")
	}
	maxN := L.OptInt(4, len(src)+1)
	anchor := len(p) > 0 && p[0] == '^'
	if anchor {
		p = p[1:]
	}
	m := getMatcher()
	defer putMatcher(m)
	var b strings.Builder
	n := 0
	patternCall(L, func() {
		s := 0
		for n < maxN {
			e := m.Match(src, p, s)
			if e != -1 {
				n++
				gsubValue(L, m, &b, src, s, e, repl)
			}
			switch {
			case e != -1 && e > s:
				s = e
			case s < len(src):
				b.WriteByte(src[s])
				s++
			default:
				goto done
			}
			if anchor {
				break
			}
		}
	done:
		b.WriteString(src[min(s, len(src)):])
	})
	L.Push(lua.LString(b.String()))
	L.Push(lua.LNumber(n))
	return 2
}

// gsubValue appends the replacement of the match src[s:e] (Lua's
// add_value): repl as a string with %0-%9, a table indexed by the first
// capture, or a function of the captures; false or nil keeps the match.
func gsubValue(L *lua.LState, m *luapat.Matcher, b *strings.Builder, src string, s, e int, repl lua.LValue) {
	var v lua.LValue
	switch r := repl.(type) {
	case lua.LString, lua.LNumber:
		addReplacement(L, m, b, src, s, e, lua.LVAsString(r))
		return
	case *lua.LTable:
		v = L.GetTable(r, captureValue(L, m, src, 0, s, e))
	case *lua.LFunction:
		top := L.GetTop()
		L.Push(r)
		n := pushCaptures(L, m, src, s, e)
		L.Call(n, 1)
		v = L.Get(-1)
		L.SetTop(top)
	}
	switch x := v.(type) {
	case *lua.LNilType:
		b.WriteString(src[s:e])
	case lua.LBool:
		if !x {
			b.WriteString(src[s:e])
			return
		}
		L.RaiseError("invalid replacement value (a boolean)")
	case lua.LString, lua.LNumber:
		b.WriteString(lua.LVAsString(x))
	default:
		L.RaiseError("invalid replacement value (a %s)", v.Type().String())
	}
}

// addReplacement is Lua's add_s: %d is capture d, %0 the whole match, %
// before anything else that character.
func addReplacement(L *lua.LState, m *luapat.Matcher, b *strings.Builder, src string, s, e int, news string) {
	for i := 0; i < len(news); i++ {
		c := news[i]
		if c != '%' {
			b.WriteByte(c)
			continue
		}
		i++
		var d byte // a '%' at the very end adds a NUL, as 5.1 reads its terminator
		if i < len(news) {
			d = news[i]
		}
		switch {
		case d < '0' || d > '9':
			b.WriteByte(d)
		case d == '0':
			b.WriteString(src[s:e])
		default:
			b.WriteString(lua.LVAsString(captureValue(L, m, src, int(d-'1'), s, e)))
		}
	}
}
