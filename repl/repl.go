// Package repl is netsh's interactive shell: a Lua prompt whose event loop
// keeps running while the user types, so servers accept, sockets receive
// and timers fire, and their output appears above the prompt.
//
// Two goroutines share the work. The loop goroutine owns the Lua state and
// runs rt.Loop(). The REPL goroutine owns readline: it reads a line, decides
// whether the chunk is complete, posts it to the loop and waits for the
// result before reading again, so the terminal is out of raw mode while
// code runs and Ctrl-C arrives as SIGINT, which cancels the evaluation
// through the Lua state's context.
package repl

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"sync/atomic"
	"time"

	"github.com/chzyer/readline"
	lua "github.com/yuin/gopher-lua"

	"github.com/netsh/netsh/luabind"
)

const (
	prompt     = "netsh> "
	morePrompt = "...> "
	chunkName  = "repl"
	exitHint   = "(To exit, press Ctrl+C again or Ctrl+D or type .exit)"
	// attachedHint is Ctrl-C on an empty line while a plugin takes the
	// lines (.connect).
	attachedHint = "(Ctrl+D or .detach returns to the prompt)"
)

// Config configures a REPL session.
type Config struct {
	// Stdin, Stdout and Stderr are the terminal; nil means the process's.
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	// HistoryFile is where history is kept; "" keeps it in memory only.
	// HistoryPath gives the usual location.
	HistoryFile string
	// Script, if set, is run before the first prompt (netsh -i FILE); its
	// globals are then the session's.
	Script string
	// NewRuntime builds the fresh runtime .clear switches to; nil builds
	// one with the first runtime's options.
	NewRuntime func() (*luabind.Runtime, error)
}

// session is one REPL run. Fields are used by the REPL goroutine only,
// except where noted.
type session struct {
	cfg      Config
	rt       *luabind.Runtime
	rl       *readline.Instance
	stdin    *readline.CancelableStdin
	keys     *watchedInput // the terminal input, as readline reads it
	out      *printer
	handle   *luabind.Handle // keeps the loop alive while the REPL is open
	loopDone chan struct{}   // closed when the current runtime's loop returns
	stopping chan struct{}   // closed when the REPL itself stops the current loop
	exited   atomic.Bool     // typed code called process.exit
	reading  atomic.Bool     // a Readline is in progress (promptSettle)
	lineNo   int             // lines Readline returned, numbered as watchedInput does
	sigc     chan os.Signal
	input    []string // evaluated chunks, for .save
	lastInt  bool     // the previous key was Ctrl-C on an empty line
	quit     chan struct{}
	colors   bool // style output as Node's REPL on a terminal (colors.go)
	last     lastValues
	prompt   promptState
}

// Run runs a REPL on rt until the user exits (Ctrl-D, .exit, Ctrl-C twice)
// or Lua calls process.exit, closes every handle, and returns the exit
// status: 0, or process.exit's code. rt should be built with
// Options.Interactive so uncaught callback errors are printed, not fatal.
// rt's loop must not be running yet: Run runs it.
func Run(rt *luabind.Runtime, cfg Config) int {
	if cfg.Stdout == nil {
		cfg.Stdout = os.Stdout
	}
	if cfg.Stderr == nil {
		cfg.Stderr = os.Stderr
	}
	var in io.Reader = os.Stdin
	if cfg.Stdin != nil {
		in = cfg.Stdin
	}
	s := &session{cfg: cfg, quit: make(chan struct{})}
	// Our own cancelable reader: closing it is how a Readline in progress is
	// ended when Lua calls process.exit from a callback (readline's Close
	// alone would wait for a key press).
	s.stdin = readline.NewCancelableStdin(in)
	input := &watchedInput{ReadCloser: s.stdin, lastLines: map[int]bool{}}
	s.keys = input
	rl, err := readline.NewEx(&readline.Config{
		Prompt:                 prompt,
		HistoryFile:            cfg.HistoryFile,
		DisableAutoSaveHistory: true,
		HistorySearchFold:      true,
		AutoComplete:           &completer{s: s},
		InterruptPrompt:        "^C",
		EOFPrompt:              "\n",
		Stdin:                  input,
		FuncFilterInputRune:    input.filterRune,
		Listener:               input,
		Stdout:                 cfg.Stdout,
		Stderr:                 cfg.Stderr,
	})
	if err != nil {
		fmt.Fprintf(cfg.Stderr, "netsh: %v\n", err)
		return 1
	}
	s.rl = rl
	input.rl = rl
	if f, ok := in.(*os.File); ok {
		defer cbreak(int(f.Fd()))()
	}
	s.colors = useColors(cfg.Stdout)
	s.out = newPrinter(rl.Stdout(), rl.Stderr(), s.promptSettle)
	s.sigc = make(chan os.Signal, 1)
	signal.Notify(s.sigc, os.Interrupt)
	defer signal.Stop(s.sigc)

	fmt.Fprintf(cfg.Stdout, "netsh %s (Lua 5.1): type .help for help, Ctrl+D to exit\n", luabind.Version)
	s.start(rt)
	if cfg.Script != "" {
		s.runScript(cfg.Script)
	}
	code := s.repl()
	close(s.quit)
	input.flushHistory() // the last entries: no key came after them
	rl.Close()
	return code
}

