//go:build unix

package e2e

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/netsh/netsh/internal/testkit"
)

// How the binary ends: uncaught errors that cannot be turned into text,
// os.exit and process.exit, and signals (hence unix only: the tests send
// SIGUSR1 and read wait statuses).

// ran is how one run of the binary ended.
type ran struct {
	stdout, stderr string
	code           int // -1: ended by a signal
}

// runNetsh runs the binary to its end with stdin and args, each stream
// captured apart (stdout is a pipe, as in `netsh ... | cat`), killed
// after 20 seconds.
func runNetsh(t *testing.T, stdin string, args ...string) ran {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, testkit.Netsh(t), args...)
	cmd.Dir = t.TempDir()
	cmd.Stdin = strings.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("netsh %q did not end within 20s; stdout %q stderr %q", args, out.String(), errb.String())
	}
	if _, ok := err.(*exec.ExitError); err != nil && !ok {
		t.Fatal(err)
	}
	return ran{out.String(), errb.String(), cmd.ProcessState.ExitCode()}
}

const raisingToString = `setmetatable({}, {__tostring = function() error('boom') end})`

// TestE2EUncaughtRaisingToString: an uncaught value whose __tostring
// raises is reported and the status is 1, not a Go panic (status 2 and a
// goroutine dump).
func TestE2EUncaughtRaisingToString(t *testing.T) {
	for name, src := range map[string]string{
		"main chunk": "error(" + raisingToString + ")",
		"callback":   "setTimeout(function() error(" + raisingToString + ") end, 1)",
		"emit":       "local e = require('events')(); setImmediate(function() e:emit('error', " + raisingToString + ") end)",
	} {
		t.Run(name, func(t *testing.T) {
			r := runNetsh(t, "", "-e", src)
			if r.code != 1 || strings.Contains(r.stderr, "goroutine") {
				t.Fatalf("exit %d, stderr:\n%s", r.code, r.stderr)
			}
			if !strings.Contains(r.stderr, "(__tostring raised: [command line]:1: boom)") {
				t.Errorf("stderr lacks the fallback text:\n%s", r.stderr)
			}
		})
	}
}

