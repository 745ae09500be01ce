package e2e

import (
	"io"
	"net"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/netsh/netsh/internal/testkit"
)

// modeLimit bounds every wait of the mode tests.
const modeLimit = 15 * time.Second

// modeProc is netsh running a mode, with stdout and stderr apart (the
// data and the notes) and stdin to feed.
type modeProc struct {
	cmd           *exec.Cmd
	stdin         io.WriteCloser
	out, err      testkit.SyncBuffer
	done          chan struct{}
	finishedAfter time.Duration
}

// startMode starts netsh with args; stdin, if not nil, is all the input
// (closed after it), else the test writes p.stdin.
func startMode(t *testing.T, stdin io.Reader, env []string, args ...string) *modeProc {
	t.Helper()
	p := &modeProc{cmd: exec.Command(testkit.Netsh(t), args...), done: make(chan struct{})}
	p.cmd.Dir = t.TempDir()
	p.cmd.Env = append(p.cmd.Environ(), env...)
	p.cmd.Stdout, p.cmd.Stderr = &p.out, &p.err
	if stdin != nil {
		p.cmd.Stdin = stdin
	} else {
		p.stdin, _ = p.cmd.StdinPipe()
	}
	start := time.Now()
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { p.cmd.Wait(); p.finishedAfter = time.Since(start); close(p.done) }()
	t.Cleanup(func() {
		select {
		case <-p.done:
		default:
			p.cmd.Process.Kill()
			<-p.done
		}
	})
	return p
}

// wait waits for the end and returns the exit status.
func (p *modeProc) wait(t *testing.T) int {
	t.Helper()
	select {
	case <-p.done:
	case <-time.After(modeLimit):
		t.Fatalf("netsh %v did not exit within %v\nstdout: %q\nstderr: %q", p.cmd.Args[1:], modeLimit, p.out.String(), p.err.String())
	}
	return p.cmd.ProcessState.ExitCode()
}

// waitErr waits until stderr matches re and returns the first submatch
// (or the match).
func (p *modeProc) waitErr(t *testing.T, re string) string {
	t.Helper()
	rx := regexp.MustCompile(re)
	var m []string
	if !testkit.Eventually(modeLimit, func() bool { m = rx.FindStringSubmatch(p.err.String()); return m != nil }) {
		t.Fatalf("stderr never matched %q; stderr: %q stdout: %q", re, p.err.String(), p.out.String())
	}
	return m[len(m)-1]
}

// waitOut waits until stdout holds want.
func (p *modeProc) waitOut(t *testing.T, want string) {
	t.Helper()
	if !testkit.Eventually(modeLimit, func() bool { return strings.Contains(p.out.String(), want) }) {
		t.Fatalf("stdout never held %q; stdout: %q stderr: %q", want, p.out.String(), p.err.String())
	}
}

// listening waits for a listen or proxy mode's "listening on" or "proxy
// on" note and returns the port it names.
func (p *modeProc) listening(t *testing.T) string {
	t.Helper()
	return p.waitErr(t, `(?:listening on|proxy on) (?:udp )?\S*:(\d+)`)
}

// runMode runs netsh with args and stdin to its end.
func runMode(t *testing.T, stdin string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	p := startMode(t, strings.NewReader(stdin), nil, args...)
	code = p.wait(t)
	return p.out.String(), p.err.String(), code
}

// startRedis starts a redis-server on a free port of 127.0.0.1 and
// returns the port once it accepts connections.
func startRedis(t *testing.T) string {
	t.Helper()
	port := strconv.Itoa(testkit.FreePort(t))
	testkit.Start(t, exec.Command(need(t, "redis-server"), "--port", port, "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"))
	testkit.WaitDial(t, "127.0.0.1:"+port, modeLimit)
	return port
}

// closedPort is a TCP port of 127.0.0.1 that nothing listens on now.
func closedPort(t *testing.T) string { return strconv.Itoa(testkit.FreePort(t)) }

// peerOnce accepts one connection on a free port and hands it to serve
// on its own goroutine; the result of serve comes back on the channel.
func peerOnce(t *testing.T, serve func(c net.Conn) string) (port string, result chan string) {
	t.Helper()
	ln := testkit.Listen(t)
	result = make(chan string, 1)
	go func() {
		c, err := ln.Accept()
		if err != nil {
			result <- "accept: " + err.Error()
			return
		}
		defer c.Close()
		c.SetDeadline(time.Now().Add(modeLimit))
		result <- serve(c)
	}()
	return strconv.Itoa(ln.Addr().(*net.TCPAddr).Port), result
}

// receive waits for a peer's result.
func receive(t *testing.T, ch chan string) string {
	t.Helper()
	select {
	case s := <-ch:
		return s
	case <-time.After(modeLimit):
		t.Fatal("the peer never finished")
	}
	return ""
}

func itoa(n int) string { return strconv.Itoa(n) }
