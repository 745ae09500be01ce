package testkit

import (
	"fmt"
	"net"
	"os/exec"
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
	WaitBindable(t, port, time.Second)

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
