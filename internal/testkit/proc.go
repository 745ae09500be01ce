package testkit

import (
	"os/exec"
	"regexp"
	"testing"
	"time"
)

// Proc is a program started by Start. Its stdout and stderr go, merged,
// into one buffer the test can wait on.
type Proc struct {
	// Cmd is the started command; after Wait or Stop, Cmd.ProcessState
	// holds how it ended.
	Cmd  *exec.Cmd
	out  SyncBuffer
	done chan struct{}
}

// Start starts cmd with its output captured, and kills it when the test
// ends if it is still running. cmd's Stdout and Stderr must be unset.
func Start(t testing.TB, cmd *exec.Cmd) *Proc {
	t.Helper()
	p := &Proc{Cmd: cmd, done: make(chan struct{})}
	cmd.Stdout, cmd.Stderr = &p.out, &p.out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { cmd.Wait(); close(p.done) }()
	t.Cleanup(p.Stop)
	return p
}

// Output returns what the program has written so far.
func (p *Proc) Output() string { return p.out.String() }

// WaitFor waits until the output matches the regular expression re and
// returns it, or fails the test after limit.
func (p *Proc) WaitFor(t testing.TB, re string, limit time.Duration) string {
	t.Helper()
	rx := regexp.MustCompile(re)
	var out string
	if !Eventually(limit, func() bool { out = p.Output(); return rx.MatchString(out) }) {
		t.Fatalf("%s: output never matched %q within %v; got:\n%s", p.Cmd.Path, re, limit, p.Output())
	}
	return out
}

// Wait waits for the program to exit by itself and returns its output, or
// fails the test after limit.
func (p *Proc) Wait(t testing.TB, limit time.Duration) string {
	t.Helper()
	timer := time.NewTimer(limit)
	defer timer.Stop()
	select {
	case <-p.done:
	case <-timer.C:
		t.Fatalf("%s did not exit within %v; output:\n%s", p.Cmd.Path, limit, p.Output())
	}
	return p.Output()
}

// ExitCode is the program's exit status once it has exited (-1 if a signal
// ended it), and -1 while it runs.
func (p *Proc) ExitCode() int {
	select {
	case <-p.done:
		return p.Cmd.ProcessState.ExitCode()
	default:
		return -1
	}
}

// Stop kills the program if it still runs and waits for it to end.
func (p *Proc) Stop() {
	select {
	case <-p.done:
		return
	default:
	}
	p.Cmd.Process.Kill()
	<-p.done
}
