package luabind

import (
	"fmt"
	"sort"

	lua "github.com/yuin/gopher-lua"

	"github.com/netsh/netsh/luabind/internal/jsfmt"
)

// Emitter holds an EventEmitter's listeners. Lists are copy-on-write: emit
// iterates the slice it found, and on/off build new slices, so listeners
// added or removed during an emit do not change that emit, as in Node.
type Emitter struct {
	// events holds each event's listeners. A short slice, not a map: most
	// objects have a handful of events, and a Go map costs ~370 bytes even
	// with one entry, which adds up over 10,000 idle sockets.
	events []eventListeners
	max    int // 0 means Node's default of 10; -1 means unlimited
	warned []string
}

type eventListeners struct {
	name string
	ls   []*listener
}

type listener struct {
	fn    *lua.LFunction
	once  bool
	fired bool
}

func (e *Emitter) find(name string) int {
	for i := range e.events {
		if e.events[i].name == name {
			return i
		}
	}
	return -1
}

func (e *Emitter) list(name string) []*listener {
	for i := range e.events {
		if e.events[i].name == name {
			return e.events[i].ls
		}
	}
	return nil
}

func (e *Emitter) count(name string) int { return len(e.list(name)) }

// Count is the number of listeners for an event.
func (e *Emitter) Count(name string) int { return e.count(name) }

// set replaces an event's list; an empty list removes the event.
func (e *Emitter) set(name string, ls []*listener) {
	i := e.find(name)
	switch {
	case i < 0 && len(ls) > 0:
		e.events = append(e.events, eventListeners{name, ls})
	case i >= 0 && len(ls) > 0:
		e.events[i].ls = ls
	case i >= 0:
		e.events = append(e.events[:i:i], e.events[i+1:]...)
	}
}

// removeAll drops every listener, or an event's when name is not "".
func (e *Emitter) removeAll(name string) {
	if name == "" {
		e.events = nil
		return
	}
	e.set(name, nil)
}

func (e *Emitter) add(name string, fn *lua.LFunction, once, prepend bool) (warn string) {
	old := e.list(name)
	nl := make([]*listener, 0, len(old)+1)
	l := &listener{fn: fn, once: once}
	if prepend {
		nl = append(nl, l)
		nl = append(nl, old...)
	} else {
		nl = append(nl, old...)
		nl = append(nl, l)
	}
	e.set(name, nl)
	max := e.max
	if max == 0 {
		max = 10
	}
	if max > 0 && len(nl) > max && !e.hasWarned(name) {
		e.warned = append(e.warned, name)
		return fmt.Sprintf("(netsh) MaxListenersExceededWarning: Possible EventEmitter memory leak detected. %d %s listeners added. Use emitter:setMaxListeners() to increase limit\n", len(nl), name)
	}
	return ""
}

func (e *Emitter) hasWarned(name string) bool {
	for _, w := range e.warned {
		if w == name {
			return true
		}
	}
	return false
}

// remove drops the most recently added listener registered with fn.
func (e *Emitter) remove(name string, fn *lua.LFunction) bool {
	old := e.list(name)
	for i := len(old) - 1; i >= 0; i-- {
		if old[i].fn == fn {
			e.removeAt(name, i)
			return true
		}
	}
	return false
}

// removeAt builds a new list without entry i (lists are copy-on-write).
func (e *Emitter) removeAt(name string, i int) {
	old := e.list(name)
	nl := make([]*listener, 0, len(old)-1)
	nl = append(nl, old[:i]...)
	nl = append(nl, old[i+1:]...)
	e.set(name, nl)
}

func (e *Emitter) removeOnce(name string, l *listener) {
	for i, x := range e.list(name) {
		if x == l {
			e.removeAt(name, i)
			return
		}
	}
}

// EmitGo calls the listeners of an event from Go (an I/O event), each in
// protected mode; an error in one ends this emit and goes to Uncaught, as an
// exception thrown from a listener does in Node. An `error` event with no
// listener is reported as uncaught. It reports whether there were listeners.
// Loop goroutine only.
func (rt *Runtime) EmitGo(e *Emitter, name string, args ...lua.LValue) bool {
	ls := e.list(name)
	if len(ls) == 0 {
		if name == "error" {
			var v lua.LValue = lua.LNil
			if len(args) > 0 {
				v = args[0]
			}
			rt.uncaughtValue(v, "", "Unhandled 'error' event: ")
		}
		return false
	}
	if e == rt.proc.em && name == "exit" && !rt.proc.inExit {
		return rt.emitExitListeners(e, args)
	}
	for _, l := range ls {
		if l.once {
			if l.fired {
				continue
			}
			l.fired = true
			e.removeOnce(name, l)
		}
		var ok bool
		if len(args) == 1 {
			ok = rt.call1(l.fn, args[0])
		} else {
			ok = rt.Call(l.fn, args...)
		}
		if !ok {
			break
		}
	}
	return true
}

