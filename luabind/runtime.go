package luabind

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"

	lua "github.com/yuin/gopher-lua"
	"github.com/yuin/gopher-lua/parse"

	"github.com/netsh/netsh/luabind/internal/netio"
	"github.com/netsh/netsh/luabind/loop"
)

// Version is netsh's version, shown by --version and the REPL banner.
const Version = "0.1.0"

// The registry (the Lua value stack) may grow to registryMaxSize slots,
// registryGrowStep at a time beyond what a call needs.
const (
	registryMaxSize  = 1024 * 1024
	registryGrowStep = registryMaxSize / 16
)

// Options configure a Runtime.
type Options struct {
	// Argv is process.argv as Node numbers it: [0] the executable, [1] the
	// script, [2...] the user's arguments.
	Argv []string
	// Stdout and Stderr receive console output; nil means os.Stdout/os.Stderr.
	Stdout io.Writer
	Stderr io.Writer
	// Interactive marks a REPL session: uncaught errors are printed and the
	// session goes on instead of ending the process.
	Interactive bool
	// ModuleGlobals makes every registered module a global, loaded on
	// first use, as in `node -e` (the shell has them too); see
	// module_globals.go.
	ModuleGlobals bool
	// IO selects how sockets move bytes: IOAuto (epoll on Linux) or
	// IOPortable (a reader and a flusher goroutine per socket).
	IO IOMode
	// Stdin is what process.stdin reads; nil means os.Stdin.
	Stdin io.Reader
	// Trace prints a line on stderr per chunk and datagram every socket
	// sends or receives (--trace); TraceDump adds a hex dump of each.
	Trace, TraceDump bool
	// Pcap, if set, receives that traffic as a capture file (--pcap).
	Pcap *Capture
}

// IOMode selects the socket I/O path of a Runtime.
type IOMode int

const (
	// IOAuto uses the platform poller where there is one (epoll on Linux).
	IOAuto IOMode = iota
	// IOPortable uses the goroutine path every platform has.
	IOPortable
)

// Printer is where console output goes. The REPL swaps in one that writes
// above its prompt. Methods are called on the loop goroutine.
type Printer interface {
	Out(s string)
	Err(s string)
	Flush()
}

// Runtime is one Lua state plus its loop. Everything but New runs on the
// goroutine that calls Run*, the loop goroutine.
type Runtime struct {
	L       *lua.LState
	loop    *Loop
	opts    Options
	nio     *netio.IO // the socket transports: epoll on Linux, goroutines elsewhere
	console consoleState
	proc    processState
	plug    pluginState
	mods    moduleState
	intr    interruptState
	tasks   taskState
	wire    wireState // --trace and --pcap (wire_trace.go)

	// The Lua glue every module shares.
	classes  map[*Class]*classRT
	errorMT  *lua.LTable
	errorCls *lua.LTable
	emFns    map[string]lua.LGFunction
	bufNums  numAlloc // buffer.go: boxes numbers for Lua without one heap allocation each
	httpBuf  []byte   // http1_lua.go: where http1.request and response build a message
}

// consoleState is where console output goes and how Buffers print in it.
type consoleState struct {
	out Printer
	// bufFormatter, if set, renders Buffers in console output.
	bufFormatter *lua.LFunction
}

// processState is what the process module and the exit path keep.
type processState struct {
	table       *lua.LTable // the process global
	em          *Emitter    // process's events ('exit', 'uncaughtException')
	exitEmitted bool
	exitCode    int
	exitStatus  *int // set by process.exit
	uncaughtHit bool
	inExit      bool        // process 'exit' listeners are running: the one emit allowed once exiting
	scriptDir   string      // where require looks first
	sig         signalState // the signals process listens for (signals.go)
	stdin       stdinState  // process.stdin (process_stdin.go)
}

// pluginState is what plugins added: dot-commands, their results, and
// the REPL line handler of an attached plugin.
type pluginState struct {
	commands []Command
	plugins  []PluginResult
	loading  string // the plugin file being run, for Command.Source

	// lineHandler takes the REPL's typed lines while a plugin is attached.
	lineMu      sync.Mutex // guards lineHandler and linePrompt: the REPL reads them
	lineHandler *lua.LFunction
	linePrompt  string
	lineEOF     *lua.LFunction // attach's onEOF: Ctrl-D while attached
	attachHook  func()         // the REPL's: the prompt changes (plugin_attach.go)
}

// moduleState is require's cache: what each module's Open returned, and
// what Provide added for this runtime alone (plugins' modules).
type moduleState struct {
	loaded   map[string]lua.LValue
	provided map[string]lua.LValue

	respArrayMTs []*lua.LTable // resp_lua.go: decoded arrays' metatables, by length
}

// exitSignal is raised by process.exit to unwind the running Lua code.
var exitSignal = &lua.LUserData{}

