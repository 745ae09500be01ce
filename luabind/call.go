package luabind

import (
	"errors"
	"strings"

	lua "github.com/yuin/gopher-lua"
)

// Call invokes a Lua callback in protected mode with the given arguments.
// An error goes to process 'uncaughtException' or, with no listener, is
// reported (fatal in script mode, printed in the REPL). It reports whether
// the callback returned normally. Loop goroutine only.
func (rt *Runtime) Call(fn lua.LValue, args ...lua.LValue) bool {
	if rt.halted() {
		return false
	}
	L := rt.L
	if rt.opts.Interactive {
		rt.armCallback()
	}
	L.Push(fn)
	for _, a := range args {
		L.Push(a)
	}
	if err := pcallFromGo(L, len(args), 0); err != nil {
		rt.callFailed(err)
		return false
	}
	return true
}

// halted reports whether the script has ended (an uncaught error or
// process.exit) while Go code was still going to call back into it, such
// as a socket's 'close' after its unhandled 'error' in the same step. As in
// Node, which ends the process there, no callback runs then but process
// 'exit' listeners.
func (rt *Runtime) halted() bool {
	return rt.proc.exitStatus != nil && !rt.proc.inExit
}

// callFailed reports a callback's error: an interrupted one briefly, any
// other as uncaught.
func (rt *Runtime) callFailed(err error) {
	if rt.opts.Interactive && rt.callbackInterrupted() {
		rt.console.out.Err("error: interrupted a callback that did not return (Ctrl-C)\n")
		return
	}
	rt.reportUncaught(err)
}

// call1 is Call with one argument, without a variadic slice (hot path).
func (rt *Runtime) call1(fn *lua.LFunction, a lua.LValue) bool {
	if rt.halted() {
		return false
	}
	L := rt.L
	if rt.opts.Interactive {
		rt.armCallback()
	}
	L.Push(fn)
	L.Push(a)
	if err := pcallFromGo(L, 1, 0); err != nil {
		rt.callFailed(err)
		return false
	}
	return true
}

// reportUncaught handles an error that escaped a callback: process
// 'uncaughtException' listeners get the raised value as is; without one the
// error is printed as `file:line: message` plus a traceback, and in script
// mode the loop stops with exit status 1.
func (rt *Runtime) reportUncaught(err error) {
	var val lua.LValue = lua.LString(err.Error())
	trace := ""
	var ae *lua.ApiError
	if errors.As(err, &ae) {
		val = ae.Object
		trace = ae.StackTrace
	}
	rt.uncaughtValue(val, trace, "")
}

func (rt *Runtime) uncaughtValue(val lua.LValue, trace, prefix string) {
	if val == exitSignal {
		return
	}
	if rt.proc.exitStatus != nil {
		return // exiting: nothing more is reported
	}
	if rt.proc.em != nil && rt.proc.em.count("uncaughtException") > 0 && !rt.proc.uncaughtHit {
		rt.proc.uncaughtHit = true
		ok := rt.EmitGo(rt.proc.em, "uncaughtException", val, lua.LString("uncaughtException"))
		rt.proc.uncaughtHit = false
		if ok {
			return
		}
	}
	if rt.opts.Interactive {
		prefix = "error: " + prefix // the REPL's format for every error
	}
	rt.console.out.Err(prefix + rt.describeError(val, trace) + "\n")
	if !rt.opts.Interactive {
		rt.proc.exitCode = 1
		code := 1
		rt.proc.exitStatus = &code
		rt.loop.Stop()
	}
}

// describeError renders an uncaught value: `file:line: message` and the
// traceback for Lua errors, Node's text for Error objects.
func (rt *Runtime) describeError(val lua.LValue, trace string) string {
	var msg string
	if t, ok := val.(*lua.LTable); ok && rt.isError(t) {
		msg = rt.errorString(t)
		if where, ok := t.RawGetString("__where").(lua.LString); ok && where != "" {
			msg = string(where) + " " + msg
		}
		for _, f := range []string{"errno", "code", "syscall", "address", "port", "path", "dest"} {
			v := t.RawGetString(f)
			if v == lua.LNil {
				continue
			}
			if s, ok := v.(lua.LString); ok {
				msg += "\n  " + f + ": '" + string(s) + "'"
			} else {
				msg += "\n  " + f + ": " + rt.valueText(v)
			}
		}
	} else {
		msg = rt.valueText(val)
	}
	trace = dropInternalFrames(trace)
	if trace != "" && rt.opts.Interactive {
		trace = shortTrace(trace, 6)
	}
	if trace != "" {
		return msg + "\n" + trace
	}
	return msg
}

// dropInternalFrames removes netsh's own Lua helpers from a traceback, as
// they are not the user's code.
func dropInternalFrames(trace string) string {
	if !strings.Contains(trace, "\t"+internalSource) {
		return trace
	}
	lines := strings.Split(trace, "\n")
	out := lines[:0]
	for i, l := range lines {
		if strings.HasPrefix(l, "\t"+internalSource) || l == "\t(tailcall): ?" && i > 0 && strings.HasPrefix(lines[i-1], "\t"+internalSource) {
			continue
		}
		out = append(out, l)
	}
	return strings.Join(out, "\n")
}

// shortTrace keeps the first n frames of a traceback.
func shortTrace(trace string, n int) string {
	lines := strings.Split(trace, "\n")
	if len(lines) > n+1 {
		lines = append(lines[:n+1], "\t...")
	}
	return strings.Join(lines, "\n")
}