// start adopts rt: routes its output above the prompt, takes a referenced
// handle so the loop never ends on its own, and runs its loop.
func (s *session) start(rt *luabind.Runtime) {
	s.rt = rt
	s.last = lastValues{}
	// The loop is not running yet, so this goroutine may touch it.
	rt.SetPrinter(s.out)
	rt.SetAttachHook(s.onAttachChange)
	s.handle = rt.Loop().NewHandle("repl", nil)
	s.handle.SetInfo(func() luabind.HandleInfo { return luabind.HandleInfo{State: "prompt"} })
	done := make(chan struct{})
	stopping := make(chan struct{})
	s.loopDone, s.stopping = done, stopping
	go func() {
		rt.Loop().Run()
		close(done)
	}()
	go func() {
		select {
		case <-done:
			select {
			case <-stopping: // .clear or exit: the REPL goroutine knows
			default:
				// process.exit from a callback: end the Readline in progress.
				s.stdin.Close()
			}
		case <-s.quit:
		}
	}()
}

// loopGone reports whether the runtime's loop has stopped (process.exit).
func (s *session) loopGone() bool {
	select {
	case <-s.loopDone:
		return true
	default:
		return false
	}
}

// onLoop runs fn on the loop goroutine and waits for it; false if the loop
// has stopped and fn did not run to the end.
func (s *session) onLoop(fn func()) bool {
	done := make(chan struct{})
	// Flush before reporting done, so what fn printed lands before the
	// next prompt is drawn.
	if !s.rt.Loop().Post(func() { defer close(done); fn(); s.out.Flush() }) {
		return false
	}
	select {
	case <-done:
		return true
	case <-s.loopDone:
		select {
		case <-done:
			return true
		default:
			return false
		}
	}
}

// repl is the read-eval-print loop proper; it returns the exit status.
func (s *session) repl() int {
	var lines []string
	for {
		if s.loopGone() {
			return s.finish()
		}
		s.setPending(len(lines) > 0)
		line, last, err := s.readLine()
		if s.loopGone() {
			return s.finish()
		}
		switch {
		case errors.Is(err, readline.ErrInterrupt):
			if s.interrupted(len(lines) > 0 || line != "") {
				return s.finish()
			}
			lines = nil // Ctrl-C clears the line (and a pending chunk)
			continue
		case last && line == "":
			err = io.EOF // a Ctrl-D armed for an .editor that did not run
		}
		if err != nil { // io.EOF: Ctrl-D on an empty line
			if len(lines) == 0 && s.attachedEOF() {
				continue // .connect: Ctrl-D half-closes and gives the prompt back
			}
			return s.finish()
		}
		s.lastInt = false
		if len(lines) > 0 && strings.TrimSpace(line) == ".break" {
			lines = nil // Node's way out of a pending chunk
			continue
		}
		if len(lines) == 0 && isCommand(line) {
			s.saveHistory(line)
			if s.command(line) {
				return s.finish()
			}
			continue
		}
		if len(lines) == 0 && s.attachedLine(line) {
			continue
		}
		if len(lines) == 0 && strings.TrimSpace(line) == "" {
			continue
		}
		lines = append(lines, line)
		src := strings.Join(lines, "\n")
		if classify(src) == incomplete {
			continue
		}
		lines = nil
		s.saveHistory(src)
		s.input = append(s.input, src)
		s.eval(src, chunkName, true)
	}
}

