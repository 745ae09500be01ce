package luabind

import (
	"context"
	"strconv"
	"strings"

	lua "github.com/yuin/gopher-lua"
)

// A task is a Lua coroutine that the runtime resumes from the loop, so the
// code in it can wait (net.dial, sock:receive, netsh.sleep) without
// blocking the loop: a waiting function registers what wakes it, yields,
// and the loop resumes the task with the result. netsh.spawn starts one; a
// script's main chunk and each REPL line run as one too.

// taskStatus is where a task is in its life.
type taskStatus int

const (
	taskRunning taskStatus = iota
	taskWaiting
	taskDone
	taskFailed
	taskCancelled
)

var taskStatusNames = [...]string{"running", "waiting", "done", "failed", "cancelled"}

// Task is one task; Lua sees it as a userdata with cancel() and status().
type Task struct {
	Base
	rt     *Runtime
	th     *lua.LState
	status taskStatus
	wait   *taskWait // what it waits for now; nil while it runs
	// cancelled is the error cancel() raises at the task's wait, until
	// raised; abort is that error afterwards: escaping the task, it ends
	// it as cancelled, not failed.
	cancelled, abort lua.LValue
	fnName           string          // how a traceback names the task's function
	ctx              context.Context // a REPL line's Ctrl-C context, handed to the thread
	main             bool            // a script's main chunk: its traceback says so
	// done, if set, takes the task's results or error instead of the
	// uncaught-error report (a REPL line prints them).
	done func(vals []lua.LValue, err error)
}

// taskState is the runtime's side of tasks.
type taskState struct {
	cur        *Task          // the task being resumed now
	trace      string         // traceback of the error that just ended a task's thread
	trampoline *lua.LFunction // a task thread's first function: yields once, then runs the body
	raise      *lua.LUserData // resumed with this first: the waiting call raises the value after it
	shim       *lua.LFunction // wraps a waiting Go function in the Lua that raises on raise
}

// taskClass is the Lua class of tasks.
var taskClass = &Class{
	Name: "Task",
	Methods: map[string]Method{
		"cancel": taskCancel,
		"status": func(rt *Runtime, L *lua.LState) int {
			L.Push(lua.LString(taskStatusNames[selfTask(rt, L, "status").status]))
			return 1
		},
	},
	Meta: map[string]lua.LGFunction{},
}

func init() {
	taskClass.Meta["__tostring"] = func(L *lua.LState) int {
		t, _ := L.CheckUserData(1).Value.(*Task)
		if t == nil {
			L.Push(lua.LString("Task"))
			return 1
		}
		L.Push(lua.LString("Task { " + taskStatusNames[t.status] + " }"))
		return 1
	}
}

func selfTask(rt *Runtime, L *lua.LState, method string) *Task {
	if ud, ok := L.Get(1).(*lua.LUserData); ok {
		if t, ok := ud.Value.(*Task); ok {
			return t
		}
	}
	rt.ThrowCode(L, "TypeError", ErrInvalidArgType, "task:"+method+"() must be called on a task (use ':')")
	return nil
}

// installTasks prepares the trampoline, the markers and the shim.
func (rt *Runtime) installTasks() error {
	L := rt.L
	rt.tasks.raise = L.NewUserData()
	co := L.GetGlobal("coroutine").(*lua.LTable)
	// body calls the task's function with a plain call, not a tail call,
	// so tracebacks show it as the caller wrote it; the count of results
	// comes first, since a coroutine's resume turns none into one nil.
	fn, err := rt.Load(`local yield = ...
local function pass(...) return select('#', ...), ... end
local function body(task, ...) return pass(task(...)) end
return function() return body(yield()) end`, "=netsh:task")
	if err != nil {
		return err
	}
	if err := L.CallByParam(lua.P{Fn: fn, NRet: 1, Protect: true}, co.RawGetString("yield")); err != nil {
		return err
	}
	rt.tasks.trampoline = L.Get(-1).(*lua.LFunction)
	L.Pop(1)
	shim, err := rt.Load(`local RAISE = ...
local function settle(a, ...)
  if a == RAISE then error((...), 0) end
  return a, ...
end
return function(go) return function(...) return settle(go(...)) end end`, "=netsh:wait")
	if err != nil {
		return err
	}
	if err := L.CallByParam(lua.P{Fn: shim, NRet: 1, Protect: true}, rt.tasks.raise); err != nil {
		return err
	}
	rt.tasks.shim = L.Get(-1).(*lua.LFunction)
	L.Pop(1)
	return rt.installTaskPcall()
}

// waiting wraps a Go function that may wait so that, resumed with the
// raise marker, it raises the error instead of returning it.
func (rt *Runtime) waiting(fn lua.LGFunction) *lua.LFunction {
	L := rt.L
	L.Push(rt.tasks.shim)
	L.Push(L.NewFunction(fn))
	L.Call(1, 1)
	f := L.Get(-1).(*lua.LFunction)
	L.Pop(1)
	return f
}

