package luabind

import (
	"errors"
	"slices"

	lua "github.com/yuin/gopher-lua"
)

// replCommands are the REPL's own dot-commands, in the order .help lists
// them: the one list of them. It lives here rather than in package repl so
// that AddCommand refuses these names to plugins in any runtime.
var replCommands = []string{
	"help", "exit", "load", "save", "break", "editor", "clear", "handles", "close", "plugins",
}

// REPLCommandNames lists the REPL's own dot-command names, in .help order.
// Plugins may not take them; package repl implements each one.
func REPLCommandNames() []string { return slices.Clone(replCommands) }

// Options returns the options the runtime was built with, so the REPL's
// .clear can build a fresh runtime alike.
func (rt *Runtime) Options() Options { return rt.opts }

// DescribeError renders an error returned by Eval the way uncaught errors
// are printed: `file:line: message` (or Node's text for an Error object)
// and a short traceback. Loop goroutine only.
func (rt *Runtime) DescribeError(err error) string {
	var ae *lua.ApiError
	if errors.As(err, &ae) && ae.Object != nil {
		obj := ae.Object
		if t, ok := obj.(*lua.LTable); ok && !rt.isError(t) && rt.L.GetMetaField(t, "__tostring") == lua.LNil {
			obj = lua.LString(rt.Inspect(t)) // error({code = 'X'}) shows the table, as Node's REPL does
		}
		return rt.describeError(obj, ae.StackTrace)
	}
	return err.Error()
}

// ErrorValue is the value an error returned by Eval raised (what the
// REPL's _error holds): the Error object or the message. Loop goroutine
// only.
func (rt *Runtime) ErrorValue(err error) lua.LValue {
	var ae *lua.ApiError
	if errors.As(err, &ae) && ae.Object != nil {
		return ae.Object
	}
	return lua.LString(err.Error())
}

// EmitExit emits process 'exit' once, as Node's REPL does when it ends.
// Loop goroutine only.
func (rt *Runtime) EmitExit() { rt.emitExit() }