// interrupted handles Ctrl-C at the prompt: with text typed it clears
// it; on an empty prompt it stops a stuck callback if one holds the loop,
// else it is the first (hint) or second (exit: true) of two.
func (s *session) interrupted(typed bool) bool {
	if typed || s.rt.InterruptStuckCallback(200*time.Millisecond) {
		s.lastInt = false
		return false
	}
	if _, attached := s.rt.LinePrompt(); attached {
		// Ctrl-D here half-closes rather than exits: say what leaves.
		s.lastInt = false
		fmt.Fprintln(s.cfg.Stdout, attachedHint)
		return false
	}
	if s.lastInt {
		return true
	}
	s.lastInt = true
	fmt.Fprintln(s.cfg.Stdout, exitHint)
	return false
}

// eval runs a chunk on the loop and waits for it. Ctrl-C arrives as SIGINT
// (the terminal is not in raw mode now) and is handed to the chunk's
// luabind.Interrupt, which decides what it stops. With session set, the
// chunk is evaluated as typed input: expression first, top-level locals
// kept; otherwise it runs as a script.
func (s *session) eval(src, name string, session bool) {
	for len(s.sigc) > 0 { // a stale Ctrl-C must not cancel the next chunk
		<-s.sigc
	}
	in := s.rt.NewInterrupt()
	defer in.Release()
	done := make(chan struct{})
	if !in.Post(func() { s.evalOnLoop(in, src, name, session, func() { close(done) }) }) {
		return
	}
	for {
		select {
		case <-done:
			if s.exited.Load() {
				<-s.loopDone // process.exit stopped the loop: let it finish
			}
			return
		case <-s.sigc:
			in.Fire()
		case <-s.loopDone:
			return
		}
	}
}

// compile turns typed text into a function: `return <src>` when that
// compiles (so expressions print their values), else the statements with
// top-level locals rewritten to persist (see rewriteLocals).
func (s *session) compile(src, name string, session bool) (*lua.LFunction, error) {
	if !session {
		return s.rt.Load(src, name)
	}
	if expr, ok := exprSource(src); ok {
		if done, _ := parses(expr); done {
			if fn, err := s.rt.Load(expr, name); err == nil {
				return fn, nil
			}
		}
	}
	if fn, err := s.rt.Load(rewriteLocals(src), name); err == nil {
		return fn, nil
	}
	// Report the error of the text as typed.
	return s.rt.Load(src, name)
}

// runScript runs the file of `netsh -i FILE` before the first prompt.
func (s *session) runScript(path string) {
	b, err := os.ReadFile(path)
	if err != nil {
		fmt.Fprintf(s.cfg.Stderr, "error: cannot open %s: %v\n", path, err)
		return
	}
	s.eval(luabind.StripShebang(string(b)), path, false)
}

// finish ends the session: process 'exit' is emitted, every handle is
// closed (servers stop listening, sockets end, timers stop) and the loop
// stops. It returns the exit status: process.exit's code if Lua called
// it, else 0.
func (s *session) finish() int {
	if s.loopGone() {
		// process.exit already ran the exit listeners; still close what is open.
		s.rt.Close()
		return s.rt.ExitCode()
	}
	code := 0
	close(s.stopping)
	s.onLoop(func() {
		s.rt.EmitExit()
		if s.rt.Exiting() {
			code = s.rt.ExitCode()
		}
		s.rt.Close()
	})
	select {
	case <-s.loopDone:
	case <-time.After(5 * time.Second):
	}
	return code
}
