package luabind

import (
	"math"
	"runtime"
	"time"
	_ "unsafe" // go:linkname

	lua "github.com/yuin/gopher-lua"
)

// ErrNotInTask is raised by a waiting function called where it cannot
// wait: a plain callback, or a coroutine the task did not start.
const ErrNotInTask = "ERR_NOT_IN_TASK"

//go:linkname stackTrace github.com/yuin/gopher-lua.(*LState).stackTrace
func stackTrace(ls *lua.LState, level int) string

// taskWait is one wait of a task: what undoes its registrations (a timer,
// a listener, a socket's reader) and whether it was settled already.
type taskWait struct {
	t       *Task
	undo    []func()
	settled bool
}

// beginWait starts a wait of the task running L, or raises ERR_NOT_IN_TASK
// naming what (`sock:receive()`) and why it cannot wait here. The caller
// registers what wakes it with onSettle, then returns L.Yield().
func (rt *Runtime) beginWait(L *lua.LState, what string) *taskWait {
	t, why := rt.waitingTask(L)
	if t == nil {
		rt.ThrowCode(L, "Error", ErrNotInTask, what+" waits, so it runs only in a task, and "+why+
			": wrap the code in netsh.spawn(function() ... end)")
	}
	if t.cancelled != nil {
		L.Error(t.takeCancel(), 0) // cancelled while it ran: this wait is the one that raises
	}
	w := &taskWait{t: t}
	t.wait = w
	return w
}

// waitingTask finds the task that L's code runs in, if that code may wait:
// L is the task's thread, or pcall's worker threads lead to it, and no Go
// call (an emit, a metamethod, table.sort) sits between the waiting
// function and its coroutine.
func (rt *Runtime) waitingTask(L *lua.LState) (*Task, string) {
	t := rt.tasks.cur
	if t == nil || L.Parent == nil && L != t.th {
		return nil, "this is a callback"
	}
	for th := L; th != t.th; th = th.Parent {
		if th == nil || !isWorkerThread(th) {
			return nil, "this coroutine was not started by netsh.spawn"
		}
	}
	if !canYieldHere() {
		return nil, "here it is called through Go code (a metamethod, an emit, table.sort)"
	}
	return t, ""
}

// baseFunction is the function at the bottom of a thread's call stack.
func baseFunction(th *lua.LState) lua.LValue {
	var last *lua.Debug
	for i := 0; ; i++ {
		dbg, ok := th.GetStack(i)
		if !ok {
			break
		}
		last = dbg
	}
	if last == nil {
		return lua.LNil
	}
	fn, err := th.GetInfo("f", last, lua.LNil)
	if err != nil {
		return lua.LNil
	}
	return fn
}

// canYieldHere reports whether the Go function calling it was called
// straight from the Lua code of a coroutine: the first gopher-lua
// interpreter loop above it on the Go stack is the one the coroutine's
// resume started. A yield through a nested loop would return into the Go
// code in between as if the call had finished (gopher-lua does not
// check), so there it is refused instead.
//
// Walking the Go stack costs in proportion to the frames walked, and
// the whole stack under a coroutine is deep (the loop, the task, the
// script's run): the answer is in the first few frames (five for a
// yield, seven for a task's wait), so those are walked first, six (a
// frame costs more than a tenth of a microsecond), then eight, and the
// deep walk runs only when they do not tell. The frames are named by
// runtime.FuncForPC, which, unlike CallersFrames, computes no file and
// line.
func canYieldHere() bool {
	var pcs [48]uintptr
	for _, depth := range []int{6, 8, len(pcs)} {
		n := runtime.Callers(2, pcs[:depth])
		if ok, known := yieldable(pcs[:n], n < depth); known {
			return ok
		}
	}
	return false
}

// yieldable reads a stack walk for canYieldHere; known is false when the
// walk ended before the answer and was cut short (not the stack's end).
func yieldable(pcs []uintptr, whole bool) (ok, known bool) {
	sawLoop := false
	for _, pc := range pcs {
		f := runtime.FuncForPC(pc - 1) // a return address: the call is just before it
		if f == nil {
			continue
		}
		name := f.Name()
		switch {
		case sawLoop:
			return name == "github.com/yuin/gopher-lua.threadRun", true
		case name == "github.com/yuin/gopher-lua.mainLoop" || name == "github.com/yuin/gopher-lua.mainLoopWithContext":
			sawLoop = true
		}
	}
	return false, whole
}

// onSettle adds what undoes the wait's registrations.
func (w *taskWait) onSettle(f func()) { w.undo = append(w.undo, f) }

// settle undoes the registrations once; it reports whether this call did.
func (w *taskWait) settle() bool {
	if w.settled {
		return false
	}
	w.settled = true
	for _, f := range w.undo {
		f()
	}
	w.undo = nil
	if w.t.wait == w {
		w.t.wait = nil
	}
	return true
}

