package luabind

import (
	lua "github.com/yuin/gopher-lua"
)

// A plugin can take the REPL's typed lines (ncat's .connect joins the
// terminal to a socket): netsh.attach(fn[, prompt[, onEOF]]) until
// netsh.detach(). The REPL learns of every change at once through the
// attach hook, so a connection refused or closed puts the `netsh>` prompt
// back while the user looks at it, and the line typed next is run as Lua,
// not handed to a handler that is gone.

// LinePrompt reports whether a plugin has taken the REPL's typed lines
// (netsh.attach), and the prompt to show then. Safe from any goroutine, so
// the REPL can ask without a round trip to a busy loop.
func (rt *Runtime) LinePrompt() (string, bool) {
	rt.plug.lineMu.Lock()
	defer rt.plug.lineMu.Unlock()
	return rt.plug.linePrompt, rt.plug.lineHandler != nil
}

// SetAttachHook registers fn, called on the loop goroutine each time a
// plugin attaches or detaches (the REPL redraws its prompt). Call it
// before the loop runs.
func (rt *Runtime) SetAttachHook(fn func()) { rt.plug.attachHook = fn }

// HandleLine gives a typed line to the attached handler; it reports false
// if none is attached (the line is then the REPL's to run). An error in
// the handler is printed, not fatal. Loop goroutine only.
func (rt *Runtime) HandleLine(line string) bool {
	rt.plug.lineMu.Lock()
	fn := rt.plug.lineHandler
	rt.plug.lineMu.Unlock()
	if fn == nil {
		return false
	}
	rt.Call(fn, lua.LString(line))
	return true
}

// HandleEOF is Ctrl-D while a plugin is attached: its onEOF runs (ncat
// half-closes its socket), and the plugin is detached if onEOF did not
// detach it, so Ctrl-D always gives the prompt back rather than ending
// the shell. It reports false if nothing was attached. Loop goroutine
// only.
func (rt *Runtime) HandleEOF() bool {
	rt.plug.lineMu.Lock()
	attached, onEOF := rt.plug.lineHandler != nil, rt.plug.lineEOF
	rt.plug.lineMu.Unlock()
	if !attached {
		return false
	}
	if onEOF != nil {
		rt.Call(onEOF)
	}
	rt.setLineHandler(nil, "", nil)
	return true
}

// setLineHandler attaches (fn set) or detaches, and tells the REPL.
func (rt *Runtime) setLineHandler(fn *lua.LFunction, prompt string, onEOF *lua.LFunction) bool {
	rt.plug.lineMu.Lock()
	was := rt.plug.lineHandler != nil
	changed := was || fn != nil
	rt.plug.lineHandler, rt.plug.linePrompt, rt.plug.lineEOF = fn, prompt, onEOF
	rt.plug.lineMu.Unlock()
	if changed && rt.plug.attachHook != nil {
		rt.plug.attachHook()
	}
	return was
}

// netshAttach is attach(fn[, prompt[, onEOF]]): the REPL hands each typed
// line to fn instead of evaluating it, showing prompt, until detach();
// Ctrl-D calls onEOF and detaches (ncat's .connect).
func (rt *Runtime) netshAttach(L *lua.LState) int {
	fn := rt.CheckFunction(L, 1, "fn")
	prompt := "> "
	switch p := L.Get(2).(type) {
	case lua.LString:
		prompt = string(p)
	case *lua.LNilType:
	default:
		rt.ArgTypeError(L, "prompt", "of type string", p)
	}
	rt.setLineHandler(fn, prompt, rt.OptFunction(L, 3, "onEOF"))
	return 0
}

// netshDetach is detach(): whether a handler was attached.
func (rt *Runtime) netshDetach(L *lua.LState) int {
	L.Push(lua.LBool(rt.setLineHandler(nil, "", nil)))
	return 1
}

// netshAttached is attached(): whether a handler takes the typed lines.
func (rt *Runtime) netshAttached(L *lua.LState) int {
	_, attached := rt.LinePrompt()
	L.Push(lua.LBool(attached))
	return 1
}
