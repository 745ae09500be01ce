package testkit

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestFreePortsAndListeners(t *testing.T) {
	port := FreePort(t)
	ln, err := net.Listen("tcp", "127.0.0.1:"+strconv.Itoa(port))
	if err != nil {
		t.Fatalf("FreePort gave %d, which cannot be bound: %v", port, err)
	}
	ln.Close()

	uport := FreeUDPPort(t)
	pc, err := net.ListenPacket("udp4", "127.0.0.1:"+strconv.Itoa(uport))
	if err != nil {
		t.Fatalf("FreeUDPPort gave %d, which cannot be bound: %v", uport, err)
	}
	pc.Close()

	l := Listen(t)
	go func() {
		if c, err := l.Accept(); err == nil {
			c.Close()
		}
	}()
	WaitDial(t, l.Addr().String(), time.Second)
	if ListenUDP(t).LocalAddr().(*net.UDPAddr).Port == 0 {
		t.Fatal("ListenUDP has no port")
	}
}

// TestLecturePort: a free port is handed over; a taken one (TCP or UDP,
// held here as a user's running script would hold it) skips the test at
// once, saying so; two tests of one process take turns on a port.
func TestLecturePort(t *testing.T) {
	ln := Listen(t)
	tcp := ln.Addr().(*net.TCPAddr).Port
	pc := ListenUDP(t)
	udp := pc.LocalAddr().(*net.UDPAddr).Port
	for _, c := range []struct {
		network string
		port    int
	}{{"tcp", tcp}, {"udp", udp}} {
		var skipped bool
		start := time.Now()
		t.Run(c.network+" taken", func(t *testing.T) {
			defer func() { skipped = t.Skipped() }()
			LecturePort(t, c.network, c.port)
			t.Errorf("%s port %d is taken, and the test was not skipped", c.network, c.port)
		})
		if !skipped {
			t.Errorf("%s: not skipped", c.network)
		}
		if d := time.Since(start); d > time.Second {
			t.Errorf("%s: skipping took %v", c.network, d)
		}
	}

	free := FreePort(t)
	var order []string
	var mu sync.Mutex
	note := func(s string) { mu.Lock(); order = append(order, s); mu.Unlock() }
	t.Run("turns", func(t *testing.T) {
		for _, name := range []string{"a", "b"} {
			t.Run(name, func(t *testing.T) {
				t.Parallel()
				LecturePort(t, "tcp", free)
				note(name + " in")
				time.Sleep(20 * time.Millisecond)
				note(name + " out")
			})
		}
	})
	if len(order) != 4 || order[0][0] != order[1][0] || order[2][0] != order[3][0] {
		t.Errorf("the two tests overlapped on the port: %v", order)
	}
}

func TestSyncBufferConcurrentWrites(t *testing.T) {
	var b SyncBuffer
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 100; j++ {
				fmt.Fprint(&b, "x")
				_ = b.String()
			}
		}()
	}
	wg.Wait()
	if got := b.String(); got != strings.Repeat("x", 800) {
		t.Fatalf("got %d bytes, want 800", len(got))
	}
}

func TestWithin(t *testing.T) {
	if !Within(time.Second, func() {}, func() { t.Error("stop called for a quick run") }) {
		t.Error("a quick run did not finish")
	}
	release := make(chan struct{})
	stopped := false
	if Within(20*time.Millisecond, func() { <-release }, func() { stopped = true; close(release) }) {
		t.Error("a stuck run finished")
	}
	if !stopped {
		t.Error("stop was not called")
	}
}

func TestEventually(t *testing.T) {
	n := 0
	if !Eventually(time.Second, func() bool { n++; return n == 3 }) || n != 3 {
		t.Errorf("Eventually stopped after %d calls", n)
	}
	if Eventually(20*time.Millisecond, func() bool { return false }) {
		t.Error("a condition never true was reported true")
	}
}

