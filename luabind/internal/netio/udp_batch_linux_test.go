//go:build linux

package netio

import (
	"bytes"
	"fmt"
	"net"
	"net/netip"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/netsh/netsh/luabind/loop"
)

// udpResponder answers every datagram with "re:" and the datagram, and
// stops after n.
type udpResponder struct {
	pc    *PacketConn
	h     *loop.Handle
	n     int
	got   int
	ep    *epollSet
	sends []int // sendmmsg calls made while each datagram's handler ran
	done  []int // completions, in order
	errs  []error
	close bool // close the socket right after the last answer
}

func (u *udpResponder) OnPacket(data []byte, from netip.AddrPort) {
	before := u.ep.udpSends
	i := u.got
	u.pc.Send(append([]byte("re:"), data...), from, func(n int, err error) {
		u.done = append(u.done, i)
		u.errs = append(u.errs, err)
	})
	u.sends = append(u.sends, u.ep.udpSends-before)
	u.got++
	if u.got == u.n {
		u.h.Done()
		if u.close {
			u.pc.Close()
		}
	}
}
func (u *udpResponder) OnPacketError(err error) {}

// burst sends n datagrams to port from a fresh socket before the loop
// runs, so they wait in the server's buffer together, and returns the
// socket to read the answers on.
func burst(t *testing.T, network string, port uint16, n int, size func(i int) int) *net.UDPConn {
	t.Helper()
	host := "127.0.0.1"
	if network == "udp6" {
		host = "::1"
	}
	c, err := net.DialUDP(network, nil, net.UDPAddrFromAddrPort(netip.AddrPortFrom(netip.MustParseAddr(host), port)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	c.SetReadBuffer(4 << 20)
	for i := 0; i < n; i++ {
		if _, err := c.Write(datagramN(i, size(i))); err != nil {
			t.Fatal(err)
		}
	}
	return c
}

// datagramN is datagram i of the given size: its number, then filler.
func datagramN(i, size int) []byte {
	b := bytes.Repeat([]byte{byte('a' + i%26)}, size)
	copy(b, fmt.Sprintf("%04d", i))
	return b
}

// readAnswers reads n answers and checks each is "re:" + datagram i.
func readAnswers(t *testing.T, c *net.UDPConn, n int, size func(i int) int) {
	t.Helper()
	buf := make([]byte, 70000)
	for i := 0; i < n; i++ {
		c.SetReadDeadline(time.Now().Add(10 * time.Second))
		m, err := c.Read(buf)
		if err != nil {
			t.Fatalf("answer %d: %v", i, err)
		}
		if want := append([]byte("re:"), datagramN(i, size(i))...); !bytes.Equal(buf[:m], want) {
			t.Fatalf("answer %d: %d bytes %.20q..., want %d bytes %.20q...", i, m, buf[:m], len(want), want)
		}
	}
}

func newResponder(t *testing.T, network string, n int) (*loop.Loop, *IO, *udpResponder) {
	t.Helper()
	l := loop.New()
	x := New(l, false)
	t.Cleanup(x.Close)
	if x.ep == nil {
		t.Fatal("no epoll set on linux")
	}
	srv := &udpResponder{h: l.NewHandle("test", nil), n: n, ep: x.ep}
	lo := netip.MustParseAddrPort("127.0.0.1:0")
	if network == "udp6" {
		lo = netip.MustParseAddrPort("[::1]:0")
	}
	pc, err := x.ListenUDP(network, lo, false, network == "udp6", srv)
	if err != nil {
		t.Fatal(err)
	}
	srv.pc = pc
	return l, x, srv
}

// TestUDPBurstAnswersGoOutTogether: the answers to a burst of datagrams
// read in one event leave in one sendmmsg after the burst, in order, each
// with its completion; over IPv4 and IPv6, datagrams of every size up to
// the largest arriving whole.
func TestUDPBurstAnswersGoOutTogether(t *testing.T) {
	for _, network := range []string{"udp4", "udp6"} {
		t.Run(network, func(t *testing.T) {
			const n = 40
			// Two of the largest datagrams an answer can be (65,507 bytes
			// over IPv4, 65,527 over IPv6, less "re:"), more would overrun
			// the default receive buffer.
			largest := 65504
			if network == "udp6" {
				largest = 65524
			}
			size := func(i int) int {
				if i == 7 || i == 23 {
					return largest
				}
				return []int{8, 1200, 4}[i%3]
			}
			l, _, srv := newResponder(t, network, n)
			c := burst(t, network, srv.pc.LocalAddr().Port(), n, size)
			srv.close = true // the close must not lose the held answers
			before := srv.ep.udpSends
			runLoop(t, l, 10*time.Second)
			readAnswers(t, c, n, size)
			for i, s := range srv.sends {
				if s != 0 {
					t.Fatalf("datagram %d: %d sendmmsg calls while its handler ran, want 0 (held)", i, s)
				}
			}
			if calls := srv.ep.udpSends - before; calls != 1 {
				t.Errorf("%d sendmmsg calls for a burst of %d, want 1", calls, n)
			}
			for i, d := range srv.done {
				if d != i || srv.errs[i] != nil {
					t.Fatalf("completion %d is of send %d, error %v", i, d, srv.errs[i])
				}
			}
			if len(srv.done) != n {
				t.Fatalf("%d completions for %d sends", len(srv.done), n)
			}
		})
	}
}

// TestUDPHeldSendsWhenTheBufferFills: when sendmmsg takes part of a batch
// and then finds the socket buffer full, the rest go through the writer
// goroutine and still arrive in order with their completions; a datagram
// the kernel refuses gets its error and the others go out.
func TestUDPHeldSendsWhenTheBufferFills(t *testing.T) {
	orig := sendBatchAttempt
	calls := 0
	sendBatchAttempt = func(rc syscall.RawConn, hdrs []mmsghdr) (int, error) {
		calls++
		switch calls {
		case 1: // three go out, then the buffer is full
			return orig(rc, hdrs[:3])
		case 2:
			return 0, unix.EAGAIN
		}
		return orig(rc, hdrs)
	}
	defer func() { sendBatchAttempt = orig }()
	const n = 12
	size := func(int) int { return 100 }
	l, _, srv := newResponder(t, "udp4", n)
	c := burst(t, "udp4", srv.pc.LocalAddr().Port(), n, size)
	runLoop(t, l, 10*time.Second)
	readAnswers(t, c, n, size)
	if len(srv.done) != n {
		t.Fatalf("%d completions for %d sends", len(srv.done), n)
	}
	for i, d := range srv.done {
		if d != i || srv.errs[i] != nil {
			t.Fatalf("completion %d is of send %d, error %v", i, d, srv.errs[i])
		}
	}

	// One datagram too big for UDP among held ones.
	sendBatchAttempt = orig
	l = loop.New()
	x := New(l, false)
	defer x.Close()
	h := l.NewHandle("test", nil)
	rc := &udpCollector{n: 2, h: l.NewHandle("test", nil)}
	recv, err := x.ListenUDP("udp4", netip.MustParseAddrPort("127.0.0.1:0"), false, false, rc)
	if err != nil {
		t.Fatal(err)
	}
	rc.pc = recv
	sender, err := x.ListenUDP("udp4", netip.MustParseAddrPort("127.0.0.1:0"), false, false, &udpCollector{})
	if err != nil {
		t.Fatal(err)
	}
	var results []error
	l.AddTimer(0, 0, func() { // a callback: the sends are held
		for _, size := range []int{10, 70000, 20} {
			sender.Send(make([]byte, size), recv.LocalAddr(), func(n int, err error) {
				results = append(results, err)
				if len(results) == 3 {
					sender.Close()
					h.Done()
				}
			})
		}
	})
	runLoop(t, l, 10*time.Second)
	if len(results) != 3 || results[0] != nil || results[1] != unix.EMSGSIZE || results[2] != nil {
		t.Fatalf("results %v, want nil, EMSGSIZE, nil", results)
	}
	if len(rc.got) != 2 || len(rc.got[0]) != 10 || len(rc.got[1]) != 20 {
		t.Fatalf("received %d datagrams", len(rc.got))
	}
}

// TestUDPBurstPastTheBatchLimit: a socket holds at most udpBatchMax sends;
// the answers to a longer burst leave in batches of that many, in order.
func TestUDPBurstPastTheBatchLimit(t *testing.T) {
	const n = udpBatchMax + 36
	size := func(int) int { return 16 }
	l, _, srv := newResponder(t, "udp4", n)
	c := burst(t, "udp4", srv.pc.LocalAddr().Port(), n, size)
	before := srv.ep.udpSends
	runLoop(t, l, 10*time.Second)
	readAnswers(t, c, n, size)
	if calls := srv.ep.udpSends - before; calls != 2 {
		t.Errorf("%d sendmmsg calls for a burst of %d, want 2 (%d, then the rest)", calls, n, udpBatchMax)
	}
	if len(srv.done) != n {
		t.Fatalf("%d completions for %d sends", len(srv.done), n)
	}
}
