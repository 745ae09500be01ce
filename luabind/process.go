package luabind

import (
	"math"
	"os"
	"runtime"
	"strings"
	"time"

	lua "github.com/yuin/gopher-lua"

	"github.com/netsh/netsh/luabind/internal/jsfmt"
)

var hrtimeBase = time.Now()

// openProcess builds `process`: a table (so `process.exit(1)` and
// `process:on('exit', f)` both read naturally) whose listeners live in a
// Go Emitter the runtime emits 'exit' and 'uncaughtException' on.
func openProcess(rt *Runtime) (lua.LValue, error) {
	L := rt.L
	p := L.NewTable()
	rt.proc.table = p
	rt.addProcessEmitter(p)
	rt.setProcessFacts(p)
	L.SetFuncs(p, map[string]lua.LGFunction{
		"exit":        rt.processExitFn(p),
		"nextTick":    rt.processNextTickFn(p),
		"cwd":         processCwd,
		"uptime":      processUptime,
		"memoryUsage": processMemoryUsage,
	})
	p.RawSetString("hrtime", rt.newHrtime())
	p.RawSetString("stdout", rt.processStream(1, func(s string) { rt.console.out.Out(s) }))
	p.RawSetString("stderr", rt.processStream(2, func(s string) { rt.console.out.Err(s) }))
	rt.installStdin(p)
	return p, nil
}

// addProcessEmitter gives p the EventEmitter methods and its Emitter,
// created now rather than on first use so Uncaught can see listeners.
func (rt *Runtime) addProcessEmitter(p *lua.LTable) {
	L := rt.L
	for name, fn := range emitterMethods(rt) {
		p.RawSetString(name, L.NewFunction(rt.signalAware(fn)))
	}
	rt.proc.em = &Emitter{}
	ud := L.NewUserData()
	ud.Value = rt.proc.em
	p.RawSetString("_emitter", ud)
}

// setProcessFacts sets the fields that describe the process: argv, env,
// ids, platform, versions, execPath, title.
func (rt *Runtime) setProcessFacts(p *lua.LTable) {
	L := rt.L
	p.RawSetString("argv", rt.processArgv())
	p.RawSetString("env", processEnv(L))
	p.RawSetString("pid", lua.LNumber(os.Getpid()))
	p.RawSetString("ppid", lua.LNumber(os.Getppid()))
	p.RawSetString("platform", lua.LString(runtime.GOOS))
	arch := runtime.GOARCH
	if arch == "amd64" {
		arch = "x64"
	}
	p.RawSetString("arch", lua.LString(arch))
	p.RawSetString("version", lua.LString("v"+Version))
	versions := L.NewTable()
	versions.RawSetString("netsh", lua.LString(Version))
	versions.RawSetString("lua", lua.LString(lua.LuaVersion))
	p.RawSetString("versions", versions)
	if exe, err := os.Executable(); err == nil {
		p.RawSetString("execPath", lua.LString(exe))
	}
	p.RawSetString("title", lua.LString("netsh"))
}

// processArgv is process.argv from the runtime's options.
func (rt *Runtime) processArgv() *lua.LTable {
	argv := rt.L.NewTable()
	for i, a := range rt.opts.Argv {
		argv.RawSetInt(i, lua.LString(a)) // index 0 lands in the hash part, as Node's argv[0]
	}
	return argv
}

// processEnv is process.env: a snapshot of the environment.
func processEnv(L *lua.LState) *lua.LTable {
	env := L.NewTable()
	for _, kv := range os.Environ() {
		if i := strings.IndexByte(kv, '='); i > 0 {
			env.RawSetString(kv[:i], lua.LString(kv[i+1:]))
		}
	}
	return env
}

// processExitFn is process.exit([code]) for the process table p: it
// runs the 'exit' listeners and unwinds the script.
func (rt *Runtime) processExitFn(p *lua.LTable) lua.LGFunction {
	return func(L *lua.LState) int {
		arg := L.Get(1)
		if arg == p { // process:exit(n)
			arg = L.Get(2)
		}
		code := rt.ExitCode()
		if arg != lua.LNil {
			code = rt.exitCodeArg(L, arg)
		}
		rt.exit(code)
		L.Error(exitSignal, 0)
		return 0
	}
}

// installOSExit replaces Lua's os.exit, which called the C library's exit
// at once: buffered console output was lost (`print('hi') os.exit(0)` into
// a pipe printed nothing) and 'exit' listeners never ran. It now leaves as
// process.exit does; the code is Lua's: true or nothing is success, false
// failure, a number that status.
func (rt *Runtime) installOSExit() {
	if osT, ok := rt.L.GetGlobal("os").(*lua.LTable); ok {
		osT.RawSetString("exit", rt.L.NewFunction(rt.osExit))
	}
}

// osExit is os.exit([code]).
func (rt *Runtime) osExit(L *lua.LState) int {
	code := 0
	switch v := L.Get(1).(type) {
	case *lua.LNilType:
	case lua.LBool:
		if !v {
			code = 1
		}
	default:
		code = toInt32(float64(L.CheckNumber(1)))
	}
	rt.exit(code)
	L.Error(exitSignal, 0)
	return 0
}

// toInt32 is JavaScript's ToInt32, how Node turns an exit code into the
// status it passes to exit(3): modulo 2^32, NaN and infinities 0.
func toInt32(f float64) int {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return 0
	}
	return int(int32(uint32(int64(math.Mod(math.Trunc(f), 1<<32)))))
}

// maxSafeInteger is Number.MAX_SAFE_INTEGER, the bound of Node's
// validateInteger.
const maxSafeInteger = 1<<53 - 1

