//go:build linux

package netio

import (
	"bytes"
	"io"
	"net"
	"testing"
	"time"

	"github.com/netsh/netsh/luabind/loop"
)

// splitWriter answers each read with one write per byte, then closes the
// connection at the peer's FIN: a pipelined server in miniature.
type splitWriter struct {
	c      Conn
	h      *loop.Handle
	ln     Listener
	ep     *epollSet
	calls  []int // write system calls per read event
	closed bool
}

func (s *splitWriter) OnAccept(c Conn) {
	s.c = c
	c.SetHandler(s)
	c.ResumeRead()
	s.ln.Close()
}
func (s *splitWriter) OnAcceptError(err error) {}
func (s *splitWriter) OnRead(data []byte, err error) {
	if err != nil {
		s.c.Close() // after the last writes: they must still arrive
		s.h.Done()
		return
	}
	before := s.ep.writeCalls
	for i := range data {
		s.c.Write(data[i : i+1])
	}
	s.c.Write([]byte("|"))
	s.calls = append(s.calls, s.ep.writeCalls-before) // made during the dispatch: none yet
}
func (s *splitWriter) OnWritten(n int64)      {}
func (s *splitWriter) OnWriteError(err error) {}

// onePeer listens with srv (ln is where srv keeps the listener, which it
// closes at its first accept), then runs the loop while one client sends
// msg and read takes what comes back; it returns what read returned.
func onePeer(t *testing.T, l *loop.Loop, x *IO, srv AcceptHandler, ln *Listener, msg string, read func(net.Conn) []byte) []byte {
	t.Helper()
	var err error
	if *ln, err = x.Listen("tcp4", "127.0.0.1:0", srv); err != nil {
		t.Fatal(err)
	}
	got := make(chan []byte, 1)
	go func() {
		c, err := net.Dial("tcp", (*ln).Addr().String())
		if err != nil {
			got <- nil
			return
		}
		defer c.Close()
		c.Write([]byte(msg))
		c.SetReadDeadline(time.Now().Add(10 * time.Second))
		got <- read(c)
	}()
	runLoop(t, l, 10*time.Second)
	return <-got
}

// TestWritesDuringOneEventCoalesce: the writes a handler makes while one
// read event is dispatched go out in one system call after it returns, in
// order, and a close right after them still sends them.
func TestWritesDuringOneEventCoalesce(t *testing.T) {
	l := loop.New()
	x := New(l, false)
	defer x.Close()
	if x.ep == nil {
		t.Fatal("no epoll set on linux")
	}
	srv := &splitWriter{h: l.NewHandle("test", nil), ep: x.ep}
	before := x.ep.writeCalls
	b := onePeer(t, l, x, srv, &srv.ln, "0123456789abcdef", func(c net.Conn) []byte {
		b := make([]byte, 17)
		io.ReadFull(c, b)
		c.(*net.TCPConn).CloseWrite()
		rest, _ := io.ReadAll(c)
		return append(b, rest...)
	})
	if !bytes.Equal(b, []byte("0123456789abcdef|")) {
		t.Fatalf("peer got %q", b)
	}
	for i, n := range srv.calls {
		if n != 0 {
			t.Fatalf("read %d: %d write calls during the dispatch, want 0 (deferred)", i, n)
		}
	}
	if total := x.ep.writeCalls - before; total != len(srv.calls) {
		t.Fatalf("%d write calls for %d read events, want one each", total, len(srv.calls))
	}
}

// bigAfterSmall answers a read with a small write (deferred), then a big
// one from a buffer it overwrites at once, as a script reusing its Buffer
// does, then another small one.
type bigAfterSmall struct {
	splitWriter
	big []byte
}

func (s *bigAfterSmall) OnAccept(c Conn) {
	s.c = c
	c.SetHandler(s)
	c.ResumeRead()
	s.ln.Close()
}

func (s *bigAfterSmall) OnRead(data []byte, err error) {
	if err != nil {
		s.c.Close()
		s.h.Done()
		return
	}
	s.c.Write([]byte("head|"))
	s.c.Write(s.big)
	for i := range s.big {
		s.big[i] = 'X'
	}
	s.c.Write([]byte("|tail"))
}

// TestBigWriteBehindDeferredOnes: a write too big to defer, made while
// small ones wait, goes out after them and before the next, whole, even
// though the kernel cannot take it at once and the caller reuses its
// buffer right after.
func TestBigWriteBehindDeferredOnes(t *testing.T) {
	l := loop.New()
	x := New(l, false)
	defer x.Close()
	big := make([]byte, 8<<20)
	for i := range big {
		big[i] = byte('a' + i%26)
	}
	want := append(append([]byte("head|"), big...), "|tail"...)
	srv := &bigAfterSmall{splitWriter: splitWriter{h: l.NewHandle("test", nil), ep: x.ep}, big: append([]byte(nil), big...)}
	b := onePeer(t, l, x, srv, &srv.ln, "go", func(c net.Conn) []byte {
		time.Sleep(50 * time.Millisecond) // let the socket buffers fill first
		b := make([]byte, len(want))
		n, _ := io.ReadFull(c, b)
		c.(*net.TCPConn).CloseWrite()
		return b[:n]
	})
	if !bytes.Equal(b, want) {
		i := 0
		for i < len(b) && i < len(want) && b[i] == want[i] {
			i++
		}
		t.Fatalf("peer got %d bytes, want %d; they differ from byte %d", len(b), len(want), i)
	}
}