// New builds a Runtime with every registered module reachable through
// require and Node's globals installed.
func New(opts Options) (*Runtime, error) {
	if opts.Stdout == nil {
		opts.Stdout = os.Stdout
	}
	if opts.Stderr == nil {
		opts.Stderr = os.Stderr
	}
	L := lua.NewState(lua.Options{
		// A growable registry: big table.concat/unpack calls must not fail.
		RegistrySize:    1024 * 4,
		RegistryMaxSize: registryMaxSize,
		// gopher-lua grows the registry to what is needed plus this step,
		// copying it each time; it has no growth factor. Its default of 32
		// made unpack of 400,000 values take 30 s (quadratic copying). A
		// step of MaxSize/16 caps the resizes at 16 however large the
		// registry gets, as a doubling registry would be capped.
		RegistryGrowStep: registryGrowStep,
		// Lua 5.1 allows 20,000 nested calls (LUAI_MAXCALLS); a fixed
		// stack that deep would cost every coroutine 1.6 MB up front, so it
		// grows in segments as calls nest.
		CallStackSize:       20000,
		MinimizeStackMemory: true,
	})
	rt := &Runtime{
		L:       L,
		loop:    loop.New(),
		opts:    opts,
		classes: make(map[*Class]*classRT),
		mods: moduleState{
			loaded:   make(map[string]lua.LValue),
			provided: make(map[string]lua.LValue),
		},
	}
	rt.console.out = newStdPrinter(opts.Stdout, opts.Stderr)
	rt.nio = netio.New(rt.loop, opts.IO == IOPortable)
	rt.initWire()
	rt.loop.OnIdle = func() { rt.console.out.Flush(); rt.flushWire() }
	L.SetGlobal("print", L.NewFunction(rt.luaPrint))
	rt.installPcall()
	rt.installOSExit()
	rt.installLoaders()
	rt.installErrors()
	rt.installRequire()
	rt.installStringPack()
	rt.installStringMatch()
	rt.installCoroutineFixes()
	if err := rt.installTasks(); err != nil {
		L.Close()
		return nil, err
	}
	if err := rt.installGlobals(); err != nil {
		L.Close()
		return nil, err
	}
	if rt.moduleGlobals() {
		rt.installModuleGlobals()
	}
	rt.syncSignals() // the signals watched without a listener (SIGUSR2)
	return rt, nil
}

// Loop is the runtime's event loop.
func (rt *Runtime) Loop() *Loop { return rt.loop }

// Interactive reports whether this is a REPL session.
func (rt *Runtime) Interactive() bool { return rt.opts.Interactive }

// Printer is where console output currently goes.
func (rt *Runtime) Printer() Printer { return rt.console.out }

// SetPrinter redirects console output (the REPL writes above its prompt).
func (rt *Runtime) SetPrinter(p Printer) {
	rt.console.out.Flush()
	rt.console.out = p
}

// ExitCode is the status the process should exit with: process.exit's
// argument, process.exitCode, or 1 after an uncaught error.
func (rt *Runtime) ExitCode() int {
	if rt.proc.exitStatus != nil {
		return *rt.proc.exitStatus
	}
	if rt.proc.table != nil {
		if c, ok := rt.proc.table.RawGetString("exitCode").(lua.LNumber); ok {
			return int(c)
		}
	}
	return rt.proc.exitCode
}

// Exiting reports whether process.exit was called.
func (rt *Runtime) Exiting() bool { return rt.proc.exitStatus != nil }

// SyntaxError is returned by Load for a chunk that does not compile; Msg
// names the line the parser stopped at and Incomplete tells the REPL to
// read more.
type SyntaxError struct {
	Msg        string
	Incomplete bool
}

// Error returns Msg.
func (e *SyntaxError) Error() string { return e.Msg }

// Load compiles a chunk without running it.
func (rt *Runtime) Load(src, name string) (*lua.LFunction, error) {
	proto, err := Compile(src, name)
	if err != nil {
		return nil, err
	}
	return rt.L.NewFunctionFromProto(proto), nil
}

