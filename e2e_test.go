package main

import (
	"bytes"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// The end-to-end tests run the real netsh binary on the scripts in
// scripts/, against each other and against the lecture's Node originals.

var netshBin string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "netsh-e2e")
	if err != nil {
		panic(err)
	}
	netshBin = filepath.Join(dir, "netsh")
	if out, err := exec.Command("go", "build", "-o", netshBin, ".").CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "building netsh: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// lectureJS is where the lecture's Node files are: ../shared/lecture/js
// beside the repository, as in CI.
func lectureJS(t *testing.T, name string) string {
	t.Helper()
	p, _ := filepath.Abs(filepath.Join("..", "shared", "lecture", "js", name))
	if _, err := os.Stat(p); err != nil {
		t.Fatalf("lecture file %s not found (expected ../shared/lecture/js beside the repo): %v", name, err)
	}
	if _, err := exec.LookPath("node"); err != nil {
		t.Fatal("node is not installed; the lecture-twin tests need Node.js 20")
	}
	return p
}

// proc is a running program whose output the test can wait on.
type proc struct {
	cmd  *exec.Cmd
	mu   sync.Mutex
	out  bytes.Buffer
	done chan struct{}
}

type lockedWriter struct{ p *proc }

func (w lockedWriter) Write(b []byte) (int, error) {
	w.p.mu.Lock()
	defer w.p.mu.Unlock()
	return w.p.out.Write(b)
}

func start(t *testing.T, name string, args ...string) *proc {
	t.Helper()
	return startIn(t, "", name, args...)
}

func (p *proc) output() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.out.String()
}

