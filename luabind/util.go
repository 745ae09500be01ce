package luabind

import (
	"strings"

	lua "github.com/yuin/gopher-lua"
)

// Format is util.format: printf-style directives in a first string
// argument, other arguments joined by one space. (Minimal; to be completed.)
func (rt *Runtime) Format(args []lua.LValue) string {
	parts := make([]string, len(args))
	for i, a := range args {
		if s, ok := a.(lua.LString); ok {
			parts[i] = string(s)
		} else {
			parts[i] = rt.Inspect(a)
		}
	}
	return strings.Join(parts, " ")
}

// Inspect is util.inspect with default options. (Minimal; to be completed.)
func (rt *Runtime) Inspect(v lua.LValue) string {
	return rt.L.ToStringMeta(v).String()
}

func openUtil(rt *Runtime) (lua.LValue, error) {
	L := rt.L
	t := L.NewTable()
	L.SetFuncs(t, map[string]lua.LGFunction{
		"format": func(L *lua.LState) int {
			L.Push(lua.LString(rt.Format(extraArgs(L, 1))))
			return 1
		},
		"inspect": func(L *lua.LState) int {
			L.Push(lua.LString(rt.Inspect(L.Get(1))))
			return 1
		},
	})
	return t, nil
}

func init() { Register(Module{Name: "util", Open: openUtil}) }