// Compile parses and compiles a chunk. It needs no Lua state, so it may run
// on any goroutine (netsh compiles its plugins while the state is built);
// Runtime.LoadCompiled turns the result into a function. A syntax error is
// a *SyntaxError naming the chunk and line. Between the two steps it
// rewrites what gopher-lua would compile wrong or slowly (compile_walk.go);
// every chunk netsh runs comes through here.
func Compile(src, name string) (*lua.FunctionProto, error) {
	chunk, err := parse.Parse(strings.NewReader(src), name)
	if err != nil {
		se := &SyntaxError{Msg: err.Error()}
		var pe *parse.Error
		if errors.As(err, &pe) {
			se.Incomplete = pe.Pos.Line == parse.EOF
			se.Msg = fmt.Sprintf("%s:%d: %s", name, pe.Pos.Line, pe.Message)
			if pe.Pos.Line == parse.EOF {
				// Lua names the line the chunk ends on.
				se.Msg = fmt.Sprintf("%s:%d: %s near <eof>", name, strings.Count(src, "\n")+1, pe.Message)
			} else if pe.Token != "" {
				se.Msg += fmt.Sprintf(" near '%s'", pe.Token)
			}
		} else {
			se.Incomplete = strings.Contains(se.Msg, "<eof>")
		}
		return nil, se
	}
	fixChunk(chunk)
	proto, err := lua.Compile(chunk, name)
	if err != nil {
		return nil, &SyntaxError{Msg: err.Error()}
	}
	patchRecords(proto)
	return proto, nil
}

// RunFile runs a script, then the loop until nothing referenced is left,
// and returns the exit status. A missing file or a syntax error is returned
// as an error (main exits 2 for those, as the contract says).
func (rt *Runtime) RunFile(path string) (int, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return 2, fmt.Errorf("cannot open %s: no such file", path)
		}
		return 2, fmt.Errorf("cannot open %s: %v", path, err)
	}
	if rt.proc.scriptDir == "" {
		rt.proc.scriptDir = filepath.Dir(path)
	}
	return rt.RunString(StripShebang(string(src)), path)
}

// StripShebang turns a "#!" first line (a script run as a program) into an
// empty comment, which Lua would otherwise reject. The line stays, so error
// line numbers still match the file.
func StripShebang(src string) string {
	if !strings.HasPrefix(src, "#!") {
		return src
	}
	if i := strings.IndexByte(src, '\n'); i >= 0 {
		return "--" + src[i:]
	}
	return ""
}

// RunString runs src as a script named name, then the loop.
func (rt *Runtime) RunString(src, name string) (int, error) {
	fn, err := rt.Load(src, name)
	if err != nil {
		return 2, err
	}
	rt.loop.RunCallback(func() { rt.spawnMain(fn) }) // a task, so the top of a script can wait
	rt.RunLoop()
	return rt.ExitCode(), nil
}

// RunLoop runs the loop until it has nothing left, then emits process
// 'exit' as Node does.
func (rt *Runtime) RunLoop() {
	rt.loop.Run()
	rt.emitExit()
	rt.restoreTerminal()
	rt.console.out.Flush()
	rt.flushWire()
}

// Eval runs a chunk on the loop goroutine, protected, and returns its
// results; an error comes back as a value for the REPL to print.
func (rt *Runtime) Eval(fn *lua.LFunction) ([]lua.LValue, error) {
	L := rt.L
	top := L.GetTop()
	L.Push(fn)
	if err := pcallFromGo(L, 0, lua.MultRet); err != nil {
		return nil, err
	}
	n := L.GetTop() - top
	out := make([]lua.LValue, n)
	for i := 0; i < n; i++ {
		out[i] = L.Get(top + 1 + i)
	}
	L.SetTop(top)
	rt.loop.AfterCallback()
	return out, nil
}

// Close closes every live handle (servers stop listening, sockets end,
// timers stop) and the Lua state. Loop goroutine only.
func (rt *Runtime) Close() {
	for _, h := range rt.loop.Handles() {
		h.Close()
	}
	rt.console.out.Flush()
	rt.flushWire()
	rt.restoreTerminal()
	rt.stopSignals()
	rt.loop.Stop()
	rt.nio.Close()
	handlerPools.Delete(rt.L.G)
	rt.L.Close()
}

func (rt *Runtime) luaPrint(L *lua.LState) int {
	n := L.GetTop()
	var b strings.Builder
	for i := 1; i <= n; i++ {
		if i > 1 {
			b.WriteByte('\t')
		}
		b.WriteString(L.ToStringMeta(L.Get(i)).String())
	}
	b.WriteByte('\n')
	rt.console.out.Out(b.String())
	return 0
}

// stdPrinter buffers stdout and flushes when the loop goes idle, so a burst
// of console.log costs one write; stderr flushes stdout first to keep order.
type stdPrinter struct {
	mu  sync.Mutex
	out *bufio.Writer
	err io.Writer
}

func newStdPrinter(out, err io.Writer) *stdPrinter {
	return &stdPrinter{out: bufio.NewWriterSize(out, 32*1024), err: err}
}

func (p *stdPrinter) Out(s string) {
	p.mu.Lock()
	p.out.WriteString(s)
	p.mu.Unlock()
}

func (p *stdPrinter) Err(s string) {
	p.mu.Lock()
	p.out.Flush()
	io.WriteString(p.err, s)
	p.mu.Unlock()
}

func (p *stdPrinter) Flush() {
	p.mu.Lock()
	p.out.Flush()
	p.mu.Unlock()
}
