package luabind

import (
	"strings"

	lua "github.com/yuin/gopher-lua"
)

// gopher-lua's string.format("%q", s) writes Go escapes (\n, \t, \x00)
// and Lua 5.1 has no \x escape, so a quoted string with control bytes
// did not read back as the same string. netsh's string.format quotes as
// Lua 5.1's addquoted does (only ", \, newline, \r and \0 escaped) and
// hands every other conversion to gopher-lua's.
func installFormat(L *lua.LState) {
	str, ok := L.GetGlobal("string").(*lua.LTable)
	if !ok {
		return
	}
	orig, ok := str.RawGetString("format").(*lua.LFunction)
	if !ok {
		return
	}
	str.RawSetString("format", L.NewFunction(func(L *lua.LState) int {
		f := L.CheckString(1)
		if !strings.Contains(f, "q") {
			return callThrough(L, orig)
		}
		f2, args := quoteArgs(L, f)
		L.SetTop(0)
		L.Push(orig)
		L.Push(lua.LString(f2))
		for _, a := range args {
			L.Push(a)
		}
		L.Call(1+len(args), 1)
		return 1
	}))
}

// quoteArgs replaces each %q of format f with its argument, quoted, and
// returns the new format with the arguments the other conversions take.
func quoteArgs(L *lua.LState, f string) (string, []lua.LValue) {
	var out strings.Builder
	var args []lua.LValue
	arg := 2
	for i := 0; i < len(f); i++ {
		if f[i] != '%' {
			out.WriteByte(f[i])
			continue
		}
		if i+1 < len(f) && f[i+1] == '%' {
			out.WriteString("%%")
			i++
			continue
		}
		j := i + 1
		for j < len(f) && strings.IndexByte("-+ #0123456789.", f[j]) >= 0 {
			j++
		}
		if j < len(f) && f[j] == 'q' {
			q := quoteLua(L.CheckString(arg))
			out.WriteString(strings.ReplaceAll(q, "%", "%%"))
		} else {
			out.WriteString(f[i:min(j+1, len(f))])
			args = append(args, L.Get(arg))
		}
		arg++
		i = j
	}
	for ; arg <= L.GetTop(); arg++ {
		args = append(args, L.Get(arg))
	}
	return out.String(), args
}

// quoteLua is s between double quotes as Lua 5.1's %q writes it.
func quoteLua(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '"', '\\', '\n':
			b.WriteByte('\\')
			b.WriteByte(c)
		case '\r':
			b.WriteString(`\r`)
		case 0:
			b.WriteString(`\000`)
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('"')
	return b.String()
}
