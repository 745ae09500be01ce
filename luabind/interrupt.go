package luabind

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	lua "github.com/yuin/gopher-lua"
)

// In a REPL session, callbacks run with a context the shell can cancel, so
// Ctrl-C stops a callback that never returns (a timer running
// `while true do end`) without ending the session. gopher-lua checks the
// context at every instruction, so scripts do not pay for it.
type interruptState struct {
	mu     sync.Mutex
	ctx    context.Context
	cancel context.CancelFunc
}

// armCallback gives the next callback an interruptible context, unless
// typed code is running with the REPL's own. Loop goroutine only.
func (rt *Runtime) armCallback() {
	rt.intr.mu.Lock()
	if rt.intr.ctx == nil || rt.intr.ctx.Err() != nil {
		rt.intr.ctx, rt.intr.cancel = context.WithCancel(context.Background())
	}
	ctx := rt.intr.ctx
	rt.intr.mu.Unlock()
	if cur := rt.L.Context(); cur == ctx || (cur != nil && cur.Err() == nil) {
		return
	}
	rt.L.SetContext(ctx)
}

// callbackInterrupted reports whether the callback that just failed was
// stopped by a Ctrl-C. Loop goroutine only.
func (rt *Runtime) callbackInterrupted() bool {
	rt.intr.mu.Lock()
	defer rt.intr.mu.Unlock()
	return rt.intr.ctx != nil && rt.intr.ctx.Err() != nil && rt.L.Context() == rt.intr.ctx
}

// interruptCallback stops the callback running on the loop, if it runs
// with an interruptible context (REPL sessions). Safe from any goroutine.
func (rt *Runtime) interruptCallback() {
	rt.intr.mu.Lock()
	defer rt.intr.mu.Unlock()
	if rt.intr.cancel != nil {
		rt.intr.cancel()
	}
}

// InterruptStuckCallback is Ctrl-C at an empty prompt. If the loop does
// not run a posted no-op within wait, a callback is holding it (a timer
// running an endless loop): that callback is stopped and the session goes
// on. It reports whether the loop was held; false means the Ctrl-C is the
// user's to interpret (the first of two that exit). Not on the loop
// goroutine, which would wait for itself.
func (rt *Runtime) InterruptStuckCallback(wait time.Duration) bool {
	done := make(chan struct{})
	if !rt.loop.Post(func() { close(done) }) {
		return false // the loop has stopped: nothing holds it
	}
	select {
	case <-done:
		return false
	case <-time.After(wait):
		rt.interruptCallback()
		return true
	}
}

// Interrupt is the Ctrl-C context of one chunk of REPL input, from the
// moment it is posted to the loop until it is done. It keeps the rule in
// one place: Ctrl-C cancels the chunk, and stops a callback only while
// that callback keeps the chunk from starting.
type Interrupt struct {
	rt      *Runtime
	ctx     context.Context
	cancel  context.CancelFunc
	started atomic.Bool // the loop has reached the chunk
	fired   atomic.Bool
	task    *Task // the chunk's task, once started; loop goroutine only
}

// NewInterrupt prepares the Ctrl-C context of one chunk; Release it when
// the chunk is done. Any goroutine.
func (rt *Runtime) NewInterrupt() *Interrupt {
	ctx, cancel := context.WithCancel(context.Background())
	return &Interrupt{rt: rt, ctx: ctx, cancel: cancel}
}

// Post posts fn, the chunk's work, to the loop; false if the loop has
// stopped. Any goroutine.
func (in *Interrupt) Post(fn func()) bool {
	return in.rt.loop.Post(func() { in.started.Store(true); fn() })
}

// Eval is Runtime.Eval with the chunk's context on the Lua state, so Fire
// stops it. Loop goroutine only.
func (in *Interrupt) Eval(fn *lua.LFunction) ([]lua.LValue, error) {
	in.rt.L.SetContext(in.ctx)
	defer in.rt.L.RemoveContext()
	return in.rt.Eval(fn)
}

// EvalTask runs fn as a task with the chunk's context, so it may wait
// (net.dial, sock:receive) while the loop goes on, and Fire cancels it.
// done gets the results or the error on the loop goroutine once the task
// ends, after the callbacks the chunk queued with nextTick. Loop
// goroutine only.
func (in *Interrupt) EvalTask(fn *lua.LFunction, done func([]lua.LValue, error)) {
	rt := in.rt
	in.task = rt.spawn(rt.L, fn, nil, in.ctx, func(vals []lua.LValue, err error) {
		rt.loop.NextTick(func() { done(vals, err) })
	}, func(t *Task) { t.main = true })
}

// Fire is one Ctrl-C: the chunk is cancelled, and if the loop has not
// reached it yet, the callback holding the loop is stopped too. Any
// goroutine.
func (in *Interrupt) Fire() {
	in.fired.Store(true)
	in.cancel()
	if !in.started.Load() {
		in.rt.interruptCallback()
	}
	// A chunk waiting in a task is not running: its wait is cancelled.
	in.rt.loop.Post(func() {
		if t := in.task; t != nil {
			t.cancel(in.rt.NewError("Error", "ERR_INTERRUPTED", "interrupted (Ctrl-C)"))
		}
	})
}

// Fired reports whether Fire was called, to tell an interrupted chunk's
// error from its own. Any goroutine.
func (in *Interrupt) Fired() bool { return in.fired.Load() }

// Release frees the context once the chunk is done. Any goroutine.
func (in *Interrupt) Release() { in.cancel() }
