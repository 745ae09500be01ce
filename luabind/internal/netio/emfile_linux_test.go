package netio

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/netsh/netsh/internal/testkit"
	"github.com/netsh/netsh/luabind/loop"
)

// The descriptor-exhaustion tests run the server in a child process (this
// test binary, re-executed) with a low RLIMIT_NOFILE, so the limit never
// touches the test process itself.
const (
	childModeEnv  = "NETIO_EMFILE_CHILD"   // "portable" or "epoll": be the child server
	childLimitEnv = "NETIO_EMFILE_LIMIT"   // its RLIMIT_NOFILE
	childSpareEnv = "NETIO_EMFILE_NOSPARE" // "1": start without a spare descriptor
	childLimit    = 64
)

func TestMain(m *testing.M) {
	if mode := os.Getenv(childModeEnv); mode != "" {
		os.Exit(emfileChild(mode))
	}
	os.Exit(m.Run())
}

// emfileChild is the child: an echo server on 127.0.0.1:0 under the given
// descriptor limit. It prints its address, reports accept errors on
// stderr (once, with a count, so a storm cannot flood the pipe), and
// exits when its stdin closes. With NOSPARE it gives up the spare
// descriptor and fills every free slot, then frees them on a "free" line.
func emfileChild(mode string) int {
	time.AfterFunc(2*time.Minute, func() { os.Exit(3) }) // never outlive a lost parent
	lim, _ := strconv.Atoi(os.Getenv(childLimitEnv))
	var rl unix.Rlimit
	if err := unix.Getrlimit(unix.RLIMIT_NOFILE, &rl); err != nil {
		fmt.Fprintln(os.Stderr, "getrlimit:", err)
		return 2
	}
	rl.Cur = uint64(lim)
	if err := unix.Setrlimit(unix.RLIMIT_NOFILE, &rl); err != nil {
		fmt.Fprintln(os.Stderr, "setrlimit:", err)
		return 2
	}
	l := loop.New()
	x := New(l, mode == "portable")
	srv := &emfileEcho{h: l.NewHandle("test", nil)}
	ln, err := x.Listen("tcp4", "127.0.0.1:0", srv)
	if err != nil {
		fmt.Fprintln(os.Stderr, "listen:", err)
		return 2
	}
	var fill []int
	if os.Getenv(childSpareEnv) == "1" {
		dropSpare()
		fill = fillDescriptors()
	}
	fmt.Printf("listening %s polled=%v filled=%d\n", ln.Addr(), x.Polled(), len(fill))
	go func() {
		sc := bufio.NewScanner(os.Stdin)
		for sc.Scan() {
			if sc.Text() == "free" {
				for _, fd := range fill {
					unix.Close(fd)
				}
				fmt.Println("freed")
			}
		}
		os.Exit(0)
	}()
	l.Run()
	return 0
}

// dropSpare closes the spare descriptor, as if another thread had taken
// its slot the last time the trick gave it up.
func dropSpare() {
	spare.mu.Lock()
	defer spare.mu.Unlock()
	if spare.have {
		unix.Close(spare.fd)
		spare.have = false
	}
}

// fillDescriptors opens /dev/null until the process is out of descriptors.
func fillDescriptors() []int {
	var fds []int
	for i := 0; i < 4096; i++ {
		fd, err := unix.Open("/dev/null", unix.O_RDONLY|unix.O_CLOEXEC, 0)
		if err != nil {
			break
		}
		fds = append(fds, fd)
	}
	return fds
}

// emfileEcho echoes every connection it accepts until the peer closes.
type emfileEcho struct {
	h         *loop.Handle
	acceptErr atomic.Int64
}

type emfileConn struct{ c Conn }

func (s *emfileEcho) OnAccept(c Conn) {
	c.SetHandler(&emfileConn{c: c})
	c.ResumeRead()
}

func (s *emfileEcho) OnAcceptError(err error) {
	if s.acceptErr.Add(1) == 1 {
		fmt.Fprintln(os.Stderr, "accept error:", err)
	}
}

