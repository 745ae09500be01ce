package testkit

import (
	"fmt"
	"net"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// FreePort returns a TCP port on 127.0.0.1 that was free a moment ago, to
// hand a program that takes its port as an argument.
func FreePort(t testing.TB) int {
	t.Helper()
	ln := Listen(t)
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// FreeUDPPort is FreePort for UDP.
func FreeUDPPort(t testing.TB) int {
	t.Helper()
	pc := ListenUDP(t)
	defer pc.Close()
	return pc.LocalAddr().(*net.UDPAddr).Port
}

// Listen returns a TCP listener on a free port of 127.0.0.1, closed when
// the test ends.
func Listen(t testing.TB) net.Listener {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	return ln
}

// ListenUDP returns a UDP socket on a free port of 127.0.0.1, closed when
// the test ends.
func ListenUDP(t testing.TB) net.PacketConn {
	t.Helper()
	pc, err := net.ListenPacket("udp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pc.Close() })
	return pc
}

// WaitDial waits until something accepts TCP connections on addr, failing
// the test after limit: a started server is ready only once it listens.
func WaitDial(t testing.TB, addr string, limit time.Duration) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for {
		c, err := net.DialTimeout("tcp", addr, time.Second)
		if err == nil {
			c.Close()
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("nothing accepts connections on %s within %v: %v", addr, limit, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// lecturePorts holds a *sync.Mutex per fixed port, so that the tests of
// one process that use the same lecture port take turns.
var lecturePorts sync.Map

// LecturePort reserves for the test a port that the lecture's Node files
// hard-code (TCP 40000 and 50000, UDP 3000); network is "tcp" or "udp".
// It waits while another test of this process holds the port, then skips
// the test at once, saying why, if something outside the tests holds it
// (a script left running in another terminal, say): a test that runs the
// lecture's own files cannot move to a free port, and waiting for a
// program the user started could take forever. The port is released
// when the test ends, after the cleanups registered later (the programs
// the test started) have run.
func LecturePort(t testing.TB, network string, port int) {
	t.Helper()
	mu, _ := lecturePorts.LoadOrStore(port, new(sync.Mutex))
	mu.(*sync.Mutex).Lock()
	t.Cleanup(mu.(*sync.Mutex).Unlock)
	if err := bindable(network, port); err != nil {
		t.Skipf("this test runs the lecture's own Node files, which use %s port %d, and that port is taken (%v): stop what listens on it to run this test", strings.ToUpper(network), port, err)
	}
}

// bindable reports why network port cannot be bound on every address,
// or nil if it can.
func bindable(network string, port int) error {
	addr := ":" + strconv.Itoa(port)
	switch network {
	case "tcp":
		ln, err := net.Listen("tcp", addr)
		if err != nil {
			return err
		}
		return ln.Close()
	case "udp":
		pc, err := net.ListenPacket("udp", addr)
		if err != nil {
			return err
		}
		return pc.Close()
	}
	return fmt.Errorf("unknown network %q", network)
}

// UDPEcho returns a UDP socket on a free port of 127.0.0.1 that answers
// every datagram with prefix and the datagram, until the test ends.
func UDPEcho(t testing.TB, prefix string) net.PacketConn {
	t.Helper()
	pc := ListenUDP(t)
	go func() {
		buf := make([]byte, 64*1024)
		for {
			n, from, err := pc.ReadFrom(buf)
			if err != nil {
				return
			}
			pc.WriteTo(append([]byte(prefix), buf[:n]...), from)
		}
	}()
	return pc
}
