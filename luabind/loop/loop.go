package loop

import (
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

// Loop runs every callback on the goroutine that called Run, in Node's
// order: expired timers, then I/O completions posted by other goroutines,
// then setImmediate callbacks; the nextTick queue is drained after every
// single callback. The Loop knows nothing of Lua, so it can be tested alone.
//
// Only Post, Stop and a Completion may be used from other goroutines; every
// other method is for the loop goroutine only.
type Loop struct {
	mu      sync.Mutex
	inbox   []func()
	spare   []func()
	wake    chan struct{}
	stopped atomic.Bool

	ticks      []func()
	immediates []*Immediate
	timers     timerHeap
	seq        uint64
	refs       int // referenced, active handles
	pending    int // outstanding reservations
	handles    map[*Handle]struct{}
	nextID     int
	clock      *time.Timer

	// OnIdle, if set, runs before the loop blocks waiting for work; the
	// runtime flushes buffered console output there.
	OnIdle func()

	// poll, if set, is where the loop waits (epoll on Linux): I/O readiness
	// is handled on the loop goroutine itself, as libuv does, and Post
	// wakes it only while it sleeps there.
	poll     Poller
	sleeping atomic.Bool

	inCallback int         // callbacks run() is inside of
	afterHook  func() bool // SetAfterCallback's
}

// Poller is an I/O readiness source the loop can wait in. Wait runs on the
// loop goroutine and dispatches ready events itself; timeout < 0 blocks
// until an event or Wake. Wake is safe from any goroutine.
type Poller interface {
	Wait(timeout time.Duration)
	Wake()
}

// SetPoller makes the loop wait in p. Call it before Run.
func (l *Loop) SetPoller(p Poller) { l.poll = p }

// New returns an empty loop.
func New() *Loop {
	return &Loop{
		wake:    make(chan struct{}, 1),
		handles: make(map[*Handle]struct{}),
	}
}

// Post queues fn to run on the loop, in posting order. Safe from any
// goroutine; it never blocks. It does not keep the loop alive by itself: use
// it for work covered by a live Handle (a socket's reader). It reports false
// once the loop has stopped, and then fn will never run.
func (l *Loop) Post(fn func()) bool {
	l.mu.Lock()
	if l.stopped.Load() {
		l.mu.Unlock()
		return false
	}
	l.inbox = append(l.inbox, fn)
	first := len(l.inbox) == 1
	l.mu.Unlock()
	if l.poll != nil {
		if l.sleeping.Load() && l.sleeping.CompareAndSwap(true, false) {
			l.poll.Wake()
		}
		return true
	}
	if first {
		select {
		case l.wake <- struct{}{}:
		default:
		}
	}
	return true
}

// Stop asks Run to return after the current callback. Safe from any
// goroutine and from inside a callback: it never waits.
func (l *Loop) Stop() {
	l.mu.Lock()
	l.stopped.Store(true)
	l.mu.Unlock()
	if l.poll != nil {
		l.poll.Wake()
	}
	select {
	case l.wake <- struct{}{}:
	default:
	}
}

// Stopped reports whether Stop was called.
func (l *Loop) Stopped() bool { return l.stopped.Load() }

// Completion hands the result of one-shot async work back to the loop. It
// must be called exactly once, from any goroutine; a second call panics,
// since a double release would end the loop early.
type Completion func(fn func())

// Reserve keeps the loop alive until the returned Completion is called; the
// function given to the Completion then runs on the loop. Loop goroutine only.
func (l *Loop) Reserve() Completion {
	l.pending++
	var done atomic.Bool
	return func(fn func()) {
		if done.Swap(true) {
			panic("loop: Completion called twice")
		}
		if !l.Post(func() {
			l.pending--
			if fn != nil {
				fn()
			}
		}) {
			return
		}
	}
}

// NextTick queues fn to run right after the current callback, before any
// other event. Loop goroutine only.
func (l *Loop) NextTick(fn func()) { l.ticks = append(l.ticks, fn) }

func (l *Loop) drainTicks() {
	for i := 0; i < len(l.ticks); i++ {
		fn := l.ticks[i]
		l.ticks[i] = nil
		fn()
		if l.stopped.Load() {
			break
		}
	}
	l.ticks = l.ticks[:0]
}

// run runs one callback and the nextTick queue after it.
func (l *Loop) run(fn func()) {
	l.inCallback++
	fn()
	l.AfterCallback()
	l.inCallback--
}

// InCallback reports whether a callback the loop started is running, so
// work it hands over (a write) may wait until the callback returns.
func (l *Loop) InCallback() bool { return l.inCallback > 0 }

// SetAfterCallback sets f to run after every callback and its nextTick
// queue; f reports whether it did anything, which may have queued more
// ticks (the socket transports write out what the callback wrote there).
func (l *Loop) SetAfterCallback(f func() bool) { l.afterHook = f }

// AfterCallback drains the nextTick queue, as the loop does after every
// callback it starts itself, and runs the SetAfterCallback hook, again
// after any ticks the hook's work queued, until it has nothing to do. Callers that run a callback the loop did not
// start (a poller dispatching I/O, the runtime running a script's main
// chunk or a REPL line) call it next, so ticks keep Node's order.
// Loop goroutine only.
func (l *Loop) AfterCallback() {
	for {
		if len(l.ticks) > 0 {
			l.drainTicks()
		}
		if l.afterHook == nil || !l.afterHook() || l.stopped.Load() {
			return
		}
	}
}

// RunCallback runs fn as a loop callback: fn, then the nextTick queue.
// Loop goroutine only.
func (l *Loop) RunCallback(fn func()) { l.run(fn) }

// Immediate is a pending setImmediate callback.
type Immediate struct {
	fn        func()
	ref       bool
	cancelled bool
}

// SetImmediate queues fn for the check phase of this or the next turn.
// Loop goroutine only.
func (l *Loop) SetImmediate(fn func()) *Immediate {
	im := &Immediate{fn: fn, ref: true}
	l.immediates = append(l.immediates, im)
	return im
}

// Cancel removes the immediate if it has not run yet; idempotent.
func (im *Immediate) Cancel() { im.cancelled = true; im.fn = nil }

// SetRef sets whether the immediate keeps the loop alive.
func (im *Immediate) SetRef(ref bool) { im.ref = ref }

// HasRef reports whether the immediate keeps the loop alive.
func (im *Immediate) HasRef() bool { return im.ref }

func (l *Loop) runImmediates() {
	if len(l.immediates) == 0 {
		return
	}
	// Only those queued before this phase run now; new ones wait a turn, as in Node.
	batch := l.immediates
	l.immediates = nil
	for i, im := range batch {
		if l.stopped.Load() {
			l.immediates = append(batch[i:], l.immediates...)
			return
		}
		if im.cancelled {
			continue
		}
		fn := im.fn
		im.Cancel()
		l.run(fn)
	}
}

func (l *Loop) runInbox() {
	l.mu.Lock()
	batch := l.inbox
	l.inbox = l.spare[:0]
	l.mu.Unlock()
	for i, fn := range batch {
		batch[i] = nil
		if l.stopped.Load() {
			continue
		}
		l.run(fn)
	}
	l.mu.Lock()
	l.spare = batch[:0]
	l.mu.Unlock()
}

func (l *Loop) alive() bool {
	if l.refs > 0 || l.pending > 0 || len(l.ticks) > 0 {
		return true
	}
	for _, im := range l.immediates {
		if !im.cancelled && im.ref {
			return true
		}
	}
	return false
}

// Alive reports whether anything referenced would keep Run going.
// Loop goroutine only.
func (l *Loop) Alive() bool { return l.alive() }

// Run processes work until nothing referenced is left or Stop is called.
// It must be called on the goroutine that owns the Lua state.
//
// The loop keeps its thread while it runs: each wait for events is a
// blocking system call, after which Go's scheduler would otherwise often
// resume the goroutine on another thread, and a busy loop hopping threads
// (three of them, a third of the time each, under a DNS load) lost its
// caches and a wake-up each time: the codec DNS responder answers 15 %
// more queries a second pinned (eight alternating runs, each one faster).
func (l *Loop) Run() {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	for !l.stopped.Load() {
		l.drainTicks()
		l.runTimers()
		l.runInbox()
		l.runImmediates()
		if l.stopped.Load() {
			break
		}
		if !l.alive() {
			l.mu.Lock()
			n := len(l.inbox)
			l.mu.Unlock()
			if n == 0 && len(l.immediates) == 0 {
				break
			}
			continue
		}
		l.wait()
	}
	if l.OnIdle != nil {
		l.OnIdle()
	}
}

// wait blocks until posted work arrives or the head timer is due.
func (l *Loop) wait() {
	if l.OnIdle != nil {
		l.OnIdle()
	}
	if l.poll != nil {
		l.waitPoll()
		return
	}
	if len(l.ticks) > 0 {
		return
	}
	for _, im := range l.immediates {
		if !im.cancelled {
			return
		}
	}
	var timeC <-chan time.Time
	if len(l.timers) > 0 {
		d := time.Until(l.timers[0].when)
		if d <= 0 {
			return
		}
		if l.clock == nil {
			l.clock = time.NewTimer(d)
		} else {
			l.clock.Reset(d)
		}
		timeC = l.clock.C
	}
	select {
	case <-l.wake:
	case <-timeC:
		return
	}
	if l.clock != nil {
		l.clock.Stop()
	}
}

// waitPoll waits in the poller, which also runs the I/O callbacks. It
// polls without blocking when work is already pending, so I/O is checked
// every turn even under load.
func (l *Loop) waitPoll() {
	timeout := time.Duration(-1)
	pending := len(l.ticks) > 0
	for _, im := range l.immediates {
		if !im.cancelled {
			pending = true
			break
		}
	}
	if len(l.timers) > 0 {
		d := time.Until(l.timers[0].when)
		if d < 0 {
			d = 0
		}
		timeout = d
	}
	if pending {
		timeout = 0
	}
	if timeout != 0 {
		// Publish that we sleep, then look at the inbox again: a Post that
		// came before sees no sleeper but is found here; one after wakes us.
		l.sleeping.Store(true)
		l.mu.Lock()
		n := len(l.inbox)
		l.mu.Unlock()
		if n > 0 || l.stopped.Load() {
			timeout = 0
		}
	}
	l.poll.Wait(timeout)
	l.sleeping.Store(false)
}
