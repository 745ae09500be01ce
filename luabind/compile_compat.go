package luabind

import (
	"runtime"
	"runtime/metrics"
	"strconv"
	"strings"

	lua "github.com/yuin/gopher-lua"
)

// Lua 5.1 functions gopher-lua v1.1.2 lacks or gets wrong, found by
// running Lua 5.1's test suite through netsh (docs/lua.md):
// collectgarbage ignored its option (collectgarbage("count") was nil),
// gcinfo, table.foreach, table.foreachi and table.setn were missing,
// error() without a value raised "value expected" instead of nil and put
// its position one level off,
// table.maxn skipped keys that are not integers, os.setlocale said
// false even for the "C" locale that is all there is, and debug.getinfo
// lacked short_src and option 'L' (compile_debug.go).

// installCompat puts netsh's versions in place of gopher-lua's.
func (rt *Runtime) installCompat() {
	L := rt.L
	gc := &gcSettings{pause: 200, stepmul: 200}
	L.SetGlobal("collectgarbage", L.NewFunction(gc.collectGarbage))
	L.SetGlobal("gcinfo", L.NewFunction(luaGCInfo))
	L.SetGlobal("error", L.NewFunction(luaError))
	if tbl, ok := L.GetGlobal("table").(*lua.LTable); ok {
		tbl.RawSetString("foreach", L.NewFunction(luaTableForeach))
		tbl.RawSetString("foreachi", L.NewFunction(luaTableForeachi))
		tbl.RawSetString("maxn", L.NewFunction(luaTableMaxn))
		tbl.RawSetString("setn", L.NewFunction(func(L *lua.LState) int {
			L.RaiseError("'setn' is obsolete")
			return 0
		}))
	}
	if osT, ok := L.GetGlobal("os").(*lua.LTable); ok {
		osT.RawSetString("setlocale", L.NewFunction(luaSetLocale))
	}
	if dbgT, ok := L.GetGlobal("debug").(*lua.LTable); ok {
		dbgT.RawSetString("getinfo", L.NewFunction(luaGetInfo))
	}
}

// heapKB is the live Go heap in KiB: what "count" reports. netsh's Lua
// values live in the Go heap, shared with the runtime's own objects.
func heapKB() float64 {
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		return float64(ms.HeapAlloc) / 1024
	}
	return float64(s[0].Value.Uint64()) / 1024
}

// gcSettings are what setpause and setstepmul last set. Go's collector
// is tuned process-wide (internal/cli), so they are kept, not applied.
type gcSettings struct{ pause, stepmul int }

// collectGarbage is collectgarbage([opt [, arg]]) with Lua 5.1's
// options and results. "stop" and "restart" do nothing: Go's collector
// cannot be paused for one Lua state.
func (st *gcSettings) collectGarbage(L *lua.LState) int {
	opt := L.OptString(1, "collect")
	arg := L.OptInt(2, 0)
	switch opt {
	case "stop", "restart":
		L.Push(lua.LNumber(0))
	case "collect":
		runtime.GC()
		L.Push(lua.LNumber(0))
	case "count":
		L.Push(lua.LNumber(heapKB()))
	case "step":
		runtime.GC()
		L.Push(lua.LTrue) // a whole cycle ran
	case "setpause":
		L.Push(lua.LNumber(st.pause))
		st.pause = arg
	case "setstepmul":
		L.Push(lua.LNumber(st.stepmul))
		st.stepmul = arg
	default:
		L.ArgError(1, "invalid option '"+opt+"'")
	}
	return 1
}

// luaGCInfo is Lua 5.1's deprecated gcinfo(): the heap in whole KiB.
func luaGCInfo(L *lua.LState) int {
	L.Push(lua.LNumber(int(heapKB())))
	return 1
}

// luaError is error([message [, level]]) as Lua 5.1's: a string (or
// number) message gets the position of the function level calls up (1:
// the caller of error), none when that is a Go function or past the stack;
// without a value it raises nil. gopher-lua's refused a missing value,
// skipped Go frames at level 1 (pcall(error, "x") got a position) and
// counted one level short from 2 on.
func luaError(L *lua.LState) int {
	obj := L.Get(1)
	level := L.OptInt(2, 1)
	switch m := obj.(type) {
	case lua.LString, lua.LNumber:
		if level > 0 {
			obj = lua.LString(luaWhere(L, level) + lua.LVAsString(m))
		}
	}
	L.Error(obj, 0)
	return 0
}

