//go:build linux

package netio

import (
	"encoding/binary"
	"net"
	"syscall"
	"time"

	"golang.org/x/sys/unix"

	"github.com/netsh/netsh/luabind/loop"
)

// epollSet is the loop's Poller on Linux: the loop goroutine waits in
// epoll_wait and then reads and writes the ready sockets itself, so a
// message costs no goroutine hand-off and an idle connection no goroutine.
// An eventfd in the set lets Post wake it.
type epollSet struct {
	loop     *loop.Loop
	epfd     int
	efd      int
	handlers map[int32]fdHandler
	events   []unix.EpollEvent
	buf      []byte // one read buffer for every socket, loop goroutine only
	wakeBuf  [8]byte

	dispatching bool          // an event's handler runs: writes are deferred
	dirty       []*epConn     // sockets with deferred writes
	udpBurst    bool          // a UDP socket's burst of datagrams is being read: sends wait for its end
	udpDirty    []*PacketConn // UDP sockets with held sends
	recv        *recvBatch    // recvmmsg's buffers, made at the first UDP read
	iov         []unix.Iovec  // writev's iovecs, reused
	writeCalls  int           // write system calls made, for the coalescing test
	udpSends    int           // sendmmsg calls made, for the batching test
}

// fdHandler is what a descriptor in the set does when epoll reports it.
type fdHandler interface{ onEvents(ev uint32) }

func newEpollSet(l *loop.Loop) (*epollSet, error) {
	epfd, err := unix.EpollCreate1(unix.EPOLL_CLOEXEC)
	if err != nil {
		return nil, err
	}
	efd, err := unix.Eventfd(0, unix.EFD_CLOEXEC|unix.EFD_NONBLOCK)
	if err != nil {
		unix.Close(epfd)
		return nil, err
	}
	ev := unix.EpollEvent{Events: unix.EPOLLIN, Fd: int32(efd)}
	if err := unix.EpollCtl(epfd, unix.EPOLL_CTL_ADD, efd, &ev); err != nil {
		unix.Close(epfd)
		unix.Close(efd)
		return nil, err
	}
	p := &epollSet{loop: l, epfd: epfd, efd: efd, handlers: map[int32]fdHandler{},
		events: make([]unix.EpollEvent, 256), buf: make([]byte, 256*1024)}
	binary.LittleEndian.PutUint64(p.wakeBuf[:], 1)
	l.SetAfterCallback(p.flushDirty)
	return p, nil
}

// Wait waits for readiness (or a Wake) and runs the handlers of the ready
// sockets, draining the nextTick queue after each, as after any callback.
func (p *epollSet) Wait(timeout time.Duration) {
	ms := -1
	if timeout >= 0 {
		ms = int((timeout + time.Millisecond - 1) / time.Millisecond) // round up: never spin early
	}
	var n int
	var err error
	if ms == 0 {
		n, err = rawEpollPoll(p.epfd, p.events)
	} else {
		n, err = unix.EpollWait(p.epfd, p.events, ms)
	}
	if err != nil {
		return // EINTR: the loop comes back
	}
	l := p.loop
	for i := 0; i < n; i++ {
		ev := p.events[i]
		if int(ev.Fd) == p.efd {
			var b [8]byte
			rawRead(p.efd, b[:])
			continue
		}
		if h := p.handlers[ev.Fd]; h != nil {
			p.dispatching = true
			h.onEvents(ev.Events)
			p.dispatching = false
			l.AfterCallback() // and the writes the handler made go out
		}
		if l.Stopped() {
			return
		}
	}
}

// Wake interrupts a Wait; safe from any goroutine.
func (p *epollSet) Wake() { unix.Write(p.efd, p.wakeBuf[:]) }

func (p *epollSet) ctl(op, fd int, events uint32) error {
	ev := unix.EpollEvent{Events: events, Fd: int32(fd)}
	return unix.EpollCtl(p.epfd, op, fd, &ev)
}

// add puts fd in the set with the given interest, dispatching to h.
func (p *epollSet) add(fd int, events uint32, h fdHandler) error {
	if err := p.ctl(unix.EPOLL_CTL_ADD, fd, events); err != nil {
		return err
	}
	p.handlers[int32(fd)] = h
	return nil
}

// remove takes fd out of the set; call it before the descriptor closes.
func (p *epollSet) remove(fd int, inSet bool) {
	if inSet {
		p.ctl(unix.EPOLL_CTL_DEL, fd, 0)
	}
	delete(p.handlers, int32(fd))
}

func (p *epollSet) close() {
	p.loop.SetAfterCallback(nil)
	unix.Close(p.epfd)
	unix.Close(p.efd)
}

// fdOf returns the descriptor behind a Go socket, or -1.
func fdOf(c any) int {
	sc, ok := c.(syscall.Conn)
	if !ok {
		return -1
	}
	rc, err := sc.SyscallConn()
	if err != nil {
		return -1
	}
	fd := -1
	rc.Control(func(f uintptr) { fd = int(f) })
	return fd
}

func sockaddrTCP(sa unix.Sockaddr) *net.TCPAddr {
	switch a := sa.(type) {
	case *unix.SockaddrInet4:
		return &net.TCPAddr{IP: net.IP(append([]byte(nil), a.Addr[:]...)), Port: a.Port}
	case *unix.SockaddrInet6:
		ip := net.IP(append([]byte(nil), a.Addr[:]...))
		if v4 := ip.To4(); v4 != nil {
			ip = v4 // IPv4-mapped: shown as ::ffff:a.b.c.d on an IPv6 listener
		}
		return &net.TCPAddr{IP: ip, Port: a.Port}
	}
	return nil
}

// wrapPolled puts conn in the epoll set; nil without epoll (or a socket
// without a descriptor), and the caller takes the portable path.
func (x *IO) wrapPolled(conn net.Conn) Conn {
	if x.ep == nil {
		return nil
	}
	if c := x.ep.wrapPolled(conn); c != nil {
		return c
	}
	return nil
}

// listenPolled accepts ln's connections on the loop; nil keeps the
// accept goroutine.
func (x *IO) listenPolled(ln net.Listener, h AcceptHandler) Listener {
	if x.ep == nil {
		return nil
	}
	if l := x.ep.listenPolled(ln, h); l != nil {
		return l
	}
	return nil
}