// emitExitListeners runs process 'exit' listeners, which run even though
// the script has ended (see halted).
func (rt *Runtime) emitExitListeners(e *Emitter, args []lua.LValue) bool {
	rt.proc.inExit = true
	defer func() { rt.proc.inExit = false }()
	return rt.EmitGo(e, "exit", args...)
}

// emitLua is emit called from Lua: listeners run unprotected, so an error
// propagates to the caller, and an unhandled `error` event is raised.
func (rt *Runtime) emitLua(L *lua.LState, e *Emitter, name string, nargs int) bool {
	ls := e.list(name)
	if len(ls) == 0 {
		if name == "error" {
			v := L.Get(3)
			if v == lua.LNil {
				rt.ThrowCode(L, "Error", ErrUnhandledError, "Unhandled error. (undefined)")
			}
			L.Error(v, 0)
		}
		return false
	}
	for _, l := range ls {
		if l.once {
			if l.fired {
				continue
			}
			l.fired = true
			e.removeOnce(name, l)
		}
		L.Push(l.fn)
		for i := 0; i < nargs; i++ {
			L.Push(L.Get(3 + i))
		}
		L.Call(nargs, 0)
	}
	return true
}

// emitterOf finds the Emitter of a receiver: a userdata object's own, or
// for a Lua table (an EventEmitter instance or subclass instance) one kept
// in its `_emitter` field, created on first use.
func (rt *Runtime) emitterOf(L *lua.LState, method string) *Emitter {
	switch v := L.Get(1).(type) {
	case *lua.LUserData:
		if o, ok := v.Value.(Object); ok {
			return &o.base().em
		}
	case *lua.LTable:
		return rt.tableEmitter(v)
	}
	rt.ThrowCode(L, "TypeError", ErrInvalidThis,
		"Value of \"this\" must be an EventEmitter in "+method+" (call it with a colon: emitter:"+method+"(...))")
	return nil
}

func (rt *Runtime) eventName(L *lua.LState, n int) string {
	switch v := L.Get(n).(type) {
	case lua.LString:
		return string(v)
	case lua.LNumber:
		return jsfmt.Number(float64(v)) // the key JavaScript makes of it: "Infinity", not Go's "+Inf"
	}
	rt.ArgTypeError(L, "eventName", "of type string", L.Get(n))
	return ""
}

// emitterMethods are Node's EventEmitter methods, shared by userdata
// objects (sockets, servers) and Lua-table emitters.
func emitterMethods(rt *Runtime) map[string]lua.LGFunction {
	return map[string]lua.LGFunction{
		"on":                  rt.emitterAddFn("on", false, false),
		"addListener":         rt.emitterAddFn("addListener", false, false),
		"once":                rt.emitterAddFn("once", true, false),
		"prependListener":     rt.emitterAddFn("prependListener", false, true),
		"prependOnceListener": rt.emitterAddFn("prependOnceListener", true, true),
		"off":                 rt.emitterRemoveListener,
		"removeListener":      rt.emitterRemoveListener,
		"removeAllListeners":  rt.emitterRemoveAllListeners,
		"emit":                rt.emitterEmit,
		"listenerCount":       rt.emitterListenerCount,
		"listeners":           rt.emitterListenersFn("listeners"),
		"rawListeners":        rt.emitterListenersFn("rawListeners"), // once-listeners are stored unwrapped: the same list
		"eventNames":          rt.emitterEventNames,
		"setMaxListeners":     rt.emitterSetMaxListeners,
		"getMaxListeners":     rt.emitterGetMaxListeners,
	}
}

// emitterAddFn is on, once and the prepend variants: method names the
// caller in errors; once and prepend say how the listener is added.
// newListener is emitted first, as in Node.
func (rt *Runtime) emitterAddFn(method string, once, prepend bool) lua.LGFunction {
	return func(L *lua.LState) int {
		e := rt.emitterOf(L, method)
		name := rt.eventName(L, 2)
		fn := rt.CheckFunction(L, 3, "listener")
		if e.count("newListener") > 0 {
			callEmit(rt, L, e, "newListener", lua.LString(name), fn)
		}
		if w := e.add(name, fn, once, prepend); w != "" {
			rt.console.out.Err(w)
		}
		L.SetTop(1)
		return 1
	}
}