func TestProc(t *testing.T) {
	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Fatal(err)
	}
	p := Start(t, exec.Command(sh, "-c", "echo ready; echo oops >&2; exit 3"))
	p.WaitFor(t, `(?s)ready.*oops`, 5*time.Second)
	if out := p.Wait(t, 5*time.Second); out != "ready\noops\n" {
		t.Errorf("output %q", out)
	}
	if p.ExitCode() != 3 {
		t.Errorf("exit %d, want 3", p.ExitCode())
	}

	p = Start(t, exec.Command(sh, "-c", "echo up; exec sleep 60"))
	p.WaitFor(t, "up", 5*time.Second)
	if p.ExitCode() != -1 {
		t.Errorf("a running program has exit code %d", p.ExitCode())
	}
	p.Stop()
	p.Stop() // idempotent, and again at cleanup
	if p.ExitCode() != -1 {
		t.Errorf("a killed program has exit code %d, want -1", p.ExitCode())
	}
}

func TestRoot(t *testing.T) {
	if !isModule([]byte("// x\nmodule github.com/netsh/netsh\n\ngo 1.26\n")) || isModule([]byte("module example.com/other\n")) {
		t.Error("isModule")
	}
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}").Output()
	if err != nil {
		t.Fatal(err)
	}
	if got, want := Root(t), strings.TrimSpace(string(out)); got != want {
		t.Errorf("Root = %s, go list says %s", got, want)
	}
}

// TestNetsh builds the binary once and runs it.
func TestNetsh(t *testing.T) {
	if testing.Short() {
		t.Skip("builds netsh")
	}
	bin := Netsh(t)
	if bin != Netsh(t) {
		t.Error("a second call built again")
	}
	out, err := exec.Command(bin, "-e", "print(1 + 1)").CombinedOutput()
	if err != nil || string(out) != "2\n" {
		t.Fatalf("netsh -e: %q, %v", out, err)
	}
}

// TestOnlyTestsImportTestkit keeps the helpers out of the shipped code.
func TestOnlyTestsImportTestkit(t *testing.T) {
	cmd := exec.Command("go", "list", "-f", `{{.ImportPath}}:{{range .Imports}} {{.}}{{end}}`, "./...")
	cmd.Dir = Root(t)
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		pkg, imports, _ := strings.Cut(line, ":")
		for _, imp := range strings.Fields(imports) {
			if imp == modulePath+"/internal/testkit" {
				t.Errorf("%s imports testkit outside its tests", pkg)
			}
		}
	}
}

// TestLectureFiles: a lecture file that is not there skips the test that
// wants it (a clone without the lecture beside it); one that is there is
// found in place.
func TestLectureFiles(t *testing.T) {
	var skipped bool
	t.Run("missing", func(t *testing.T) {
		defer func() { skipped = t.Skipped() }()
		LectureJS(t, "no-such-lecture-file.js")
		t.Error("a missing lecture file did not skip the test")
	})
	if !skipped {
		t.Error("not skipped")
	}
	dir := t.TempDir()
	repo := filepath.Join(dir, "a", "repo")
	js := filepath.Join(dir, "shared", "lecture", "js")
	for _, d := range []string{repo, js} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	os.WriteFile(filepath.Join(js, "x.js"), nil, 0o644)
	if p, ok := lectureFile(repo, "x.js"); !ok || p != filepath.Join(js, "x.js") {
		t.Errorf("lectureFile = %q, %v", p, ok)
	}
	if _, ok := lectureFile(repo, "y.js"); ok {
		t.Error("found a file that is not there")
	}
}

// TestUDPEcho: each datagram comes back with the prefix, whole.
func TestUDPEcho(t *testing.T) {
	echo := UDPEcho(t, "echo: ")
	c, err := net.Dial("udp", echo.LocalAddr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	b := make([]byte, 64)
	for _, msg := range []string{"one", "two"} {
		c.Write([]byte(msg))
		c.SetReadDeadline(time.Now().Add(5 * time.Second))
		n, err := c.Read(b)
		if err != nil || string(b[:n]) != "echo: "+msg {
			t.Fatalf("sent %q, read %q (%v)", msg, b[:n], err)
		}
	}
}
