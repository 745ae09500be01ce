package luabind

import (
	"io"
	"net"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/netsh/netsh/internal/testkit"
)

// How long a test script may run: shortLimit for scripts that only compute
// and use timers, netLimit for those that talk over sockets.
const (
	shortLimit = 5 * time.Second
	netLimit   = 10 * time.Second
)

// syncBuffer is a buffer safe to read while the runtime writes; the name
// stays for the tests that use it.
type syncBuffer = testkit.SyncBuffer

// newRuntime is a Runtime for a test, with process.argv = argv and console
// output to stdout and stderr. Its sockets take the I/O path the test runs
// on (ioFor), so the tests run by bothIO cover both. The caller closes it.
func newRuntime(t testing.TB, stdout, stderr io.Writer, argv ...string) *Runtime {
	t.Helper()
	rt, err := New(Options{Argv: argv, Stdout: stdout, Stderr: stderr, IO: ioFor(t)})
	if err != nil {
		t.Fatal(err)
	}
	return rt
}

// luaScript is a script for startLua and runScript to run.
type luaScript struct {
	src  string   // the chunk, unless file is set
	file string   // a script file to run instead of src
	name string   // src's chunk name and process.argv[1]; "test.lua" if empty
	args []string // process.argv[2...]
	// setup, if set, is called on the new Runtime before the script runs,
	// e.g. to load plugins or set globals.
	setup func(rt *Runtime)
}

// luaResult is what a script run produced; Name is the script's.
type luaResult struct {
	Name, Out, Err string
	Code           int
}

// luaRun is a script running in its own Runtime on its own goroutine.
type luaRun struct {
	name     string
	rt       *Runtime
	out, err syncBuffer
	done     chan struct{} // closed once the script has ended and rt is closed
	code     int

	// mu keeps Stop from reaching a closed Runtime: its wake-up descriptor
	// is closed then, and the number may already belong to another file.
	mu     sync.Mutex
	closed bool
}

// startLua starts s in a fresh Runtime on its own goroutine. A script that
// does not load ends with status 2 and the reason on stderr, as netsh
// reports it. The test's cleanup stops the script if it still runs.
func startLua(t testing.TB, s luaScript) *luaRun {
	t.Helper()
	r := &luaRun{name: s.name, done: make(chan struct{})}
	if s.file != "" {
		r.name = s.file
	} else if r.name == "" {
		r.name = "test.lua"
	}
	r.rt = newRuntime(t, &r.out, &r.err, append([]string{"netsh", r.name}, s.args...)...)
	if s.setup != nil {
		ran := false
		defer func() {
			if !ran { // setup failed the test: the script never starts
				r.rt.Close()
			}
		}()
		s.setup(r.rt)
		ran = true
	}
	go func() {
		defer close(r.done)
		var err error
		if s.file != "" {
			r.code, err = r.rt.RunFile(s.file)
		} else {
			r.code, err = r.rt.RunString(s.src, r.name)
		}
		if err != nil {
			r.err.Write([]byte(err.Error()))
		}
		r.mu.Lock()
		defer r.mu.Unlock()
		r.rt.Close() // the loop's descriptors now, not at the end of the test
		r.closed = true
	}()
	t.Cleanup(func() { r.stop() })
	return r
}

// stopLoop asks the script's loop to stop, unless the script has ended.
func (r *luaRun) stopLoop() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.closed {
		r.rt.Loop().Stop()
	}
}

func (r *luaRun) result() luaResult {
	return luaResult{Name: r.name, Out: r.out.String(), Err: r.err.String(), Code: r.code}
}

// stop ends the script (the lecture's servers never end by themselves),
// waits for it and returns what it did; idempotent.
func (r *luaRun) stop() luaResult {
	r.stopLoop()
	<-r.done
	return r.result()
}

// wait waits for the script to end by itself and returns what it did. If
// it runs longer than limit, wait stops it and fails the test.
func (r *luaRun) wait(t *testing.T, limit time.Duration) luaResult {
	t.Helper()
	if !testkit.Within(limit, func() { <-r.done }, r.stopLoop) {
		t.Fatalf("%s did not finish within %v\nstdout:\n%s\nstderr:\n%s", r.name, limit, r.out.String(), r.err.String())
	}
	return r.result()
}

// runScript runs s until it ends, failing the test if that takes longer
// than limit.
func runScript(t *testing.T, limit time.Duration, s luaScript) luaResult {
	t.Helper()
	return startLua(t, s).wait(t, limit)
}

// runLua runs src as a script with process.argv[2...] = args.
func runLua(t *testing.T, limit time.Duration, src string, args ...string) luaResult {
	t.Helper()
	return runScript(t, limit, luaScript{src: src, args: args})
}

// runLuaSetup is runLua with setup run on the new Runtime first.
func runLuaSetup(t *testing.T, limit time.Duration, setup func(rt *Runtime), src string, args ...string) luaResult {
	t.Helper()
	return runScript(t, limit, luaScript{src: src, args: args, setup: setup})
}

// wantCode fails the test unless the script exited with code.
func (r luaResult) wantCode(t *testing.T, code int) luaResult {
	t.Helper()
	if r.Code != code {
		t.Fatalf("%s: exit %d, want %d\nstdout:\n%s\nstderr:\n%s", r.Name, r.Code, code, r.Out, r.Err)
	}
	return r
}

// wantClean fails the test unless the script exited 0 and wrote nothing
// to stderr.
func (r luaResult) wantClean(t *testing.T) luaResult {
	t.Helper()
	if r.Code != 0 || r.Err != "" {
		t.Fatalf("%s: exit %d, want 0 and no stderr\nstdout:\n%s\nstderr:\n%s", r.Name, r.Code, r.Out, r.Err)
	}
	return r
}

// mustContain fails unless every want is in got.
func mustContain(t *testing.T, got string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(got, w) {
			t.Fatalf("output lacks %q; got:\n%s", w, got)
		}
	}
}

// checkOutput reports got unless it is want; what names the output.
func checkOutput(t *testing.T, what, got, want string) {
	t.Helper()
	if got != want {
		t.Errorf("%s:\n got: %q\nwant: %q", what, got, want)
	}
}

// goPeer listens on a free port of 127.0.0.1 and hands the first
// connection to serve on its own goroutine, closing it when serve returns.
// It returns the port, as a script argument; the listener closes when the
// test ends.
func goPeer(t testing.TB, serve func(c net.Conn)) string {
	t.Helper()
	ln := testkit.Listen(t)
	go func() {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		defer c.Close()
		serve(c)
	}()
	return strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
}
