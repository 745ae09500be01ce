package luabind

import lua "github.com/yuin/gopher-lua"

// globals are the names New installs in every Lua state, each taken from
// the module that defines it, in this order. One table rather than one
// init() per module, so what a script starts with is visible in one place.
var globals = []globalInstaller{
	{"bit", asGlobal("bit")},
	{"buffer", copyFields("Buffer")},
	{"console", asGlobal("console")},
	{"netsh", asGlobal("netsh")},
	{"process", installProcessGlobals},
	{"timers", copyFields("setTimeout", "setInterval", "setImmediate",
		"clearTimeout", "clearInterval", "clearImmediate")},
}

type globalInstaller struct {
	module  string
	install func(L *lua.LState, mod lua.LValue)
}

// installGlobals puts the globals in place by requiring the modules that
// define them, through the same registry an embedder uses; a module an
// embedder left out (none today) is skipped.
func (rt *Runtime) installGlobals() error {
	L := rt.L
	for _, g := range globals {
		if _, ok := lookupModule(g.module); !ok {
			continue
		}
		v, err := rt.Require(g.module)
		if err != nil {
			return err
		}
		g.install(L, v)
	}
	return nil
}

// asGlobal sets the module itself as the global name.
func asGlobal(name string) func(L *lua.LState, mod lua.LValue) {
	return func(L *lua.LState, mod lua.LValue) { L.SetGlobal(name, mod) }
}

// copyFields sets each named field of the module table as a global.
func copyFields(names ...string) func(L *lua.LState, mod lua.LValue) {
	return func(L *lua.LState, mod lua.LValue) {
		t, ok := mod.(*lua.LTable)
		if !ok {
			return
		}
		for _, n := range names {
			L.SetGlobal(n, t.RawGetString(n))
		}
	}
}