// resolve wakes the task with vals as the waiting call's results, right
// after the current callback (never inside it, as a promise's
// continuation never runs inside the code that resolves it).
func (w *taskWait) resolve(vals ...lua.LValue) {
	if !w.settle() {
		return
	}
	t := w.t
	t.rt.loop.NextTick(func() { t.resume(t.rt.L, vals...) })
}

// reject wakes the task with err raised by the waiting call.
func (w *taskWait) reject(err lua.LValue) {
	if !w.settle() {
		return
	}
	t := w.t
	t.rt.loop.NextTick(func() { t.resume(t.rt.L, t.rt.tasks.raise, err) })
}

// netshSpawn is netsh.spawn(fn, ...): fn(...) as a task, returned.
func (rt *Runtime) netshSpawn(L *lua.LState) int {
	fn := rt.CheckFunction(L, 1, "fn")
	args := make([]lua.LValue, 0, L.GetTop())
	for i := 2; i <= L.GetTop(); i++ {
		args = append(args, L.Get(i))
	}
	L.Push(rt.spawn(L, fn, args, nil, nil).UD)
	return 1
}

// netshSleep is netsh.sleep(ms): the task waits ms milliseconds.
func (rt *Runtime) netshSleep(L *lua.LState) int {
	ms := rt.checkWaitMs(L, 1, "ms", false)
	w := rt.beginWait(L, "netsh.sleep()")
	tm := rt.loop.AddTimer(ms, 0, func() { w.resolve() })
	w.onSettle(func() { tm.Stop() })
	return L.Yield()
}

// checkWaitMs reads a delay in milliseconds at n; optional, it may be nil
// (no limit, -1).
func (rt *Runtime) checkWaitMs(L *lua.LState, n int, name string, optional bool) time.Duration {
	v := L.Get(n)
	if optional && v == lua.LNil {
		return -1
	}
	ms, ok := v.(lua.LNumber)
	if !ok {
		rt.ArgTypeError(L, name, "of type number", v)
	}
	if ms < 0 || ms != ms {
		rt.OutOfRange(L, name, ">= 0", v)
	}
	return time.Duration(math.Trunc(float64(ms)) * float64(time.Millisecond))
}

// netshWait is netsh.wait(emitter, event[, ms]): the task waits for the
// event and gets its arguments, as Node's events.once; an 'error' event
// first raises its error, and ms limits the wait (ETIMEDOUT).
func (rt *Runtime) netshWait(L *lua.LState) int {
	em := L.Get(1)
	if em.Type() != lua.LTTable && em.Type() != lua.LTUserData {
		rt.ArgTypeError(L, "emitter", "an EventEmitter", em)
	}
	event := rt.CheckString(L, 2, "event")
	ms := rt.checkWaitMs(L, 3, "ms", true)
	on := L.GetField(em, "on")
	off := L.GetField(em, "removeListener")
	if on.Type() != lua.LTFunction || off.Type() != lua.LTFunction {
		rt.ArgTypeError(L, "emitter", "an EventEmitter", em)
	}
	w := rt.beginWait(L, "netsh.wait()")
	listen := func(name string, fn lua.LGFunction) {
		f := L.NewFunction(fn)
		L.CallByParam(lua.P{Fn: on, NRet: 0}, em, lua.LString(name), f)
		w.onSettle(func() { rt.L.CallByParam(lua.P{Fn: off, NRet: 0, Protect: true}, em, lua.LString(name), f) })
	}
	listen(event, func(L *lua.LState) int {
		vals := make([]lua.LValue, L.GetTop())
		for i := range vals {
			vals[i] = L.Get(i + 1)
		}
		w.resolve(vals...)
		return 0
	})
	if event != "error" {
		listen("error", func(L *lua.LState) int { w.reject(L.Get(1)); return 0 })
	}
	if ms >= 0 {
		tm := rt.loop.AddTimer(ms, 0, func() {
			w.reject(rt.timeoutError("netsh.wait() for '"+event+"'", nil))
		})
		w.onSettle(func() { tm.Stop() })
	}
	return L.Yield()
}

// timeoutError is the ETIMEDOUT a bounded wait raises; received, if set,
// is what arrived before the time ran out.
func (rt *Runtime) timeoutError(what string, received lua.LValue) *lua.LTable {
	e := rt.NewError("Error", "ETIMEDOUT", what+" timed out")
	e.RawSetString("errno", lua.LNumber(-110))
	if received != nil {
		e.RawSetString("received", received)
	}
	return e
}

// taskFunctions are the netsh table's task functions.
func (rt *Runtime) taskFunctions() map[string]lua.LValue {
	return map[string]lua.LValue{
		"spawn": rt.L.NewFunction(rt.netshSpawn),
		"sleep": rt.waiting(rt.netshSleep),
		"wait":  rt.waiting(rt.netshWait),
	}
}
