package luabind

import (
	"context"
	"sync"
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
// stopped by InterruptCallback. Loop goroutine only.
func (rt *Runtime) callbackInterrupted() bool {
	rt.intr.mu.Lock()
	defer rt.intr.mu.Unlock()
	return rt.intr.ctx != nil && rt.intr.ctx.Err() != nil && rt.L.Context() == rt.intr.ctx
}

// InterruptCallback stops the callback running on the loop, if it runs
// with an interruptible context (REPL sessions). The REPL calls it on
// Ctrl-C when the loop does not answer. Safe from any goroutine.
func (rt *Runtime) InterruptCallback() {
	rt.intr.mu.Lock()
	defer rt.intr.mu.Unlock()
	if rt.intr.cancel != nil {
		rt.intr.cancel()
	}
}