func (e *emfileConn) OnRead(data []byte, err error) {
	if err != nil {
		e.c.Close()
		return
	}
	e.c.Write(data)
}
func (e *emfileConn) OnWritten(int64)    {}
func (e *emfileConn) OnWriteError(error) { e.c.Close() }

// emfileServer starts the child server and returns it, its stdin and the
// address it listens on.
func emfileServer(t *testing.T, portable, noSpare bool) (*testkit.Proc, io.WriteCloser, string) {
	t.Helper()
	mode := "epoll"
	if portable {
		mode = "portable"
	}
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childModeEnv+"="+mode, childLimitEnv+"="+strconv.Itoa(childLimit))
	if noSpare {
		cmd.Env = append(cmd.Env, childSpareEnv+"=1")
	}
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	p := testkit.Start(t, cmd)
	t.Cleanup(func() { stdin.Close() })
	out := p.WaitFor(t, `listening \S+ polled=\w+`, 20*time.Second)
	m := regexp.MustCompile(`listening (\S+) polled=(\w+)`).FindStringSubmatch(out)
	if want := strconv.FormatBool(!portable); m[2] != want {
		t.Fatalf("child polled=%s, want %s", m[2], want)
	}
	return p, stdin, m[1]
}

// cpuTicks is the process's user+system CPU time in clock ticks (1/100 s).
func cpuTicks(t *testing.T, pid int) int {
	t.Helper()
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		t.Fatal(err)
	}
	// Fields after the command name, which is in parentheses: utime is
	// the 14th field of the line, stime the 15th.
	f := strings.Fields(string(b[strings.LastIndexByte(string(b), ')')+1:]))
	u, _ := strconv.Atoi(f[11])
	s, _ := strconv.Atoi(f[12])
	return u + s
}

// assertIdle fails if the child burns more than a fifth of a CPU over a
// second: an accept loop spinning on EMFILE takes all of one.
func assertIdle(t *testing.T, p *testkit.Proc) {
	t.Helper()
	pid := p.Cmd.Process.Pid
	before := cpuTicks(t, pid)
	time.Sleep(time.Second)
	used := time.Duration(cpuTicks(t, pid)-before) * 10 * time.Millisecond
	t.Logf("server CPU over 1 s out of descriptors: %v", used)
	if used > 200*time.Millisecond {
		t.Errorf("server used %v of CPU in 1 s while out of descriptors", used)
	}
}

// assertAlive fails if the child has exited or reported an accept error.
func assertAlive(t *testing.T, p *testkit.Proc) {
	t.Helper()
	if code := p.ExitCode(); code != -1 {
		t.Fatalf("server exited with %d:\n%s", code, p.Output())
	}
	if out := p.Output(); strings.Contains(out, "accept error") {
		t.Errorf("server reported an accept error:\n%s", out)
	}
}

// dialAll opens n connections to addr; the kernel completes each
// handshake whether or not the server accepts.
func dialAll(t *testing.T, addr string, n int) []net.Conn {
	t.Helper()
	conns := make([]net.Conn, 0, n)
	t.Cleanup(func() {
		for _, c := range conns {
			c.Close()
		}
	})
	for i := 0; i < n; i++ {
		c, err := net.DialTimeout("tcp4", addr, 5*time.Second)
		if err != nil {
			t.Fatalf("dial %d: %v", i, err)
		}
		conns = append(conns, c)
	}
	return conns
}

