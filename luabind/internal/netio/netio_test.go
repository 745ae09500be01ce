package netio

import (
	"bytes"
	"io"
	"net"
	"net/netip"
	"runtime"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/netsh/netsh/luabind/loop"
)

// modes are the transports a test runs over: epoll exists on Linux only.
func modes(t *testing.T, f func(t *testing.T, portable bool)) {
	t.Run("portable", func(t *testing.T) { f(t, true) })
	if runtime.GOOS == "linux" {
		t.Run("epoll", func(t *testing.T) { f(t, false) })
	}
}

// runLoop runs l on its own goroutine, failing the test if it is still
// running after limit.
func runLoop(t *testing.T, l *loop.Loop, limit time.Duration) {
	t.Helper()
	done := make(chan struct{})
	go func() { l.Run(); close(done) }()
	select {
	case <-done:
	case <-time.After(limit):
		l.Stop()
		<-done
		t.Fatal("loop still running after", limit)
	}
}

// echoServer echoes every connection until its peer's FIN, then closes.
type echoServer struct {
	t     *testing.T
	h     *loop.Handle
	ln    Listener
	conns int
}

type echoConn struct {
	c       Conn
	srv     *echoServer
	written int64
	read    int64
	eof     bool
	closed  bool
}

func (s *echoServer) OnAccept(c Conn) {
	ec := &echoConn{c: c, srv: s}
	c.SetHandler(ec)
	c.ResumeRead()
	s.conns++
	s.ln.Close() // one client is all this test has; its handle now covers the conn
}
func (s *echoServer) OnAcceptError(err error) { s.t.Error("accept:", err) }

func (e *echoConn) OnRead(data []byte, err error) {
	if err == io.EOF {
		e.eof = true
		e.finish()
		return
	}
	if err != nil {
		e.srv.t.Error("read:", err)
		e.c.Close()
		return
	}
	e.read += int64(len(data))
	// Pause and resume around each write: reading must pick up again.
	e.c.PauseRead()
	e.c.Write(data)
	e.c.ResumeRead()
}
func (e *echoConn) OnWritten(n int64) { e.written += n; e.finish() }

// finish closes once the peer's FIN is in and everything is echoed back.
func (e *echoConn) finish() {
	if e.eof && e.written == e.read && !e.closed {
		e.closed = true
		e.c.CloseWrite()
		e.c.Close()
		e.srv.h.Done()
	}
}
func (e *echoConn) OnWriteError(err error) { e.srv.t.Error("write:", err) }

// TestConnEchoBothModes pushes 4 MiB through an accepted Conn and back,
// with a half-close at the end, over each transport.
func TestConnEchoBothModes(t *testing.T) {
	modes(t, func(t *testing.T, portable bool) {
		l := loop.New()
		x := New(l, portable)
		defer x.Close()
		if x.Polled() == portable {
			t.Fatalf("Polled() = %v with portable = %v", x.Polled(), portable)
		}
		srv := &echoServer{t: t, h: l.NewHandle("test", nil)}
		ln, err := x.Listen("tcp4", "127.0.0.1:0", srv)
		if err != nil {
			t.Fatal(err)
		}
		srv.ln = ln
		addr := ln.Addr().String()
		want := bytes.Repeat([]byte("0123456789abcdef"), 256*1024)
		got := make(chan []byte, 1)
		go func() {
			c, err := net.Dial("tcp", addr)
			if err != nil {
				got <- nil
				return
			}
			defer c.Close()
			go func() { c.Write(want); c.(*net.TCPConn).CloseWrite() }()
			c.SetReadDeadline(time.Now().Add(20 * time.Second))
			b, _ := io.ReadAll(c)
			got <- b
		}()
		runLoop(t, l, 20*time.Second)
		if b := <-got; !bytes.Equal(b, want) {
			t.Fatalf("echoed %d bytes, want %d", len(b), len(want))
		}
		if srv.conns != 1 {
			t.Fatalf("accepted %d connections", srv.conns)
		}
	})
}

// udpCollector gathers datagrams until it has n, then closes its socket.
type udpCollector struct {
	pc  *PacketConn
	h   *loop.Handle
	n   int
	got []string
}

func (u *udpCollector) OnPacket(data []byte, from netip.AddrPort) {
	u.got = append(u.got, string(data))
	if len(u.got) == u.n {
		u.pc.Close()
		u.h.Done()
	}
}
func (u *udpCollector) OnPacketError(err error) {}

// TestPacketConnWriterPath makes every other non-blocking send attempt
// report a full socket buffer, so datagrams go through the writer
// goroutine (the only path on platforms without the fast one) and must
// still arrive in order, each with its completion, mixed with directly
// sent ones.
func TestPacketConnWriterPath(t *testing.T) {
	var calls atomic.Int64
	orig := trySendAttempt
	trySendAttempt = func(rc syscall.RawConn, p []byte, sa syscall.Sockaddr) (int, error, bool) {
		if calls.Add(1)%2 == 0 {
			return 0, nil, true
		}
		return orig(rc, p, sa)
	}
	defer func() { trySendAttempt = orig }()
	modes(t, func(t *testing.T, portable bool) {
		l := loop.New()
		x := New(l, portable)
		defer x.Close()
		const n = 20
		recv := &udpCollector{n: n, h: l.NewHandle("test", nil)}
		lo := netip.MustParseAddrPort("127.0.0.1:0")
		pc, err := x.ListenUDP("udp4", lo, false, false, recv)
		if err != nil {
			t.Fatal(err)
		}
		recv.pc = pc
		sender, err := x.ListenUDP("udp4", lo, false, false, &udpCollector{})
		if err != nil {
			t.Fatal(err)
		}
		dest := netip.AddrPortFrom(netip.MustParseAddr("127.0.0.1"), pc.LocalAddr().Port())
		var done []int
		for i := 0; i < n; i++ {
			msg := []byte{byte('a' + i)}
			i := i
			sender.Send(msg, dest, func(m int, err error) {
				if err != nil || m != 1 {
					t.Errorf("send %d: n=%d err=%v", i, m, err)
				}
				done = append(done, i)
				if len(done) == n {
					sender.Close()
				}
			})
		}
		runLoop(t, l, 10*time.Second)
		var want, got []byte
		for i := 0; i < n; i++ {
			want = append(want, byte('a'+i))
		}
		for _, g := range recv.got {
			got = append(got, g...)
		}
		if string(got) != string(want) {
			t.Fatalf("received %q, want %q", got, want)
		}
		for i, d := range done {
			if d != i {
				t.Fatalf("completions out of order: %v", done)
			}
		}
	})
	if calls.Load() < 2 {
		t.Fatalf("writer path not taken: %d attempts", calls.Load())
	}
}
