package luabind

import (
	lua "github.com/yuin/gopher-lua"
)

// Two gopher-lua 1.1.2 coroutine defects, worked around here (see
// docs/lua.md):
//
//   - A thread takes its context from the state that created it, and the
//     REPL gives every typed line its own context, cancelled when the line
//     ends: a coroutine made on one line died with "context canceled" when
//     resumed on the next. resume now hands the thread the resumer's
//     context (nil included), so Ctrl-C still interrupts the running line
//     and nothing stale is left.
//   - coroutine.wrap marks its thread "wrapped", and resume of that thread
//     (reachable through coroutine.running() inside it) then raises errors
//     and drops the leading true, which Lua 5.1 never does. wrap is
//     rebuilt on create and resume, with Lua 5.1's error rule: a string
//     error gets the caller's position.

// luaCoroutineMessages are Lua 5.1's words for gopher-lua's.
var luaCoroutineMessages = map[string]string{
	"can not resume a dead thread":    "cannot resume dead coroutine",
	"can not resume a running thread": "cannot resume non-suspended coroutine",
}

// installCoroutineFixes replaces coroutine.resume and coroutine.wrap.
func (rt *Runtime) installCoroutineFixes() {
	L := rt.L
	co, ok := L.GetGlobal("coroutine").(*lua.LTable)
	if !ok {
		return
	}
	orig, ok := co.RawGetString("resume").(*lua.LFunction)
	if !ok {
		return
	}
	co.RawSetString("resume", L.NewFunction(func(L *lua.LState) int {
		if th, ok := L.Get(1).(*lua.LState); ok {
			if ctx := L.Context(); ctx != nil {
				th.SetContext(ctx)
			} else if th.Context() != nil {
				th.RemoveContext()
			}
		}
		n := L.GetTop()
		L.Insert(orig, 1)
		L.Call(n, lua.MultRet)
		if L.Get(1) == lua.LFalse {
			if L.Get(2) == exitSignal {
				L.Error(exitSignal, 0) // process.exit inside a coroutine ends the process, as pcall lets it
			}
			if m, ok := luaCoroutineMessages[lua.LVAsString(L.Get(2))]; ok {
				L.Replace(2, lua.LString(m))
			}
		}
		return L.GetTop()
	}))
	resume := co.RawGetString("resume")
	create := co.RawGetString("create")
	co.RawSetString("wrap", L.NewFunction(func(L *lua.LState) int {
		L.CheckFunction(1)
		L.Push(create)
		L.Push(L.Get(1))
		L.Call(1, 1)
		th := L.Get(-1)
		L.Push(L.NewFunction(func(L *lua.LState) int { return wrappedResume(L, resume, th) }))
		return 1
	}))
}

// wrappedResume is one call of a wrap()ped coroutine: resume, then the
// yielded or returned values, or the error raised again, a string one
// with the caller's position as Lua 5.1's auxwrap adds it.
func wrappedResume(L *lua.LState, resume, th lua.LValue) int {
	n := L.GetTop()
	L.Insert(th, 1)
	L.Insert(resume, 1)
	L.Call(n+1, lua.MultRet)
	if L.Get(1) == lua.LFalse {
		if msg, ok := L.Get(2).(lua.LString); ok {
			L.Error(lua.LString(luaWhere(L, 1)+string(msg)), 0)
		}
		L.Error(L.Get(2), 0)
	}
	L.Remove(1)
	return L.GetTop()
}
