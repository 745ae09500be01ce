package luabind

import (
	"errors"
	"io/fs"

	lua "github.com/yuin/gopher-lua"
)

// fsResult is what a file operation hands back to the loop: a builder of
// the Lua result (nil for none) or a failure. It holds no Lua values
// because operations run on worker goroutines, away from the LState.
type fsResult struct {
	build func(rt *Runtime) lua.LValue
	fail  *SysErr
}

// fsFailed is the result of an operation whose syscall failed on path (""
// where Node's message names none, as for read and write).
func fsFailed(err error, syscall, path string) fsResult {
	return fsResult{fail: &SysErr{Err: err, Syscall: syscall, Path: path, File: true}}
}

// fsRun runs op in sync (blocking, raising on failure, as Node's *Sync
// functions do) or async mode (on a worker goroutine; cb gets (err) or
// (nil, result) on the loop).
func (rt *Runtime) fsRun(L *lua.LState, cb *lua.LFunction, op func() fsResult) int {
	if cb == nil {
		res := op()
		if res.fail != nil {
			rt.Throw(L, rt.fsFailure(res.fail))
		}
		if res.build == nil {
			return 0
		}
		L.Push(res.build(rt))
		return 1
	}
	done := rt.loop.Reserve()
	go func() {
		res := op()
		done(func() {
			if res.fail != nil {
				rt.Call(cb, rt.fsFailure(res.fail))
			} else if res.build != nil {
				rt.Call(cb, lua.LNil, res.build(rt))
			} else {
				rt.Call(cb, lua.LNil)
			}
		})
	}()
	return 0
}

// fsFailure is the Error a failed operation reports: a system error, but
// for rm on a directory, which Node reports with its own code.
func (rt *Runtime) fsFailure(se *SysErr) *lua.LTable {
	if se.Err == errRmIsDir {
		return rt.rmIsDirError(se.Path)
	}
	return rt.SystemError(*se)
}

// bytesResult builds a file's contents as Lua sees them: a string in enc,
// or a Buffer when enc is "".
func bytesResult(b []byte, enc string) func(rt *Runtime) lua.LValue {
	return func(rt *Runtime) lua.LValue {
		if enc != "" {
			return lua.LString(streamDecode(enc, b))
		}
		return rt.NewBuffer(b)
	}
}

// unwrapPath drops Go's *PathError wrapper so only the errno remains.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