// spawn starts fn(args...) as a task from L (the loop's state, or the task
// or callback that calls netsh.spawn) and runs it until it first waits or
// ends, as an async function runs until its first await.
func (rt *Runtime) spawn(L *lua.LState, fn *lua.LFunction, args []lua.LValue, ctx context.Context, done func([]lua.LValue, error), setup ...func(*Task)) *Task {
	th, _ := rt.L.NewThread()
	if th.Context() != nil {
		th.RemoveContext()
	}
	t := &Task{rt: rt, th: th, ctx: ctx, done: done}
	if fn.Proto != nil {
		t.fnName = "function <" + fn.Proto.SourceName + ":" + strconv.Itoa(fn.Proto.LineDefined) + ">"
	}
	rt.NewObject(taskClass, t)
	for _, f := range setup {
		f(t)
	}
	// The first resume only reaches the trampoline's yield: from then on
	// the thread raises through taskPanic, which keeps the traceback that
	// gopher-lua drops for errors ending a coroutine.
	if st, err, _ := L.Resume(th, rt.tasks.trampoline); st != lua.ResumeYield {
		t.status = taskFailed
		t.finish(nil, err)
		return t
	}
	th.Panic = rt.taskPanic
	t.resume(L, append([]lua.LValue{fn}, args...)...)
	return t
}

// taskPanic is a task thread's Panic: gopher-lua's own, after noting the
// traceback for the report.
func (rt *Runtime) taskPanic(L *lua.LState) {
	name := "task function"
	if t := rt.tasks.cur; t != nil && t.main {
		name = "main chunk"
	} else if t != nil && t.fnName != "" {
		name = t.fnName
	}
	rt.tasks.trace = taskTrace(stackTrace(L, 0), name)
	panic(&lua.ApiError{Type: lua.ApiErrorRun, Object: L.Get(-1)})
}

// taskTrace words a task thread's traceback as the main state's: the
// trampoline's tail-call marks go, and the task's own function is named,
// "main chunk" for a script's.
func taskTrace(trace string, name string) string {
	lines := strings.Split(trace, "\n")
	for len(lines) > 1 {
		last := lines[len(lines)-1]
		if last != "\t(tailcall): ?" && last != "\t[G]: ?" && !strings.HasPrefix(last, "\t"+internalSource) {
			break
		}
		lines = lines[:len(lines)-1]
	}
	if last := lines[len(lines)-1]; strings.HasSuffix(last, " in function 'task'") {
		lines[len(lines)-1] = strings.TrimSuffix(last, "function 'task'") + name
	}
	return strings.Join(lines, "\n")
}

// internalSource starts the chunk name of netsh's own Lua helpers
// (=netsh:task, =netsh:pcall): error positions and traces skip them, as
// they skip Go functions.
const internalSource = "=netsh:"

// resume runs the task from where it waits until it waits again or ends.
// from is the state that resumes it: the loop's, or a task spawning it.
func (t *Task) resume(from *lua.LState, args ...lua.LValue) {
	rt := t.rt
	if rt.halted() || t.status >= taskDone {
		return
	}
	prev := rt.tasks.cur
	rt.tasks.cur = t
	t.status = taskRunning
	ctx := t.ctx
	if ctx == nil {
		ctx = from.Context() // a REPL callback's Ctrl-C context, or none
	}
	if ctx != nil {
		t.th.SetContext(ctx)
	} else if t.th.Context() != nil {
		t.th.RemoveContext()
	}
	rt.tasks.trace = ""
	st, err, vals := from.Resume(t.th, nil, args...)
	rt.tasks.cur = prev
	switch st {
	case lua.ResumeYield:
		t.status = taskWaiting
		if t.wait == nil {
			// A plain coroutine.yield: the task goes on at the next turn
			// of the loop, after what is ready meanwhile.
			rt.loop.SetImmediate(func() {
				if t.cancelled != nil {
					t.status = taskCancelled // a plain yield: nothing raises the error, the task just ends
					return
				}
				t.resume(rt.L)
			})
		}
	case lua.ResumeOK:
		t.status = taskDone
		n := 0
		if len(vals) > 0 {
			c, _ := vals[0].(lua.LNumber)
			n = min(int(c), len(vals)-1)
			vals = vals[1:]
		}
		t.finish(vals[:n], nil)
	default:
		t.status = taskFailed
		if ae, ok := err.(*lua.ApiError); ok && t.abort != nil && ae.Object == t.abort {
			t.status = taskCancelled
		}
		if ae, ok := err.(*lua.ApiError); ok && rt.tasks.trace != "" {
			ae.StackTrace = rt.tasks.trace
		}
		t.finish(nil, err)
	}
}

// finish hands a task's end to its owner, or reports its error as an
// uncaught callback error.
func (t *Task) finish(vals []lua.LValue, err error) {
	if t.done != nil {
		t.done(vals, err)
		return
	}
	if err != nil && t.status != taskCancelled {
		t.rt.reportUncaught(err)
	}
}

// cancel ends a task: its wait is undone and the call that waits raises
// err, so the task's own pcall or cleanup still runs; a running task (the
// caller itself) raises at its next wait.
func (t *Task) cancel(err lua.LValue) {
	if t.status >= taskDone || t.cancelled != nil {
		return
	}
	t.cancelled = err
	if w := t.wait; w != nil {
		w.settle()
		t.rt.loop.NextTick(func() { t.resume(t.rt.L, t.rt.tasks.raise, t.takeCancel()) })
	}
}

// takeCancel hands out the cancel error to raise, once.
func (t *Task) takeCancel() lua.LValue {
	err := t.cancelled
	t.cancelled, t.abort = nil, err
	return err
}

func taskCancel(rt *Runtime, L *lua.LState) int {
	t := selfTask(rt, L, "cancel")
	t.cancel(rt.NewError("Error", "ABORT_ERR", "The operation was aborted"))
	return 0
}

// spawnMain runs a script's main chunk as a task.
func (rt *Runtime) spawnMain(fn *lua.LFunction) *Task {
	return rt.spawn(rt.L, fn, nil, nil, nil, func(t *Task) { t.main = true })
}
