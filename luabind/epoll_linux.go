//go:build linux

package luabind

import (
	"encoding/binary"
	"io"
	"net"
	"net/netip"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// epoller is the loop's Poller on Linux: the loop goroutine waits in
// epoll_wait and then reads and writes the ready sockets itself, so a
// message costs no goroutine hand-off and an idle connection no goroutine.
// An eventfd in the set lets Post wake it.
type epoller struct {
	loop     *Loop
	epfd     int
	efd      int
	handlers map[int32]ioHandler
	events   []unix.EpollEvent
	buf      []byte // one read buffer for every socket, loop goroutine only
	wakeBuf  [8]byte
}

type ioHandler interface{ onEvents(ev uint32) }

func newEpoller(l *Loop) (*epoller, error) {
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
	p := &epoller{loop: l, epfd: epfd, efd: efd, handlers: map[int32]ioHandler{},
		events: make([]unix.EpollEvent, 256), buf: make([]byte, 256*1024)}
	binary.LittleEndian.PutUint64(p.wakeBuf[:], 1)
	return p, nil
}

// Wait waits for readiness (or a Wake) and runs the handlers of the ready
// sockets, draining the nextTick queue after each, as after any callback.
func (p *epoller) Wait(timeout time.Duration) {
	ms := -1
	if timeout >= 0 {
		ms = int((timeout + time.Millisecond - 1) / time.Millisecond) // round up: never spin early
	}
	n, err := unix.EpollWait(p.epfd, p.events, ms)
	if err != nil {
		return // EINTR: the loop comes back
	}
	l := p.loop
	for i := 0; i < n; i++ {
		ev := p.events[i]
		if int(ev.Fd) == p.efd {
			var b [8]byte
			unix.Read(p.efd, b[:])
			continue
		}
		if h := p.handlers[ev.Fd]; h != nil {
			h.onEvents(ev.Events)
			if len(l.ticks) > 0 {
				l.drainTicks()
			}
		}
		if l.stopped.Load() {
			return
		}
	}
}

// Wake interrupts a Wait; safe from any goroutine.
func (p *epoller) Wake() { unix.Write(p.efd, p.wakeBuf[:]) }

func (p *epoller) ctl(op, fd int, events uint32) error {
	ev := unix.EpollEvent{Events: events, Fd: int32(fd)}
	return unix.EpollCtl(p.epfd, op, fd, &ev)
}

func (p *epoller) close() {
	unix.Close(p.epfd)
	unix.Close(p.efd)
}

// installPoller makes the loop wait in epoll. If epoll is unavailable the
// portable goroutine path is used.
func (rt *Runtime) installPoller() {
	if portableIO() || rt.opts.IO == IOPortable {
		return
	}
	if p, err := newEpoller(rt.loop); err == nil {
		rt.ep = p
		rt.loop.SetPoller(p)
	}
}

func (rt *Runtime) closePoller() {
	if rt.ep != nil {
		rt.ep.close()
		rt.ep = nil
	}
}

// epConn is a socket driven by the loop's epoll set: reads and writes are
// non-blocking system calls made on the loop goroutine.
type epConn struct {
	s      *Socket
	p      *epoller
	fd     int
	events uint32 // current interest
	parked bool   // removed from the set after a hang-up nobody reads
	wq     [][]byte
	closed bool
}

// newEvIO registers conn's descriptor with the loop's epoll set; nil means
// use the goroutine path (no epoll, or not a socket with a descriptor).
func (rt *Runtime) newEvIO(s *Socket, conn net.Conn) evIO {
	if rt.ep == nil {
		return nil
	}
	sc, ok := conn.(syscall.Conn)
	if !ok {
		return nil
	}
	rc, err := sc.SyscallConn()
	if err != nil {
		return nil
	}
	fd := -1
	rc.Control(func(f uintptr) { fd = int(f) })
	if fd < 0 {
		return nil
	}
	c := &epConn{s: s, p: rt.ep, fd: fd}
	if err := rt.ep.ctl(unix.EPOLL_CTL_ADD, fd, 0); err != nil {
		return nil
	}
	rt.ep.handlers[int32(fd)] = c
	return c
}

func (c *epConn) setInterest(events uint32) {
	if c.closed || events == c.events {
		return
	}
	c.events = events
	if c.parked {
		if events == 0 {
			return
		}
		c.parked = false
		c.p.ctl(unix.EPOLL_CTL_ADD, c.fd, events)
		return
	}
	c.p.ctl(unix.EPOLL_CTL_MOD, c.fd, events)
}

func (c *epConn) setRead(on bool) {
	if on {
		c.setInterest(c.events | unix.EPOLLIN)
	} else {
		c.setInterest(c.events &^ unix.EPOLLIN)
	}
}

func (c *epConn) onEvents(ev uint32) {
	if c.closed {
		return
	}
	if ev&unix.EPOLLOUT != 0 || (ev&(unix.EPOLLERR|unix.EPOLLHUP) != 0 && len(c.wq) > 0) {
		c.flushWrites()
		if c.closed {
			return
		}
	}
	if c.events&unix.EPOLLIN != 0 && ev&(unix.EPOLLIN|unix.EPOLLERR|unix.EPOLLHUP|unix.EPOLLRDHUP) != 0 {
		c.readOnce()
		return
	}
	if ev&(unix.EPOLLERR|unix.EPOLLHUP) != 0 && c.events == 0 {
		// Hang-ups are reported whatever the interest: with nobody reading
		// or writing, step out of the set until someone is.
		c.parked = true
		c.p.ctl(unix.EPOLL_CTL_DEL, c.fd, 0)
	}
}

// readOnce reads what one call gives: level-triggered epoll brings the
// socket back next turn if more is waiting, so busy sockets share the loop.
func (c *epConn) readOnce() {
	var n int
	var err error
	for {
		n, err = unix.Read(c.fd, c.p.buf)
		if err != unix.EINTR {
			break
		}
	}
	switch {
	case err == unix.EAGAIN:
		return
	case err != nil:
		c.setRead(false)
		c.s.onRead(nil, err)
	case n == 0:
		c.setRead(false)
		c.s.onRead(nil, io.EOF)
	default:
		data := make([]byte, n)
		copy(data, c.p.buf[:n])
		c.s.onRead(data, nil)
	}
}

// send writes now when nothing waits and the kernel takes it; the rest is
// queued and written when epoll says the socket is writable.
func (c *epConn) send(p []byte) {
	if c.closed {
		return
	}
	s := c.s
	if len(c.wq) == 0 {
		n, err := writeNonBlocking(c.fd, p)
		if err != nil {
			s.destroy(s.rt.SystemError(SysErr{Err: err, Syscall: "write"}))
			return
		}
		if n == len(p) {
			s.written(int64(n))
			return
		}
		s.bytesWritten += int64(n)
		p = p[n:]
	}
	c.wq = append(c.wq, append([]byte(nil), p...)) // the caller may reuse its Buffer
	c.setInterest(c.events | unix.EPOLLOUT)
}

func writeNonBlocking(fd int, p []byte) (int, error) {
	n := 0
	for n < len(p) {
		m, err := unix.Write(fd, p[n:])
		if err == unix.EINTR {
			continue
		}
		if err == unix.EAGAIN {
			return n, nil
		}
		if err != nil {
			return n, err
		}
		n += m
	}
	return n, nil
}

// flushWrites writes the queue with writev while the kernel takes it.
func (c *epConn) flushWrites() {
	s := c.s
	for len(c.wq) > 0 {
		bufs := c.wq
		if len(bufs) > 64 {
			bufs = bufs[:64]
		}
		n, err := unix.Writev(c.fd, bufs)
		if err == unix.EINTR {
			continue
		}
		if err == unix.EAGAIN {
			return
		}
		if err != nil {
			c.wq = nil
			s.destroy(s.rt.SystemError(SysErr{Err: err, Syscall: "write"}))
			return
		}
		done := n
		for done > 0 && len(c.wq) > 0 {
			if done >= len(c.wq[0]) {
				done -= len(c.wq[0])
				c.wq[0] = nil
				c.wq = c.wq[1:]
			} else {
				c.wq[0] = c.wq[0][done:]
				done = 0
			}
		}
		s.written(int64(n))
		if c.closed {
			return
		}
	}
	c.wq = nil
	c.setInterest(c.events &^ unix.EPOLLOUT)
}

// close takes the descriptor out of the set before the socket closes it.
func (c *epConn) close() {
	if c.closed {
		return
	}
	c.closed = true
	c.wq = nil
	if !c.parked {
		c.p.ctl(unix.EPOLL_CTL_DEL, c.fd, 0)
	}
	delete(c.p.handlers, int32(c.fd))
}

// --- sockets accepted on the loop: bare descriptors, no net.Conn ---

// rawSock owns a descriptor accepted with accept4 on the loop goroutine.
type rawSock struct{ fd int }

func (r *rawSock) closeFD()       { unix.Close(r.fd) }
func (r *rawSock) shutdownWrite() { unix.Shutdown(r.fd, unix.SHUT_WR) }
func (r *rawSock) setNoDelay(on bool) {
	unix.SetsockoptInt(r.fd, unix.IPPROTO_TCP, unix.TCP_NODELAY, boolInt(on))
}
func (r *rawSock) setKeepAlive(on bool, ms int) {
	unix.SetsockoptInt(r.fd, unix.SOL_SOCKET, unix.SO_KEEPALIVE, boolInt(on))
	if on && ms > 0 {
		secs := (ms + 999) / 1000
		unix.SetsockoptInt(r.fd, unix.IPPROTO_TCP, unix.TCP_KEEPIDLE, secs)
		unix.SetsockoptInt(r.fd, unix.IPPROTO_TCP, unix.TCP_KEEPINTVL, secs)
	}
}
func (r *rawSock) linger0() {
	unix.SetsockoptLinger(r.fd, unix.SOL_SOCKET, unix.SO_LINGER, &unix.Linger{Onoff: 1, Linger: 0})
}
func (r *rawSock) localAddr() *net.TCPAddr {
	sa, err := unix.Getsockname(r.fd)
	if err != nil {
		return nil
	}
	return sockaddrTCP(sa)
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
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

// epListener accepts on the loop goroutine when epoll says a TCP listener
// is readable: no accept goroutine and no hand-off per connection.
type epListener struct {
	srv    *Server
	p      *epoller
	fd     int
	closed bool
}

// acceptOnLoop arranges for ln's connections to be accepted by the loop;
// false means keep the accept goroutine.
func (rt *Runtime) acceptOnLoop(srv *Server, ln net.Listener) loopListener {
	if rt.ep == nil {
		return nil
	}
	tl, ok := ln.(*net.TCPListener)
	if !ok {
		return nil
	}
	rc, err := tl.SyscallConn()
	if err != nil {
		return nil
	}
	fd := -1
	rc.Control(func(f uintptr) { fd = int(f) })
	if fd < 0 || rt.ep.ctl(unix.EPOLL_CTL_ADD, fd, unix.EPOLLIN) != nil {
		return nil
	}
	l := &epListener{srv: srv, p: rt.ep, fd: fd}
	rt.ep.handlers[int32(fd)] = l
	return l
}

func (l *epListener) onEvents(uint32) {
	for i := 0; i < 64 && !l.closed; i++ { // a bounded batch: other sockets get their turn
		nfd, sa, err := unix.Accept4(l.fd, unix.SOCK_NONBLOCK|unix.SOCK_CLOEXEC)
		if err == unix.EINTR || err == unix.ECONNABORTED {
			continue
		}
		if err == unix.EAGAIN {
			return
		}
		if err != nil {
			l.srv.acceptError(err)
			return
		}
		c := &epConn{p: l.p, fd: nfd}
		raw := &rawSock{fd: nfd}
		if l.p.ctl(unix.EPOLL_CTL_ADD, nfd, 0) != nil {
			unix.Close(nfd)
			continue
		}
		l.p.handlers[int32(nfd)] = c
		l.srv.onAccepted(sockaddrTCP(sa), func(s *Socket) {
			c.s = s
			s.attachRaw(c, raw, s.remote, "tcp socket")
		}, func() { c.close(); raw.closeFD() })
	}
}

func (l *epListener) close() {
	if l.closed {
		return
	}
	l.closed = true
	l.p.ctl(unix.EPOLL_CTL_DEL, l.fd, 0)
	delete(l.p.handlers, int32(l.fd))
}

// --- UDP sockets read on the loop ---

// epUDP receives a bound UDP socket's datagrams on the loop goroutine.
type epUDP struct {
	s      *DgramSocket
	p      *epoller
	fd     int
	closed bool
}

// udpOnLoop puts a bound UDP socket in the loop's epoll set; nil keeps the
// reader goroutine.
func (rt *Runtime) udpOnLoop(s *DgramSocket, rc syscall.RawConn) loopListener {
	if rt.ep == nil {
		return nil
	}
	fd := -1
	rc.Control(func(f uintptr) { fd = int(f) })
	if fd < 0 || rt.ep.ctl(unix.EPOLL_CTL_ADD, fd, unix.EPOLLIN) != nil {
		return nil
	}
	u := &epUDP{s: s, p: rt.ep, fd: fd}
	rt.ep.handlers[int32(fd)] = u
	return u
}

func (u *epUDP) onEvents(uint32) {
	l := u.p.loop
	for i := 0; i < 64 && !u.closed; i++ { // a bounded batch, then others' turn
		n, sa, err := unix.Recvfrom(u.fd, u.p.buf, 0)
		switch {
		case err == unix.EINTR:
			continue
		case err == unix.EAGAIN:
			return
		case err == unix.ECONNREFUSED:
			continue // ICMP for a connected socket: Node reports it on send
		case err != nil:
			u.s.rt.EmitGo(u.s.Emitter(), "error", u.s.rt.SystemError(SysErr{Err: err, Syscall: "recvmsg"}))
			return
		}
		data := make([]byte, n)
		copy(data, u.p.buf[:n])
		u.s.deliver(data, sockaddrAddrPort(sa))
		// Each datagram is its own callback in Node, ticks drained after it.
		if len(l.ticks) > 0 {
			l.drainTicks()
		}
	}
}

func (u *epUDP) close() {
	if u.closed {
		return
	}
	u.closed = true
	u.p.ctl(unix.EPOLL_CTL_DEL, u.fd, 0)
	delete(u.p.handlers, int32(u.fd))
}

func sockaddrAddrPort(sa unix.Sockaddr) netip.AddrPort {
	switch a := sa.(type) {
	case *unix.SockaddrInet4:
		return netip.AddrPortFrom(netip.AddrFrom4(a.Addr), uint16(a.Port))
	case *unix.SockaddrInet6:
		return netip.AddrPortFrom(netip.AddrFrom16(a.Addr), uint16(a.Port))
	}
	return netip.AddrPort{}
}