// emitterRemoveListener is off and removeListener; removeListener is
// emitted only when a listener was removed.
func (rt *Runtime) emitterRemoveListener(L *lua.LState) int {
	e := rt.emitterOf(L, "removeListener")
	name := rt.eventName(L, 2)
	fn := rt.CheckFunction(L, 3, "listener")
	if e.remove(name, fn) && e.count("removeListener") > 0 {
		callEmit(rt, L, e, "removeListener", lua.LString(name), fn)
	}
	L.SetTop(1)
	return 1
}

// emitterListenersFn is listeners and rawListeners: a new array of an
// event's listener functions.
func (rt *Runtime) emitterListenersFn(method string) lua.LGFunction {
	return func(L *lua.LState) int {
		e := rt.emitterOf(L, method)
		t := L.NewTable()
		for _, l := range e.list(rt.eventName(L, 2)) {
			t.Append(l.fn)
		}
		L.Push(t)
		return 1
	}
}

// emitterRemoveAllListeners is removeAllListeners([event]).
func (rt *Runtime) emitterRemoveAllListeners(L *lua.LState) int {
	e := rt.emitterOf(L, "removeAllListeners")
	if L.Get(2) == lua.LNil {
		e.removeAll("")
	} else {
		e.removeAll(rt.eventName(L, 2))
	}
	L.SetTop(1)
	return 1
}

// emitterEmit is emit(event, ...): whether there were listeners.
func (rt *Runtime) emitterEmit(L *lua.LState) int {
	e := rt.emitterOf(L, "emit")
	name := rt.eventName(L, 2)
	L.Push(lua.LBool(rt.emitLua(L, e, name, L.GetTop()-2)))
	return 1
}

// emitterListenerCount is listenerCount(event).
func (rt *Runtime) emitterListenerCount(L *lua.LState) int {
	e := rt.emitterOf(L, "listenerCount")
	L.Push(lua.LNumber(e.count(rt.eventName(L, 2))))
	return 1
}

// emitterEventNames is eventNames(): the events with listeners, sorted
// by name.
func (rt *Runtime) emitterEventNames(L *lua.LState) int {
	e := rt.emitterOf(L, "eventNames")
	names := make([]string, 0, len(e.events))
	for _, ev := range e.events {
		names = append(names, ev.name)
	}
	sort.Strings(names)
	t := L.NewTable()
	for _, n := range names {
		t.Append(lua.LString(n))
	}
	L.Push(t)
	return 1
}

// emitterSetMaxListeners is setMaxListeners(n); 0 means unlimited.
func (rt *Runtime) emitterSetMaxListeners(L *lua.LState) int {
	e := rt.emitterOf(L, "setMaxListeners")
	n := rt.CheckInt(L, 2, "n", 0, 1<<31)
	e.max = int(n)
	if n == 0 {
		e.max = -1
	}
	L.SetTop(1)
	return 1
}

// emitterGetMaxListeners is getMaxListeners(): Node's 10 by default, 0
// for unlimited.
func (rt *Runtime) emitterGetMaxListeners(L *lua.LState) int {
	e := rt.emitterOf(L, "getMaxListeners")
	switch e.max {
	case 0:
		L.Push(lua.LNumber(10))
	case -1:
		L.Push(lua.LNumber(0))
	default:
		L.Push(lua.LNumber(e.max))
	}
	return 1
}

// callEmit emits name with args on e from inside a Go method, by pushing
// the arguments where emitLua expects them.
func callEmit(rt *Runtime, L *lua.LState, e *Emitter, name string, args ...lua.LValue) {
	top := L.GetTop()
	L.Push(lua.LNil) // self slot
	L.Push(lua.LString(name))
	for _, a := range args {
		L.Push(a)
	}
	// emitLua reads arguments at absolute indices 3.., so run it in a frame
	// where they sit there: a Go function call gives it that frame.
	fn := L.NewFunction(func(L *lua.LState) int {
		rt.emitLua(L, e, name, L.GetTop()-2)
		return 0
	})
	L.Insert(fn, top+1)
	L.Call(len(args)+2, 0)
}

// emitterFn returns the runtime's generic EventEmitter method, for
// classes that wrap one (a socket's on('data') also starts the flow).
func (rt *Runtime) emitterFn(name string) lua.LGFunction {
	if rt.emFns == nil {
		rt.emFns = emitterMethods(rt)
	}
	return rt.emFns[name]
}
