package luabind

import (
	lua "github.com/yuin/gopher-lua"
)

// netDial is net.dial(port[, host][, options]), net.dial(path[, options])
// or net.dial(options): net.connect in sequential form. In a task it
// waits for the connection and returns the socket, or raises the connect
// error (ECONNREFUSED, ENOTFOUND) as the Error object 'error' would carry.
// The socket is read with receive(), so its later errors are raised there.
func (rt *Runtime) netDial(L *lua.LState) int {
	if t, _ := rt.waitingTask(L); t == nil {
		rt.beginWait(L, "net.dial()") // raises ERR_NOT_IN_TASK, before any socket is made
	}
	opts := L.NewTable()
	first := L.Get(1)
	switch a := first.(type) {
	case *lua.LTable:
		opts = a
	case lua.LNumber, lua.LString:
		rest := 2
		if h, ok := L.Get(2).(lua.LString); ok {
			if a.Type() == lua.LTNumber || isPortString(a) {
				opts.RawSetString("host", h)
				rest = 3
			}
		}
		if extra, ok := L.Get(rest).(*lua.LTable); ok {
			extra.ForEach(func(k, v lua.LValue) { opts.RawSet(k, v) })
		} else if v := L.Get(rest); v != lua.LNil {
			rt.ArgTypeError(L, "options", "of type table", v)
		}
		if isPortString(a) || a.Type() == lua.LTNumber {
			opts.RawSetString("port", a)
		} else {
			opts.RawSetString("path", a)
		}
	default:
		rt.ThrowCode(L, "TypeError", ErrMissingArgs, missingConnectArgs)
	}
	s := rt.newSocketFrom(L, opts)
	L.Push(opts)
	o, _ := rt.parseConnect(L, L.GetTop(), s)
	L.Pop(1)
	rt.dialWait(L, s, "net.dial()", "connect")
	s.connect(o, nil)
	return L.Yield()
}

// dialWait makes the calling task wait, once it yields, until s emits
// event (the wait returns the socket) or 'error' (the wait raises it);
// from then on the socket is the task's, read with receive().
func (rt *Runtime) dialWait(L *lua.LState, s *Socket, what, event string) {
	w := rt.beginWait(L, what)
	s.taskOwned = true
	onDone := L.NewFunction(func(L *lua.LState) int { w.resolve(s.UD); return 0 })
	onError := L.NewFunction(func(L *lua.LState) int { w.reject(L.Get(1)); return 0 })
	s.em.add(event, onDone, true, false)
	s.em.add("error", onError, true, false)
	w.onSettle(func() {
		s.em.remove(event, onDone)
		s.em.remove("error", onError)
	})
}

// isPortString reports whether v is a string that reads as a number, which
// connect takes as a port rather than an IPC path.
func isPortString(v lua.LValue) bool {
	s, ok := v.(lua.LString)
	if !ok {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return len(s) > 0
}
