package netio

import (
	"bytes"
	"testing"

	"golang.org/x/sys/unix"
)

// socketPair returns a connected non-blocking pair of stream sockets.
func socketPair(t testing.TB) (int, int) {
	t.Helper()
	fds, err := unix.Socketpair(unix.AF_UNIX, unix.SOCK_STREAM|unix.SOCK_NONBLOCK|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { unix.Close(fds[0]); unix.Close(fds[1]) })
	return fds[0], fds[1]
}

func TestRawWritevAndRead(t *testing.T) {
	a, b := socketPair(t)
	var iov []unix.Iovec
	bufs := [][]byte{[]byte("one "), nil, []byte("two "), {}, []byte("three")}
	n, iov, err := rawWritev(a, bufs, iov)
	if err != nil || n != 13 {
		t.Fatalf("writev: %d, %v", n, err)
	}
	for i, v := range iov[:cap(iov)] {
		if v.Base != nil {
			t.Fatalf("iovec %d still points at a buffer", i)
		}
	}
	if n, _, err = rawWritev(a, [][]byte{[]byte("!")}, iov); err != nil || n != 1 {
		t.Fatalf("one buffer: %d, %v", n, err)
	}
	got := make([]byte, 64)
	n, err = rawRead(b, got)
	if err != nil || !bytes.Equal(got[:n], []byte("one two three!")) {
		t.Fatalf("read %q, %v", got[:n], err)
	}
	if _, err = rawRead(b, got); err != unix.EAGAIN {
		t.Fatalf("empty non-blocking read: %v, want EAGAIN", err)
	}
	// A full socket answers EAGAIN, as the write paths expect.
	chunk := make([]byte, 64*1024)
	for i := 0; ; i++ {
		if _, err = rawWrite(a, chunk); err != nil {
			break
		}
		if i > 10000 {
			t.Fatal("socket never filled")
		}
	}
	if err != unix.EAGAIN {
		t.Fatalf("full socket: %v, want EAGAIN", err)
	}
	if _, _, err = rawWritev(a, [][]byte{chunk, chunk}, iov); err != unix.EAGAIN {
		t.Fatalf("writev on a full socket: %v, want EAGAIN", err)
	}
	if _, err = rawRead(-1, got); err != unix.EBADF {
		t.Fatalf("bad descriptor: %v, want EBADF", err)
	}
}

func TestRawEpollPoll(t *testing.T) {
	a, b := socketPair(t)
	epfd, err := unix.EpollCreate1(unix.EPOLL_CLOEXEC)
	if err != nil {
		t.Fatal(err)
	}
	defer unix.Close(epfd)
	ev := unix.EpollEvent{Events: unix.EPOLLIN, Fd: int32(b)}
	if err := unix.EpollCtl(epfd, unix.EPOLL_CTL_ADD, b, &ev); err != nil {
		t.Fatal(err)
	}
	events := make([]unix.EpollEvent, 4)
	if n, err := rawEpollPoll(epfd, events); n != 0 || err != nil {
		t.Fatalf("nothing ready: %d, %v", n, err)
	}
	if _, err := rawWrite(a, []byte("x")); err != nil {
		t.Fatal(err)
	}
	n, err := rawEpollPoll(epfd, events)
	if n != 1 || err != nil || events[0].Fd != int32(b) || events[0].Events&unix.EPOLLIN == 0 {
		t.Fatalf("ready: %d, %v, %+v", n, err, events[0])
	}
}

// BenchmarkWritev compares a two-buffer writev and a read back through
// the raw calls with x/sys's, on a socket pair.
func BenchmarkWritev(b *testing.B) {
	bufs := [][]byte{[]byte("+OK\r\n"), []byte("$5\r\nhello\r\n")}
	sink := make([]byte, 256)
	b.Run("raw", func(b *testing.B) {
		x, y := socketPair(b)
		var iov []unix.Iovec
		for i := 0; i < b.N; i++ {
			var err error
			if _, iov, err = rawWritev(x, bufs, iov); err != nil {
				b.Fatal(err)
			}
			if _, err := rawRead(y, sink); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("x-sys", func(b *testing.B) {
		x, y := socketPair(b)
		for i := 0; i < b.N; i++ {
			if _, err := unix.Writev(x, bufs); err != nil {
				b.Fatal(err)
			}
			if _, err := unix.Read(y, sink); err != nil {
				b.Fatal(err)
			}
		}
	})
}
