package e2e

import (
	"bufio"
	"net"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/netsh/netsh/internal/testkit"
)

// startExample starts scripts/examples/name on a free port and waits until it
// listens; it returns the port.
func startExample(t *testing.T, name, ready string) string {
	t.Helper()
	port := strconv.Itoa(testkit.FreePort(t))
	p := netsh(t, "", script(t, "examples/"+name), port)
	p.WaitFor(t, ready, 10*time.Second)
	return port
}

func need(t *testing.T, prog string) string {
	t.Helper()
	path, err := exec.LookPath(prog)
	if err != nil {
		t.Fatalf("%s is not installed (.ci/run installs it)", prog)
	}
	return path
}

// run runs a peer program with a deadline and returns its output.
func run(t *testing.T, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(need(t, name), args...)
	done := make(chan struct{})
	var out []byte
	var err error
	go func() { out, err = cmd.CombinedOutput(); close(done) }()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		cmd.Process.Kill()
		<-done
		t.Fatalf("%s %v did not finish", name, args)
	}
	if err != nil {
		t.Fatalf("%s %v: %v\n%s", name, args, err, out)
	}
	return string(out)
}

// The fake Redis answers redis-cli, and redis-benchmark's pipelined load
// finds every reply (it fails on a wrong one).
func TestExampleFakeRedis(t *testing.T) {
	port := startExample(t, "fake_redis.lua", "fake redis on")
	cli := func(args ...string) string {
		return strings.TrimSpace(run(t, "redis-cli", append([]string{"-p", port}, args...)...))
	}
	for _, c := range []struct{ args, want string }{
		{"PING", "PONG"}, {"SET k v", "OK"}, {"GET k", "v"}, {"GET nope", ""}, {"INCR n", "1"}, {"INCR n", "2"},
		{"INCR k", "ERR value is not an integer or out of range"}, {"DEL k n x", "2"}, {"ECHO hi", "hi"},
		{"NOSUCH", "ERR unknown command 'NOSUCH'"},
	} {
		if got := cli(strings.Fields(c.args)...); got != c.want {
			t.Errorf("redis-cli %s = %q, want %q", c.args, got, c.want)
		}
	}
	out := run(t, "redis-benchmark", "-p", port, "-t", "set,get", "-n", "5000", "-P", "16", "-q")
	if !strings.Contains(out, "SET:") || !strings.Contains(out, "GET:") {
		t.Fatalf("redis-benchmark: %s", out)
	}
}

// curl, keep-alive over one connection, a POST body, and Expect:
// 100-continue answered before the body is sent.
func TestExampleHTTPServer(t *testing.T) {
	port := startExample(t, "http_server.lua", "http on")
	base := "http://127.0.0.1:" + port
	out := run(t, "curl", "-sS", base+"/a", base+"/b")
	if out != "hello from netsh: GET /a (0 bytes)\nhello from netsh: GET /b (0 bytes)\n" {
		t.Fatalf("keep-alive: %q", out)
	}
	out = run(t, "curl", "-sS", "-v", "-H", "Expect: 100-continue", "--data-binary", "12345", base+"/up")
	if !strings.Contains(out, "hello from netsh: POST /up (5 bytes)") || !strings.Contains(out, "HTTP/1.1 100 Continue") {
		t.Fatalf("100-continue: %s", out)
	}
	if !strings.Contains(out, "Re-using existing connection") && !strings.Contains(out, "left intact") {
		t.Fatalf("connection not kept alive: %s", out)
	}
}

// Two nc clients chat: a line from one reaches the other whole.
func TestExampleChat(t *testing.T) {
	port := startExample(t, "chat.lua", "chat on")
	need(t, "nc")
	ac := exec.Command("nc", "127.0.0.1", port)
	ain, _ := ac.StdinPipe() // held open: nc ends the connection at the end of its input
	defer ain.Close()
	a := testkit.Start(t, ac)
	a.WaitFor(t, "welcome, user1", 5*time.Second)
	b := exec.Command("nc", "127.0.0.1", port)
	in, _ := b.StdinPipe()
	bp := testkit.Start(t, b)
	bp.WaitFor(t, "welcome, user2", 5*time.Second)
	a.WaitFor(t, "\\* user2 joined", 5*time.Second)
	in.Write([]byte("hello there\r\n"))
	a.WaitFor(t, "user2: hello there\n", 5*time.Second)
	in.Close()
	a.WaitFor(t, "\\* user2 left", 5*time.Second)
}

// The length-prefixed client against a peer that echoes each frame back
// reversed, in frames it writes a byte at a time.
func TestExampleLengthClient(t *testing.T) {
	ln := testkit.Listen(t)
	go func() {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		defer c.Close()
		r := bufio.NewReader(c)
		for {
			var hdr [2]byte
			if _, err := r.Read(hdr[:1]); err != nil {
				return
			}
			r.Read(hdr[1:])
			n := int(hdr[0])<<8 | int(hdr[1])
			msg := make([]byte, n)
			for i := range msg {
				msg[i], _ = r.ReadByte()
			}
			for i, j := 0, n-1; i < j; i, j = i+1, j-1 {
				msg[i], msg[j] = msg[j], msg[i]
			}
			for _, b := range append([]byte{hdr[0], hdr[1]}, msg...) {
				c.Write([]byte{b})
			}
		}
	}()
	port := strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
	p := netsh(t, "", script(t, "examples/length_client.lua"), port, "hello", "", "netsh")
	p.Wait(t, 10*time.Second)
	if code := p.ExitCode(); code != 0 {
		t.Fatalf("exit %d: %s", code, p.Output())
	}
	want := "reply 1: olleh (5 bytes)\nreply 2:  (0 bytes)\nreply 3: hsten (5 bytes)\n"
	if got := p.Output(); got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
}
