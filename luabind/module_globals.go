package luabind

import (
	lua "github.com/yuin/gopher-lua"
)

// Node's REPL and `node -e` have every built-in module as a global
// (`net.createServer` works without a require). netsh does the same in
// the shell and in `netsh -e` (Options.ModuleGlobals), generically from the
// module registry, so a module registered later (dns, tls) is a global
// too. Nothing is opened up front: the globals table gets an __index that
// requires a module the first time its name is read and then stores it
// as an ordinary global, so start-up stays as fast and a script that
// assigns the name (`net = nil`, `local net = ...`) is unaffected.

// installModuleGlobals puts the lazy module lookup on the globals table.
func (rt *Runtime) installModuleGlobals() {
	L := rt.L
	mt := L.NewTable()
	mt.RawSetString("__index", L.NewFunction(func(L *lua.LState) int {
		name, ok := L.Get(2).(lua.LString)
		if !ok {
			L.Push(lua.LNil)
			return 1
		}
		v, err := rt.ModuleGlobal(string(name))
		if err != nil {
			L.RaiseError("%s", err.Error())
		}
		L.Push(v)
		return 1
	}))
	L.SetMetatable(L.G.Global, mt)
}

// ModuleGlobal is the value the global name takes from the module registry
// when nothing else defines it: the module, opened and then kept as a
// global, or nil when no registered module has that name (or module
// globals are off). The REPL's completion and hints ask it too. Loop
// goroutine only.
func (rt *Runtime) ModuleGlobal(name string) (lua.LValue, error) {
	if !rt.moduleGlobals() || !isGlobalName(name) {
		return lua.LNil, nil
	}
	if _, ok := lookupModule(name); !ok {
		return lua.LNil, nil
	}
	v, err := rt.Require(name)
	if err != nil {
		return lua.LNil, err
	}
	rt.L.G.Global.RawSetString(name, v)
	return v, nil
}

// ModuleGlobalNames lists the registered modules that would be globals
// (loaded or not), for completion.
func (rt *Runtime) ModuleGlobalNames() []string {
	if !rt.moduleGlobals() {
		return nil
	}
	var out []string
	for _, n := range Modules() {
		if isGlobalName(n) {
			out = append(out, n)
		}
	}
	return out
}

// moduleGlobals reports whether module globals are on: in the shell and
// for `netsh -e`.
func (rt *Runtime) moduleGlobals() bool { return rt.opts.Interactive || rt.opts.ModuleGlobals }

// isGlobalName reports whether a module name can be a global: a Lua name
// (not "fs/promises", not a keyword).
func isGlobalName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		alpha := c == '_' || (c|0x20 >= 'a' && c|0x20 <= 'z')
		if !alpha && (i == 0 || c < '0' || c > '9') {
			return false
		}
	}
	switch s {
	case "and", "break", "do", "else", "elseif", "end", "false", "for", "function",
		"if", "in", "local", "nil", "not", "or", "repeat", "return", "then", "true",
		"until", "while":
		return false
	}
	return true
}