// exitCodeArg validates process.exit's code as Node 20 does: an integer
// (NaN, Infinity and fractions are ERR_OUT_OF_RANGE, as is anything
// beyond the safe integers), or a string that is a number ('3', '0x10')
// checked the same way; any other value is ERR_INVALID_ARG_TYPE.
func (rt *Runtime) exitCodeArg(L *lua.LState, v lua.LValue) int {
	var f float64
	switch x := v.(type) {
	case lua.LNumber:
		f = float64(x)
	case lua.LString:
		f = jsfmt.StringToNumber(string(x))
		if x == "" || math.IsNaN(f) {
			rt.ArgTypeError(L, "code", "of type number", v)
		}
		v = lua.LNumber(f) // the number is what Node reports as received
	default:
		rt.ArgTypeError(L, "code", "of type number", v)
	}
	if f != math.Trunc(f) || math.IsInf(f, 0) {
		rt.OutOfRange(L, "code", "an integer", v)
	}
	if math.Abs(f) > maxSafeInteger {
		rt.OutOfRange(L, "code", ">= -9007199254740991 && <= 9007199254740991", v)
	}
	return int(f)
}

// processNextTickFn is process.nextTick(fn, ...) for the process table p.
func (rt *Runtime) processNextTickFn(p *lua.LTable) lua.LGFunction {
	return func(L *lua.LState) int {
		first := 1
		if L.Get(1) == p {
			first = 2
		}
		fn := rt.CheckFunction(L, first, "callback")
		args := extraArgs(L, first+1)
		rt.loop.NextTick(func() { rt.Call(fn, args...) })
		return 0
	}
}

// processCwd is process.cwd().
func processCwd(L *lua.LState) int {
	d, _ := os.Getwd()
	L.Push(lua.LString(d))
	return 1
}

// processUptime is process.uptime(), in seconds.
func processUptime(L *lua.LState) int {
	L.Push(lua.LNumber(time.Since(hrtimeBase).Seconds()))
	return 1
}

// processMemoryUsage is process.memoryUsage(), from the Go runtime's
// memory statistics.
func processMemoryUsage(L *lua.LState) int {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	t := L.NewTable()
	t.RawSetString("rss", lua.LNumber(ms.Sys))
	t.RawSetString("heapTotal", lua.LNumber(ms.HeapSys))
	t.RawSetString("heapUsed", lua.LNumber(ms.HeapAlloc))
	L.Push(t)
	return 1
}

// newHrtime is process.hrtime: hrtime([prev]) -> {seconds, nanoseconds};
// hrtime.bigint() -> ns. A table with __call, so it can carry bigint.
func (rt *Runtime) newHrtime() *lua.LTable {
	L := rt.L
	hr := L.NewTable()
	hr.RawSetString("bigint", L.NewFunction(hrtimeBigint))
	hrmt := L.NewTable()
	hrmt.RawSetString("__call", L.NewFunction(rt.hrtimeCall))
	L.SetMetatable(hr, hrmt)
	return hr
}

// hrtimeBigint is process.hrtime.bigint(): nanoseconds since start.
func hrtimeBigint(L *lua.LState) int {
	L.Push(lua.LNumber(time.Since(hrtimeBase).Nanoseconds()))
	return 1
}

// hrtimeCall is process.hrtime([prev]): {seconds, nanoseconds}, or the
// time since prev.
func (rt *Runtime) hrtimeCall(L *lua.LState) int {
	ns := time.Since(hrtimeBase).Nanoseconds() + int64(time.Second) // never zero
	if prev, ok := L.Get(2).(*lua.LTable); ok {
		ps, _ := prev.RawGetInt(1).(lua.LNumber)
		pn, _ := prev.RawGetInt(2).(lua.LNumber)
		ns -= int64(ps)*int64(time.Second) + int64(pn)
	} else if L.Get(2) != lua.LNil {
		rt.ArgTypeError(L, "time", "an instance of Array", L.Get(2))
	}
	t := L.CreateTable(2, 0)
	t.Append(lua.LNumber(ns / int64(time.Second)))
	t.Append(lua.LNumber(ns % int64(time.Second)))
	L.Push(t)
	return 1
}

// isTerminal reports whether fd is a character device (a terminal).
func isTerminal(fd int) bool {
	f := os.Stdout
	switch fd {
	case 0:
		f = os.Stdin
	case 2:
		f = os.Stderr
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// exit runs process 'exit' listeners and stops the loop with code.
func (rt *Runtime) exit(code int) {
	if rt.proc.exitStatus != nil {
		return
	}
	rt.proc.exitCode = code
	rt.emitExit()
	c := code
	rt.proc.exitStatus = &c
	rt.loop.Stop()
}

// emitExit emits process 'exit' once, with the exit code.
func (rt *Runtime) emitExit() {
	if rt.proc.exitEmitted || rt.proc.em == nil {
		return
	}
	rt.proc.exitEmitted = true
	rt.EmitGo(rt.proc.em, "exit", lua.LNumber(rt.ExitCode()))
}

func init() {
	Register(Module{Name: "process", Open: openProcess})
}

// installProcessGlobals sets process and Lua's own arg table, numbered as
// the lua interpreter numbers it (arg[0] the script).
func installProcessGlobals(L *lua.LState, mod lua.LValue) {
	L.SetGlobal("process", mod)
	argv := mod.(*lua.LTable).RawGetString("argv").(*lua.LTable)
	arg := L.NewTable()
	argv.ForEach(func(k, v lua.LValue) {
		if n, ok := k.(lua.LNumber); ok {
			arg.RawSetInt(int(n)-1, v)
		}
	})
	L.SetGlobal("arg", arg)
}
