package luabind

import (
	"errors"

	lua "github.com/yuin/gopher-lua"
)

// Options returns the options the runtime was built with, so the REPL's
// .clear can build a fresh runtime alike.
func (rt *Runtime) Options() Options { return rt.opts }

// DescribeError renders an error returned by Eval the way uncaught errors
// are printed: `file:line: message` (or Node's text for an Error object)
// and a short traceback. Loop goroutine only.
func (rt *Runtime) DescribeError(err error) string {
	var ae *lua.ApiError
	if errors.As(err, &ae) && ae.Object != nil {
		return rt.describeError(ae.Object, ae.StackTrace)
	}
	return err.Error()
}

// EmitExit emits process 'exit' once, as Node's REPL does when it ends.
// Loop goroutine only.
func (rt *Runtime) EmitExit() { rt.emitExit() }