// TestE2EREPLRaisingToString: the REPL prints such an error, from a line
// or from a callback, and reads on.
func TestE2EREPLRaisingToString(t *testing.T) {
	dir := t.TempDir()
	setup := filepath.Join(dir, "setup.lua")
	if err := os.WriteFile(setup, []byte("bad = "+raisingToString+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r := runNetsh(t, strings.Join([]string{
		"setTimeout(function() error(bad) end, 1)",
		"local t = os.clock() while os.clock() - t < 0.2 do end",
		"error(bad)",
		"print('still ' .. 'here')",
		"",
	}, "\n"), "-i", setup)
	if r.code != 0 {
		t.Fatalf("exit %d, stdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
	}
	all := r.stdout + r.stderr
	if n := strings.Count(all, "(__tostring raised: "); n != 2 {
		t.Errorf("%d errors reported, want 2 (the callback's and the line's):\n%s", n, all)
	}
	if !strings.Contains(all, "still here") {
		t.Errorf("the REPL did not read on:\n%s", all)
	}
}

// TestE2EOSExit: os.exit flushes what was printed (stdout is a pipe, so
// it is buffered), runs 'exit' listeners and exits with Lua's status for
// its argument, as process.exit does; pcall does not catch it.
func TestE2EOSExit(t *testing.T) {
	cases := []struct {
		src, out string
		code     int
	}{
		{"print('hi') os.exit(0)", "hi\n", 0},
		{"print('hi') os.exit()", "hi\n", 0},
		{"print('hi') os.exit(true)", "hi\n", 0},
		{"print('hi') os.exit(false)", "hi\n", 1},
		{"print('hi') os.exit(3)", "hi\n", 3},
		{"print('hi') os.exit('4')", "hi\n", 4},
		{"io.write('partial') os.exit(5)", "partial", 5},
		{"process:on('exit', function(c) print('exit', c) end) os.exit(6)", "exit\t6\n", 6},
		{"print(pcall(os.exit, 7)) print('after')", "", 7},
		{"setTimeout(function() print('cb') os.exit(8) end, 1) setInterval(function() end, 1000)", "cb\n", 8},
		{"print(pcall(process.exit, 9)) print('after')", "", 9},
	}
	for _, c := range cases {
		t.Run(c.src, func(t *testing.T) {
			r := runNetsh(t, "", "-e", c.src)
			if r.code != c.code || r.stdout != c.out {
				t.Errorf("exit %d stdout %q, want %d %q (stderr %q)", r.code, r.stdout, c.code, c.out, r.stderr)
			}
		})
	}
	r := runNetsh(t, "", "-e", "os.exit({})")
	if r.code != 1 || !strings.Contains(r.stderr, "bad argument #1 to exit (number expected, got table)") {
		t.Errorf("os.exit({}): exit %d stderr %q", r.code, r.stderr)
	}
}

// signalScript listens for the signal named by argv[2], prints what each
// call gets, and keeps the process alive with an interval until the
// listener has run argv[3] times; then nothing is left and it exits 0,
// the listener still registered (it keeps nothing alive, as in Node).
const signalScript = `
local name, times = process.argv[2], tonumber(process.argv[3])
local iv = setInterval(function() end, 1000)
local n = 0
process:on(name, function(sig, num)
  n = n + 1
  print('got ' .. sig .. ' ' .. num .. ' #' .. n)
  if n == times then clearInterval(iv) end
end)
print('ready')`

// startSignalScript starts netsh on src with args and waits until it has
// printed "ready" (its listeners are in place by then).
func startSignalScript(t *testing.T, src string, args ...string) *testkit.Proc {
	t.Helper()
	dir := t.TempDir()
	path := filepath.Join(dir, "sig.lua")
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	p := netsh(t, dir, append([]string{path}, args...)...)
	p.WaitFor(t, "ready\n", 10*time.Second)
	return p
}

func kill(t *testing.T, p *testkit.Proc, sig syscall.Signal) {
	t.Helper()
	if err := syscall.Kill(p.Cmd.Process.Pid, sig); err != nil {
		t.Fatal(err)
	}
}

// signaledBy reports whether p (ended) was ended by sig.
func signaledBy(p *testkit.Proc, sig syscall.Signal) bool {
	ws, ok := p.Cmd.ProcessState.Sys().(syscall.WaitStatus)
	return ok && ws.Signaled() && ws.Signal() == sig
}

// TestE2ESignalListener: with a process listener each signal runs it on
// the loop, with the signal's name and number, and the process lives on
// (it used to die: status 130 for SIGINT, 143 for SIGTERM).
func TestE2ESignalListener(t *testing.T) {
	for _, s := range []struct {
		name string
		sig  syscall.Signal
	}{
		{"SIGINT", syscall.SIGINT}, {"SIGTERM", syscall.SIGTERM}, {"SIGHUP", syscall.SIGHUP},
		{"SIGUSR1", syscall.SIGUSR1}, {"SIGUSR2", syscall.SIGUSR2}, {"SIGWINCH", syscall.SIGWINCH},
	} {
		t.Run(s.name, func(t *testing.T) {
			p := startSignalScript(t, signalScript, s.name, "2")
			kill(t, p, s.sig)
			p.WaitFor(t, "got "+s.name+" "+strconv.Itoa(int(s.sig))+" #1\n", 10*time.Second)
			kill(t, p, s.sig)
			out := p.Wait(t, 10*time.Second)
			if p.ExitCode() != 0 || !strings.HasSuffix(out, "#2\n") {
				t.Fatalf("exit %d, output:\n%s", p.ExitCode(), out)
			}
		})
	}
}

// TestE2ESignalDefault: with no listener, or once the last listener is
// removed (off, or a once-listener that ran), SIGINT, SIGTERM and SIGHUP
// end the process by the signal, as in Node.
func TestE2ESignalDefault(t *testing.T) {
	const removing = `
local iv = setInterval(function() end, 1000)
local name, how = process.argv[2], process.argv[3]
local function f(sig) print('got ' .. sig) if how == 'off' then process:off(name, f) end print('removed') end
if how == 'once' then process:once(name, f) else process:on(name, f) end
if how == 'none' then process:off(name, f) end
print('ready')`
	for _, s := range []struct {
		name string
		sig  syscall.Signal
	}{{"SIGINT", syscall.SIGINT}, {"SIGTERM", syscall.SIGTERM}, {"SIGHUP", syscall.SIGHUP}, {"SIGUSR2", syscall.SIGUSR2}} {
		for _, how := range []string{"none", "off", "once"} {
			if s.sig == syscall.SIGUSR2 && runtime.GOOS != "linux" {
				continue // the system default is restored on Linux only (signals_default_linux.go)
			}
			t.Run(s.name+"/"+how, func(t *testing.T) {
				p := startSignalScript(t, removing, s.name, how)
				if how != "none" {
					kill(t, p, s.sig)
					p.WaitFor(t, "removed\n", 10*time.Second)
				}
				kill(t, p, s.sig)
				out := p.Wait(t, 10*time.Second)
				if !signaledBy(p, s.sig) {
					t.Fatalf("not ended by %s: %v; output:\n%s", s.name, p.Cmd.ProcessState, out)
				}
			})
		}
	}
}

// TestE2ESignalListenerError: an error in a signal listener is uncaught
// like any callback's: reported, status 1.
func TestE2ESignalListenerError(t *testing.T) {
	p := startSignalScript(t, `
setInterval(function() end, 1000)
process:on('SIGTERM', function() error('from the listener') end)
print('ready')`)
	kill(t, p, syscall.SIGTERM)
	out := p.Wait(t, 10*time.Second)
	if p.ExitCode() != 1 || !strings.Contains(out, "from the listener") {
		t.Fatalf("exit %d, output:\n%s", p.ExitCode(), out)
	}
}

// TestE2ESignalListenerKeepsNothingAlive: a script that only listens for
// a signal ends at once, as in Node.
func TestE2ESignalListenerKeepsNothingAlive(t *testing.T) {
	r := runNetsh(t, "", "-e", "process:on('SIGINT', print) process:on('SIGTERM', print) print('done')")
	if r.code != 0 || r.stdout != "done\n" {
		t.Fatalf("exit %d stdout %q stderr %q", r.code, r.stdout, r.stderr)
	}
}