// waitFor waits until the output matches re (a regexp) or fails the test.
func (p *proc) waitFor(t *testing.T, re string, limit time.Duration) string {
	t.Helper()
	rx := regexp.MustCompile(re)
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) {
		if out := p.output(); rx.MatchString(out) {
			return out
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("%s: output never matched %q within %v; got:\n%s", p.cmd.Path, re, limit, p.output())
	return ""
}

// wait waits for the program to exit by itself.
func (p *proc) wait(t *testing.T, limit time.Duration) string {
	t.Helper()
	select {
	case <-p.done:
	case <-time.After(limit):
		t.Fatalf("%s did not exit within %v; output:\n%s", p.cmd.Path, limit, p.output())
	}
	return p.output()
}

func (p *proc) stop() {
	if p.cmd.Process != nil {
		p.cmd.Process.Kill()
	}
	<-p.done
}

func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// needPort waits until a lecture's fixed port can be bound, and fails
// clearly if it stays taken. Some kernels (gVisor here) refuse the bind
// while an earlier run's connections on that port sit in TIME-WAIT, for up
// to a minute, even with SO_REUSEADDR.
func needPort(t *testing.T, port int) {
	t.Helper()
	deadline := time.Now().Add(75 * time.Second)
	for {
		ln, err := net.Listen("tcp", ":"+strconv.Itoa(port))
		if err == nil {
			ln.Close()
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("port %d, fixed by the lecture, is in use: %v", port, err)
		}
		time.Sleep(250 * time.Millisecond)
	}
}

func TestE2ETCPServerAndClient(t *testing.T) {
	port := strconv.Itoa(freePort(t))
	srv := start(t, netshBin, "scripts/tcp_server.lua", port)
	srv.waitFor(t, "TCP-сервер 0.0.0.0:"+port, 5*time.Second)
	cli := start(t, netshBin, "scripts/tcp_client.lua", port)
	out := cli.wait(t, 5*time.Second)
	for _, want := range []string{"Client CONNECTED:  127.0.0.1 " + port, "Client DATA:Сервер получил: Hello", "Client CLOSE"} {
		if !strings.Contains(out, want) {
			t.Fatalf("client output lacks %q:\n%s", want, out)
		}
	}
	srv.waitFor(t, `(?s)Server CONNECTED: 127\.0\.0\.1:\d+.*Server DATA: 127\.0\.0\.1: Hello.*Server CLOSED:  127\.0\.0\.1 \d+`, 5*time.Second)
}

func TestE2ELectureNodeClientAgainstLuaServer(t *testing.T) {
	js := lectureJS(t, "11-02.js")
	needPort(t, 40000)
	srv := start(t, netshBin, "scripts/tcp_server.lua")
	srv.waitFor(t, "TCP-сервер 0.0.0.0:40000", 5*time.Second)
	out := start(t, "node", js).wait(t, 10*time.Second)
	if !strings.Contains(out, "Client DATA:Сервер получил: Hello") || !strings.Contains(out, "Client CLOSE") {
		t.Fatalf("node client output:\n%s", out)
	}
	srv.waitFor(t, "Server DATA: 127.0.0.1: Hello", 5*time.Second)
}

func TestE2ELuaClientAgainstLectureNodeServer(t *testing.T) {
	js := lectureJS(t, "11-01.js")
	needPort(t, 40000)
	srv := start(t, "node", js)
	srv.waitFor(t, "TCP-сервер 0.0.0.0:40000", 10*time.Second)
	waitListening(t, 40000)
	out := start(t, netshBin, "scripts/tcp_client.lua").wait(t, 5*time.Second)
	if !strings.Contains(out, "Client DATA:Сервер получил: Hello") || !strings.Contains(out, "Client CLOSE") {
		t.Fatalf("lua client output:\n%s", out)
	}
	srv.waitFor(t, "Server DATA: 127.0.0.1: Hello", 5*time.Second)
}

func waitListening(t *testing.T, port int) {
	t.Helper()
	for i := 0; i < 250; i++ {
		if c, err := net.Dial("tcp", "127.0.0.1:"+strconv.Itoa(port)); err == nil {
			c.Close()
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("nothing listens on %d", port)
}

// tcp_sum_client against tcp_sum, with the periods shortened: every sum
// received is a prefix sum 0+1+...+k, and they increase.
func TestE2ETCPSum(t *testing.T) {
	port := strconv.Itoa(freePort(t))
	srv := start(t, netshBin, "scripts/tcp_sum.lua", port, "300")
	srv.waitFor(t, "TCP-server  0.0.0.0:"+port, 5*time.Second)
	out := start(t, netshBin, "scripts/tcp_sum_client.lua", port, "100", "2000").wait(t, 10*time.Second)
	if !strings.Contains(out, "Client CONNECTED:  127.0.0.1 "+port) || !strings.Contains(out, "Client CLOSE") {
		t.Fatalf("client output:\n%s", out)
	}
	prefix := map[int]bool{}
	for k, s := 0, 0; k < 100; k++ {
		s += k
		prefix[s] = true
	}
	var sums []int
	for _, m := range regexp.MustCompile(`Client DATA: (-?\d+)`).FindAllStringSubmatch(out, -1) {
		v, _ := strconv.Atoi(m[1])
		if !prefix[v] {
			t.Fatalf("received %d, which is no prefix sum 0+1+...+k:\n%s", v, out)
		}
		if len(sums) > 0 && v < sums[len(sums)-1] {
			t.Fatalf("sums went down: %v", sums)
		}
		sums = append(sums, v)
	}
	if len(sums) < 3 || sums[len(sums)-1] == 0 {
		t.Fatalf("too few or only zero sums received: %v\n%s", sums, out)
	}
	srv.waitFor(t, `Server DATA: <Buffer 00 00 00 00> 0`, time.Second)
}

// tcp_port_client 50000-style against tcp_two_ports: the echo comes back
// from the right port, printed as Node prints a Buffer.
func TestE2ETwoPorts(t *testing.T) {
	p1, p2 := strconv.Itoa(freePort(t)), strconv.Itoa(freePort(t))
	srv := start(t, netshBin, "scripts/tcp_two_ports.lua", p1, p2)
	srv.waitFor(t, "(?s)TCP-server 0.0.0.0:"+p1+".*TCP-server 0.0.0.0:"+p2+"|(?s)TCP-server 0.0.0.0:"+p2+".*TCP-server 0.0.0.0:"+p1, 5*time.Second)
	out := start(t, netshBin, "scripts/tcp_port_client.lua", p2, "100", "450").wait(t, 5*time.Second)
	want := "ECHO" + p2 + ":client: 0"
	hex := make([]string, 0, len(want))
	for _, b := range []byte(want) {
		hex = append(hex, fmt.Sprintf("%02x", b))
	}
	if !strings.Contains(out, "Client DATA:  <Buffer "+strings.Join(hex, " ")+">") {
		t.Fatalf("client output lacks the echo %q as a Buffer:\n%s", want, out)
	}
	srv.waitFor(t, "DATA"+p2+": 127.0.0.1: client: 0", 2*time.Second)
}

// The lecture's 11-06a client (node) against the Lua two-port server on the
// lecture's ports gets ECHO50000:client: 0.
func TestE2ELectureNodePortClientAgainstLuaTwoPorts(t *testing.T) {
	js := lectureJS(t, "11-06a.js")
	needPort(t, 40000)
	needPort(t, 50000)
	srv := start(t, netshBin, "scripts/tcp_two_ports.lua")
	srv.waitFor(t, "TCP-server 0.0.0.0:50000", 5*time.Second)
	srv.waitFor(t, "TCP-server 0.0.0.0:40000", 5*time.Second)
	cli := start(t, "node", js, "50000")
	cli.waitFor(t, `Client DATA:  <Buffer 45 43 48 4f 35 30 30 30 30 3a 63 6c 69 65 6e 74 3a 20 30>`, 10*time.Second)
	srv.waitFor(t, "CONNECTED50000: 127.0.0.1:", time.Second)
}
