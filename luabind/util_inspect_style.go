package luabind

import (
	"regexp"
	"sort"

	lua "github.com/yuin/gopher-lua"

	"github.com/netsh/netsh/luabind/internal/jsfmt"
)

// This file is inspect's colours (util.inspect's `colors: true`, which the
// REPL uses on a terminal) and the names it gives functions.

// inspectStyles are Node's util.inspect.styles as SGR start and end codes:
// Lua's nil takes undefined's grey.
var inspectStyles = map[string][2]string{
	"special":   {"36", "39"}, // cyan: [Function], [Circular *1], [Object]
	"number":    {"33", "39"}, // yellow
	"boolean":   {"33", "39"},
	"undefined": {"90", "39"}, // grey: nil
	"string":    {"32", "39"}, // green
}

// stylize wraps s in the colour of style when colours are on.
func (c *inspector) stylize(s, style string) string {
	if !c.opts.Colors {
		return s
	}
	st, ok := inspectStyles[style]
	if !ok {
		return s
	}
	return "\x1b[" + st[0] + "m" + s + "\x1b[" + st[1] + "m"
}

var sgrSequence = regexp.MustCompile("\x1b\\[[0-9;]*m")

// width is how many columns s takes, its colour codes not counted, as
// Node's getStringWidth(str, removeControlChars).
func (c *inspector) width(s string) int {
	if c.opts.Colors {
		s = sgrSequence.ReplaceAllString(s, "")
	}
	return jsfmt.Len(s)
}

// functionText is a function as Node shows one: [Function: name], or
// [Function (anonymous)]. Lua functions carry no name, so the name is
// where the function is found: a global (print, add), a field of a table
// that is a global or a loaded module (createServer, string.format's
// format), a class method; failing those, the key it is printed under,
// as JavaScript names `{ f: function() {} }`'s function f.
func (c *inspector) functionText(fn *lua.LFunction, key string) string {
	name := c.functionNames()[fn]
	if name == "" {
		name = key
	}
	if name == "" {
		return c.stylize("[Function (anonymous)]", "special")
	}
	return c.stylize("[Function: "+name+"]", "special")
}

// functionNames indexes the functions reachable by name, once per inspect
// call: loaded modules' fields, globals, the fields of global tables, then
// class methods; the first name found for a function wins, in sorted
// order so the choice is stable.
func (c *inspector) functionNames() map[*lua.LFunction]string {
	if c.fnNames != nil {
		return c.fnNames
	}
	names := map[*lua.LFunction]string{}
	c.fnNames = names
	add := func(t *lua.LTable) []*lua.LTable {
		var tables []*lua.LTable
		for _, k := range sortedStringKeys(t) {
			if k == "_" || k == "_error" {
				continue // the REPL's last value and error: not a name
			}
			switch v := t.RawGetString(k).(type) {
			case *lua.LFunction:
				if _, ok := names[v]; !ok {
					names[v] = k
				}
			case *lua.LTable:
				tables = append(tables, v)
			}
		}
		return tables
	}
	rt := c.rt
	// A module's own field names its functions best (a global alias
	// `f = net.createServer` is still createServer), then the globals,
	// then the fields of global tables (string.format is format).
	for _, name := range sortedModuleNames(rt.mods.loaded) {
		if t, ok := rt.mods.loaded[name].(*lua.LTable); ok {
			add(t)
		}
	}
	for _, t := range add(rt.L.G.Global) {
		add(t)
	}
	for _, cr := range rt.classes {
		for _, name := range sortedModuleNames(cr.methods) {
			if f, ok := cr.methods[name].(*lua.LFunction); ok {
				if _, ok := names[f]; !ok {
					names[f] = name
				}
			}
		}
	}
	return names
}

// sortedStringKeys are t's string keys that are Lua names, sorted.
func sortedStringKeys(t *lua.LTable) []string {
	var out []string
	t.ForEach(func(k, _ lua.LValue) {
		if s, ok := k.(lua.LString); ok && jsfmt.IsIdentKey(string(s)) {
			out = append(out, string(s))
		}
	})
	sort.Strings(out)
	return out
}

func sortedModuleNames(m map[string]lua.LValue) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
