//go:build linux

package netio

import (
	"io"
	"net"
	"time"

	"golang.org/x/sys/unix"
)

// epConn is a stream socket driven by the loop's epoll set: reads and
// writes are non-blocking system calls made on the loop goroutine. It
// wraps either a Go net.Conn (a dialed socket) or a bare descriptor
// accepted on the loop, which has no net.Conn at all.
type epConn struct {
	h      Handler
	p      *epollSet
	fd     int
	conn   net.Conn // nil for a descriptor accepted on the loop
	events uint32   // current interest
	parked bool     // removed from the set after a hang-up nobody reads
	wq     [][]byte
	closed bool
	// deferred marks writes made while an I/O event is dispatched: they
	// wait in wq, pendingLen bytes of them, until the handler returns,
	// and then go out in one writev (epoll_coalesce_linux.go).
	deferred        bool
	pendingLen      int
	shutdownPending bool // CloseWrite came while writes were queued
	local           *net.TCPAddr
	remote          *net.TCPAddr
}

// wrapPolled puts conn's descriptor in the set; nil if it has none.
func (p *epollSet) wrapPolled(conn net.Conn) *epConn {
	fd := fdOf(conn)
	if fd < 0 {
		return nil
	}
	c := &epConn{p: p, fd: fd, conn: conn}
	if p.add(fd, 0, c) != nil {
		return nil
	}
	c.local, _ = conn.LocalAddr().(*net.TCPAddr)
	c.remote, _ = conn.RemoteAddr().(*net.TCPAddr)
	return c
}

func (c *epConn) SetHandler(h Handler) { c.h = h }

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

func (c *epConn) ResumeRead() { c.setInterest(c.events | unix.EPOLLIN) }
func (c *epConn) PauseRead()  { c.setInterest(c.events &^ unix.EPOLLIN) }

func (c *epConn) onEvents(ev uint32) {
	if c.closed || c.h == nil {
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
		n, err = rawRead(c.fd, c.p.buf)
		if err != unix.EINTR {
			break
		}
	}
	switch {
	case err == unix.EAGAIN:
		return
	case err != nil:
		c.PauseRead()
		c.h.OnRead(nil, err)
	case n == 0:
		c.PauseRead()
		c.h.OnRead(nil, io.EOF)
	default:
		data := make([]byte, n)
		copy(data, c.p.buf[:n])
		c.h.OnRead(data, nil)
	}
}

// Write writes now when nothing waits and the kernel takes it; the rest
// is queued and written when epoll says the socket is writable.
func (c *epConn) Write(p []byte) {
	if c.closed {
		return
	}
	if c.deferred && len(p) >= directWrite {
		c.flushWithBig(p)
		return
	}
	if c.deferred || len(c.wq) == 0 && len(p) < directWrite && (c.p.dispatching || c.p.loop.InCallback()) {
		c.deferWrite(p)
		return
	}
	if len(c.wq) == 0 {
		c.p.writeCalls++
		n, err := writeNonBlocking(c.fd, p)
		if err != nil {
			c.h.OnWriteError(err)
			return
		}
		if n > 0 {
			c.h.OnWritten(int64(n))
		}
		if n == len(p) || c.closed {
			return
		}
		p = p[n:]
	}
	c.wq = append(c.wq, append([]byte(nil), p...)) // the caller may reuse its Buffer
	c.setInterest(c.events | unix.EPOLLOUT)
}

// flushWithBig sends what was deferred and then p, a write too big to be
// worth deferring, in one writev now: p is copied only as far as the
// kernel leaves it queued (deferring it would copy all of it).
func (c *epConn) flushWithBig(p []byte) {
	c.wq = append(c.wq, p)
	c.deferred, c.pendingLen = false, 0
	c.flushWrites()
	if len(c.wq) == 0 || c.closed {
		return
	}
	// What is left of p is still the caller's memory: copied, wherever
	// it sits in the queue, as the caller may reuse its Buffer.
	end := &p[len(p)-1]
	for i, q := range c.wq {
		if len(q) > 0 && &q[len(q)-1] == end {
			c.wq[i] = append([]byte(nil), q...)
		}
	}
	c.setInterest(c.events | unix.EPOLLOUT)
}

func writeNonBlocking(fd int, p []byte) (int, error) {
	n := 0
	for n < len(p) {
		m, err := rawWrite(fd, p[n:])
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
	for len(c.wq) > 0 {
		bufs := c.wq
		if len(bufs) > 64 {
			bufs = bufs[:64]
		}
		c.p.writeCalls++
		var n int
		var err error
		n, c.p.iov, err = rawWritev(c.fd, bufs, c.p.iov)
		if err == unix.EINTR {
			continue
		}
		if err == unix.EAGAIN {
			return
		}
		if err != nil {
			c.wq = nil
			c.h.OnWriteError(err)
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
		c.h.OnWritten(int64(n))
		if c.closed {
			return
		}
	}
	c.wq = nil
	c.setInterest(c.events &^ unix.EPOLLOUT)
	if c.shutdownPending {
		c.shutdownPending = false
		unix.Shutdown(c.fd, unix.SHUT_WR)
	}
}

// CloseWrite sends the FIN after what is queued: at once when nothing
// waits, else once the queue drains (a layer above, TLS, may end right
// after writing its last record).
func (c *epConn) CloseWrite() {
	if c.closed {
		return
	}
	if c.deferred {
		c.flushDeferred()
		if c.closed { // the flush failed and the error closed the socket
			return
		}
	}
	if len(c.wq) > 0 {
		c.shutdownPending = true
		return
	}
	unix.Shutdown(c.fd, unix.SHUT_WR)
}

// Close takes the descriptor out of the set, then closes it. Writes still
// deferred go out first, as they would have gone before the close had
// they not waited for the handler to return.
func (c *epConn) Close() {
	if c.closed {
		return
	}
	if c.deferred {
		c.flushDeferred()
		if c.closed { // the flush failed and the error closed the socket
			return
		}
	}
	c.closed = true
	c.wq = nil
	c.p.remove(c.fd, !c.parked)
	if c.conn != nil {
		c.conn.Close()
	} else {
		unix.Close(c.fd)
	}
}

func (c *epConn) Reset() {
	if c.deferred && !c.closed {
		c.flushDeferred()
	}
	if !c.closed {
		unix.SetsockoptLinger(c.fd, unix.SOL_SOCKET, unix.SO_LINGER, &unix.Linger{Onoff: 1, Linger: 0})
	}
	c.Close()
}

func (c *epConn) SetNoDelay(on bool) {
	if !c.closed {
		setNoDelayFD(c.fd, on)
	}
}

func (c *epConn) SetKeepAlive(on bool, d time.Duration) {
	if !c.closed {
		setKeepAliveFD(c.fd, on, d)
	}
}

// LocalAddr is asked of the kernel on first use for a socket accepted on
// the loop, as Node does.
func (c *epConn) LocalAddr() *net.TCPAddr {
	if c.local == nil && c.conn == nil && !c.closed {
		if sa, err := unix.Getsockname(c.fd); err == nil {
			c.local = sockaddrTCP(sa)
		}
	}
	return c.local
}

func (c *epConn) RemoteAddr() *net.TCPAddr { return c.remote }
