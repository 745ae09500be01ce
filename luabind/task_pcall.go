package luabind

import (
	"strconv"
	"strings"

	lua "github.com/yuin/gopher-lua"
)

// gopher-lua's pcall runs its function in a nested interpreter loop, so a
// coroutine.yield inside it returns into pcall as if the function had
// finished, and the coroutine goes on corrupted (Lua 5.1 refuses such a
// yield; 5.2 and later allow it). Inside a coroutine, netsh's pcall and
// xpcall therefore run the function in a worker coroutine and pass its
// yields through, as Lua 5.2 does: a task can `pcall(net.dial, port)` and
// still wait. Outside coroutines they stay the plain Go functions.
// Workers are pooled: a pcall costs two resumes, not a new thread.
//
// coroutine.yield itself checks that it is not inside such a nested loop
// (a metamethod, table.sort's comparator) and raises Lua 5.1's error there
// instead of corrupting the coroutine.

const taskPcallSource = `local gopcall, goxpcall, resume, yield, create, incoroutine, where = ...
local DONE = {}
local pool, n = {}, 0
local function loop(...)
  return loop(yield(DONE, (...)(select(2, ...))))
end
local function worker()
  if n > 0 then
    local w = pool[n]
    pool[n] = nil
    n = n - 1
    return w
  end
  return create(loop)
end
local function settle(w, ok, mark, ...)
  if not ok then return false, where(mark) end
  if mark == DONE then
    if n < 16 then n = n + 1; pool[n] = w end
    return true, ...
  end
  return settle(w, resume(w, yield(mark, ...)))
end
local function xsettle(w, h, ok, mark, ...)
  if not ok then return false, h(where(mark)) end
  if mark == DONE then
    if n < 16 then n = n + 1; pool[n] = w end
    return true, ...
  end
  return xsettle(w, h, resume(w, yield(mark, ...)))
end
local function pcall(f, ...)
  if not incoroutine() or type(f) ~= 'function' then return gopcall(f, ...) end
  local w = worker()
  return settle(w, resume(w, f, ...))
end
local function xpcall(f, h)
  if not incoroutine() or type(f) ~= 'function' or type(h) ~= 'function' then return goxpcall(f, h) end
  local w = worker()
  return xsettle(w, h, resume(w, f))
end
return pcall, xpcall`

// installTaskPcall puts the coroutine-aware pcall, xpcall and yield in
// place; it runs after installPcall and installCoroutineFixes.
func (rt *Runtime) installTaskPcall() error {
	L := rt.L
	co := L.GetGlobal("coroutine").(*lua.LTable)
	yield := L.NewFunction(func(L *lua.LState) int {
		if L.Parent != nil && !canYieldHere() {
			L.RaiseError("attempt to yield across metamethod/C-call boundary")
		}
		return -1 // every argument is yielded
	})
	co.RawSetString("yield", yield)
	fn, err := rt.Load(taskPcallSource, "=netsh:pcall")
	if err != nil {
		return err
	}
	incoroutine := L.NewFunction(func(L *lua.LState) int {
		L.Push(lua.LBool(L.Parent != nil))
		return 1
	})
	if err := L.CallByParam(lua.P{Fn: fn, NRet: 2, Protect: true},
		L.GetGlobal("pcall"), L.GetGlobal("xpcall"), co.RawGetString("resume"), yield,
		co.RawGetString("create"), incoroutine, L.NewFunction(workerErrorWhere)); err != nil {
		return err
	}
	L.SetGlobal("pcall", L.Get(-2))
	L.SetGlobal("xpcall", L.Get(-1))
	L.Pop(2)
	return nil
}

// workerErrorWhere gives an error message raised in a pcall worker the
// position gopher-lua gives it outside one: a Go function's error (a bad
// argument) is placed at the nearest Lua caller, which in a worker is
// netsh's own loop; outside it is the code that called pcall, and the Go
// function has no name there.
func workerErrorWhere(L *lua.LState) int {
	msg, ok := L.Get(1).(lua.LString)
	if !ok || !strings.HasPrefix(string(msg), internalSource) {
		L.SetTop(1)
		return 1
	}
	rest := string(msg)
	if i := strings.Index(rest, ": "); i >= 0 {
		rest = rest[i+2:]
	}
	if strings.HasPrefix(rest, "bad argument #") {
		rest = strings.Replace(rest, " to ? (", " to (anonymous) (", 1)
	}
	for level := 1; ; level++ {
		dbg, ok := L.GetStack(level)
		if !ok {
			break
		}
		if _, err := L.GetInfo("Sl", dbg, lua.LNil); err == nil && dbg.CurrentLine > 0 && !strings.HasPrefix(dbg.Source, internalSource) {
			rest = dbg.Source + ":" + strconv.Itoa(dbg.CurrentLine) + ": " + rest
			break
		}
	}
	L.Push(lua.LString(rest))
	return 1
}

// isWorkerThread reports whether th is one of pcall's worker coroutines:
// its bottom function is netsh's own.
func isWorkerThread(th *lua.LState) bool {
	f, ok := baseFunction(th).(*lua.LFunction)
	return ok && f.Proto != nil && strings.HasPrefix(f.Proto.SourceName, internalSource+"pcall")
}