// luaWhere is Lua's luaL_where: "chunk:line: " for the Lua function level
// calls up from the running Go function, "" for a Go one or none.
func luaWhere(L *lua.LState, level int) string {
	dbg, ok := L.GetStack(level)
	if !ok {
		return workerCallerWhere(L, level)
	}
	fn, err := L.GetInfo("Slf", dbg, lua.LNil)
	if f, isFn := fn.(*lua.LFunction); err != nil || !isFn || f.IsG || dbg.CurrentLine <= 0 || strings.HasPrefix(dbg.Source, internalSource) {
		return "" // netsh's own Lua helpers count as Go functions
	}
	return dbg.Source + ":" + strconv.Itoa(dbg.CurrentLine) + ": "
}

// workerCallerWhere goes on counting levels past the bottom of a pcall
// worker (task_pcall.go) in the coroutine that called pcall, as if the
// function had run there: the worker's base stands for pcall itself, and
// the caller's own helper frames above pcall's caller are not counted.
func workerCallerWhere(L *lua.LState, level int) string {
	depth := 0
	for {
		if _, ok := L.GetStack(depth); !ok {
			break
		}
		depth++
	}
	p := L.Parent
	if p == nil || depth == 0 || !isWorkerThread(L) {
		return ""
	}
	skip := 0
	for {
		dbg, ok := p.GetStack(skip)
		if !ok {
			return ""
		}
		fn, err := p.GetInfo("Sf", dbg, lua.LNil)
		if f, isFn := fn.(*lua.LFunction); err == nil && isFn && !f.IsG && !strings.HasPrefix(dbg.Source, internalSource) {
			break
		}
		skip++
	}
	return luaWhere(p, skip+level-depth)
}

// luaTableForeach is table.foreach(t, f): f(k, v) for every pair, stopping
// at the first non-nil result, which it returns.
func luaTableForeach(L *lua.LState) int {
	t := L.CheckTable(1)
	f := L.CheckFunction(2)
	for k, v := t.Next(lua.LNil); k != lua.LNil; k, v = t.Next(k) {
		if callPair(L, f, k, v) {
			return 1
		}
	}
	return 0
}

// callPair calls f(k, v) for foreach and foreachi: true, with the result
// left on the stack, when it returned non-nil, which ends the iteration.
func callPair(L *lua.LState, f *lua.LFunction, k, v lua.LValue) bool {
	L.Push(f)
	L.Push(k)
	L.Push(v)
	L.Call(2, 1)
	if L.Get(-1) != lua.LNil {
		return true
	}
	L.Pop(1)
	return false
}

// luaTableForeachi is table.foreachi(t, f): f(i, t[i]) for i = 1..#t.
func luaTableForeachi(L *lua.LState) int {
	t := L.CheckTable(1)
	f := L.CheckFunction(2)
	n := t.Len()
	for i := 1; i <= n; i++ {
		if callPair(L, f, lua.LNumber(i), t.RawGetInt(i)) {
			return 1
		}
	}
	return 0
}

// luaTableMaxn is table.maxn(t): the largest positive numeric key, whole
// or not (gopher-lua's counted whole keys only), or 0.
func luaTableMaxn(L *lua.LState) int {
	t := L.CheckTable(1)
	max := lua.LNumber(0)
	t.ForEach(func(k, _ lua.LValue) {
		if n, ok := k.(lua.LNumber); ok && n > max {
			max = n
		}
	})
	L.Push(max)
	return 1
}

// luaSetLocale is os.setlocale([locale [, category]]): netsh has only the
// C locale, so asking for it (or querying) answers "C" and any other
// locale fails with nil, as C's setlocale does for an unknown one.
func luaSetLocale(L *lua.LState) int {
	loc := L.OptString(1, "")
	cat := L.OptString(2, "all")
	switch cat {
	case "all", "collate", "ctype", "monetary", "numeric", "time":
	default:
		L.ArgError(2, "invalid option '"+cat+"'")
	}
	if L.Get(1) == lua.LNil || loc == "" || loc == "C" || loc == "POSIX" {
		L.Push(lua.LString("C"))
	} else {
		L.Push(lua.LNil)
	}
	return 1
}
