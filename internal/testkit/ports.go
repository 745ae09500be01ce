package testkit

import (
	"net"
	"strconv"
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

// WaitBindable waits until TCP port (on all addresses) can be bound, and
// fails the test if it stays taken for limit. The lecture's programs use
// fixed ports, and some kernels (gVisor) refuse the bind while an earlier
// run's connections on the port sit in TIME-WAIT, even with SO_REUSEADDR.
func WaitBindable(t testing.TB, port int, limit time.Duration) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for {
		ln, err := net.Listen("tcp", ":"+strconv.Itoa(port))
		if err == nil {
			ln.Close()
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("port %d is in use: %v", port, err)
		}
		time.Sleep(250 * time.Millisecond)
	}
}
