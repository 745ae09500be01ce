package luabind

import (
	"strings"

	lua "github.com/yuin/gopher-lua"
)

// gopher-lua's io library writes io.stdout and io.stderr straight to the
// process's descriptors, while print and console.log go through the
// runtime's Printer, which buffers until the loop is idle (and, in the
// REPL, writes above the prompt). A script mixing io.write and print came
// out of order. installStdio sends the standard files through the
// Printer, and flushes it on io.flush and file:flush and before anything
// reads standard input (os.exit leaves as process.exit does, flushing:
// installOSExit).
func (rt *Runtime) installStdio() {
	L := rt.L
	ioT, ok := L.GetGlobal("io").(*lua.LTable)
	mt, ok2 := L.GetTypeMetatable("FILE*").(*lua.LTable)
	if !ok || !ok2 {
		return
	}
	s := &stdio{rt: rt, stdout: ioT.RawGetString("stdout"), stderr: ioT.RawGetString("stderr")}
	s.fileWrite, _ = mt.RawGetString("write").(*lua.LFunction)
	s.output, _ = ioT.RawGetString("output").(*lua.LFunction)
	if s.fileWrite == nil || s.output == nil {
		return
	}
	ioT.RawSetString("write", L.NewFunction(s.ioWrite))
	mt.RawSetString("write", L.NewFunction(s.methodWrite))
	for _, t := range []*lua.LTable{ioT, mt} {
		for _, name := range []string{"read", "lines", "flush"} {
			if fn, ok := t.RawGetString(name).(*lua.LFunction); ok {
				t.RawSetString(name, rt.flushingFirst(fn))
			}
		}
	}
}

// stdio is what the replaced writers need.
type stdio struct {
	rt             *Runtime
	stdout, stderr lua.LValue // gopher-lua's io.stdout and io.stderr
	fileWrite      *lua.LFunction
	output         *lua.LFunction // io.output: the current default output
}

// flushingFirst wraps fn so console output buffered so far is written
// before it runs: a prompt written with io.write shows before io.read
// waits.
func (rt *Runtime) flushingFirst(fn *lua.LFunction) *lua.LFunction {
	return rt.L.NewFunction(func(L *lua.LState) int {
		rt.console.out.Flush()
		return callThrough(L, fn)
	})
}

// ioWrite is io.write(...): a write to the current default output.
func (s *stdio) ioWrite(L *lua.LState) int {
	L.Push(s.output)
	L.Call(0, 1)
	f := L.Get(-1)
	L.Pop(1)
	return s.write(L, f, 1)
}

// methodWrite is file:write(...).
func (s *stdio) methodWrite(L *lua.LState) int {
	return s.write(L, L.Get(1), 2)
}

// write writes the arguments from index first on to f: the standard files
// through the Printer, any other through gopher-lua's file:write.
func (s *stdio) write(L *lua.LState, f lua.LValue, first int) int {
	if f == s.stdout || f == s.stderr {
		var b strings.Builder
		for i := first; i <= L.GetTop(); i++ {
			L.CheckTypes(i, lua.LTNumber, lua.LTString)
			b.WriteString(lua.LVAsString(L.Get(i)))
		}
		if f == s.stdout {
			s.rt.console.out.Out(b.String())
		} else {
			s.rt.console.out.Err(b.String())
		}
		L.Push(lua.LTrue) // as Lua 5.1's (5.2 returns the file)
		return 1
	}
	top := L.GetTop()
	L.Push(s.fileWrite)
	L.Push(f)
	for i := first; i <= top; i++ {
		L.Push(L.Get(i))
	}
	L.Call(top-first+2, lua.MultRet)
	return L.GetTop() - top
}