// TestListenerOutOfDescriptors opens three times the server's descriptor
// limit in connections. The server must keep echoing on the ones it
// accepted, close the others at once (the spare-descriptor trick) rather
// than leave them hanging, report no error, stay idle instead of retrying
// accept in a loop, and accept again once its connections close.
func TestListenerOutOfDescriptors(t *testing.T) {
	modes(t, func(t *testing.T, portable bool) {
		p, stdin, addr := emfileServer(t, portable, false)
		conns := dialAll(t, addr, 3*childLimit)
		got := testkit.EchoAll(conns, 10*time.Second)
		t.Logf("%d connections: %v", len(conns), got)
		if got["echo"] < childLimit/4 || got["echo"] > childLimit || got["echo"]+got["closed"] != len(conns) {
			t.Errorf("outcomes %v: want between %d and %d echoes and every other connection closed",
				got, childLimit/4, childLimit)
		}
		assertIdle(t, p)
		assertAlive(t, p)
		// The kept connections still echo, now that the rest are gone.
		if again := testkit.EchoAll(conns, 5*time.Second); again["echo"] != got["echo"] {
			t.Errorf("second round: %v, want %d echoes", again, got["echo"])
		}
		for _, c := range conns {
			c.Close()
		}
		// Descriptors are free again: new connections are accepted, more
		// at once than a single spare could explain.
		var fresh []net.Conn
		for i := 0; i < childLimit/4; i++ {
			fresh = append(fresh, testkit.DialUntilEcho(t, addr, 10*time.Second))
		}
		if r := testkit.EchoAll(fresh, 5*time.Second); r["echo"] != len(fresh) {
			t.Errorf("new connections: %v, want %d echoes", r, len(fresh))
		}
		assertAlive(t, p)
		stdin.Close()
		p.Wait(t, 10*time.Second)
	})
}

// TestListenerOutOfDescriptorsNoSpare starts the server without its spare
// descriptor and with every slot taken, so nothing can be accepted or
// shed: the listener must wait, neither spinning nor reporting, and serve
// the waiting connections once descriptors are freed.
func TestListenerOutOfDescriptorsNoSpare(t *testing.T) {
	modes(t, func(t *testing.T, portable bool) {
		p, stdin, addr := emfileServer(t, portable, true)
		if !regexp.MustCompile(`filled=[1-9]`).MatchString(p.Output()) {
			t.Fatalf("child did not fill its descriptors:\n%s", p.Output())
		}
		conns := dialAll(t, addr, 8)
		assertIdle(t, p)
		assertAlive(t, p)
		if _, err := io.WriteString(stdin, "free\n"); err != nil {
			t.Fatal(err)
		}
		p.WaitFor(t, "freed", 10*time.Second)
		if got := testkit.EchoAll(conns, 10*time.Second); got["echo"] != len(conns) {
			t.Errorf("waiting connections after the free: %v, want %d echoes", got, len(conns))
		}
		assertAlive(t, p)
		stdin.Close()
		p.Wait(t, 10*time.Second)
	})
}

// TestShedWithoutSpareRecovers: an accept that failed for want of a
// descriptor, with no spare held, while descriptors come back (the race
// TestListenerOutOfDescriptorsNoSpare hit under load: the spare opened in
// a slot just freed, then was given up to refuse every waiting client).
// The trick now reports shedRecovered and refuses nothing; the waiting
// connection is accepted and served.
func TestShedWithoutSpareRecovers(t *testing.T) {
	spare.mu.Lock()
	had, fd := spare.have, spare.fd
	spare.have = false
	spare.mu.Unlock()
	defer func() {
		spare.mu.Lock()
		if spare.have && !had {
			unix.Close(spare.fd)
		}
		spare.have, spare.fd = had, fd
		spare.mu.Unlock()
	}()
	ln := testkit.Listen(t)
	c, err := net.Dial("tcp4", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	rc, err := ln.(*net.TCPListener).SyscallConn()
	if err != nil {
		t.Fatal(err)
	}
	var res shedResult
	rc.Control(func(lfd uintptr) { res = spare.shed(int(lfd)) })
	if res != shedRecovered {
		t.Fatalf("shed without a spare, descriptors free: %v, want shedRecovered", res)
	}
	s, err := ln.Accept()
	if err != nil {
		t.Fatalf("the waiting connection: %v", err)
	}
	defer s.Close()
	go s.Write([]byte("still here"))
	c.SetReadDeadline(time.Now().Add(5 * time.Second))
	b := make([]byte, 10)
	if _, err := io.ReadFull(c, b); err != nil || string(b) != "still here" {
		t.Fatalf("the client read %q, %v: it was refused", b, err)
	}
}
