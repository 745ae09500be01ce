package luabind

import (
	"os"
	"os/signal"

	lua "github.com/yuin/gopher-lua"
)

// Signals as process events, as in Node: process:on('SIGINT', fn) runs fn
// on the loop, with the signal's name and number, instead of the default
// action; without a listener the default stays, and removing the last
// listener restores it. A listener does not keep the process alive.
//
// Each signal listened for has its own channel, so that stopping it leaves
// any other subscriber alone (the REPL watches SIGINT itself). Only the
// loop goroutine touches signalState; the goroutine reading a channel
// hands each signal to the loop with Post.

// signalState is the signals a runtime is subscribed to.
type signalState struct {
	chans map[string]chan os.Signal
}

// processSignal is one signal process events can be named after.
type processSignal struct {
	name string
	sig  os.Signal
	num  int
	// watch keeps the signal subscribed without a listener, for one whose
	// system default (exit) Go's runtime replaces (it ignores SIGUSR2):
	// netsh then carries the default out itself.
	watch bool
}

// syncSignals subscribes to each signal that now has a process listener
// and unsubscribes from each that lost its last one. Process's emitter
// methods call it after every change; loop goroutine only.
func (rt *Runtime) syncSignals() {
	em := rt.proc.em
	if em == nil {
		return
	}
	for _, s := range processSignals {
		ch, subscribed := rt.proc.sig.chans[s.name]
		switch wanted := em.count(s.name) > 0 || s.watch; {
		case wanted && !subscribed:
			rt.subscribeSignal(s)
		case !wanted && subscribed:
			signal.Stop(ch) // no delivery to ch after this returns
			close(ch)
			delete(rt.proc.sig.chans, s.name)
		}
	}
}

// subscribeSignal starts delivering s to the loop.
func (rt *Runtime) subscribeSignal(s processSignal) {
	if rt.proc.sig.chans == nil {
		rt.proc.sig.chans = make(map[string]chan os.Signal)
	}
	ch := make(chan os.Signal, 1)
	rt.proc.sig.chans[s.name] = ch
	signal.Notify(ch, s.sig)
	lp := rt.loop
	go func() {
		for range ch {
			lp.Post(func() { rt.onSignal(s) })
		}
	}()
}

// stopSignals unsubscribes from every signal (Runtime.Close): the default
// actions come back and the reading goroutines end.
func (rt *Runtime) stopSignals() {
	for name, ch := range rt.proc.sig.chans {
		signal.Stop(ch)
		close(ch)
		delete(rt.proc.sig.chans, name)
	}
}

// onSignal runs on the loop when s arrived: its listeners, or, if the
// last one was removed after s arrived, the default action as if none had
// been there (in a REPL, SIGINT's default is the REPL's own handling).
func (rt *Runtime) onSignal(s processSignal) {
	if rt.proc.em.count(s.name) == 0 {
		if !rt.opts.Interactive || s.name != "SIGINT" {
			rt.console.out.Flush() // what was printed is not lost to the signal
			raiseDefault(s.sig)
		}
		return
	}
	rt.EmitGo(rt.proc.em, s.name, lua.LString(s.name), lua.LNumber(s.num))
	rt.syncSignals() // once-listeners are gone now
}

// signalAware wraps an emitter method of process so that a change to
// its listeners updates the signal subscriptions, even when the method
// raises (a once-listener can be removed before an emit fails).
func (rt *Runtime) signalAware(fn lua.LGFunction) lua.LGFunction {
	return func(L *lua.LState) int {
		defer rt.syncSignals()
		return fn(L)
	}
}
