//go:build linux

package netio

import (
	"golang.org/x/sys/unix"
)

// epUDP receives a bound UDP socket's datagrams on the loop goroutine.
type epUDP struct {
	c      *PacketConn
	p      *epollSet
	fd     int
	closed bool
}

// readPolled puts a bound UDP socket in the loop's epoll set; nil keeps
// the reader goroutine.
func (x *IO) readPolled(c *PacketConn) interface{ close() } {
	if x.ep == nil {
		return nil
	}
	fd := -1
	c.rc.Control(func(f uintptr) { fd = int(f) })
	if fd < 0 {
		return nil
	}
	u := &epUDP{c: c, p: x.ep, fd: fd}
	if x.ep.add(fd, unix.EPOLLIN, u) != nil {
		return nil
	}
	return u
}

func (u *epUDP) onEvents(uint32) {
	// The answers to a burst go out together when it has been read (the
	// epoll set's Wait flushes them after this returns).
	u.p.udpBurst = true
	u.readBurst()
	u.p.udpBurst = false
}

// readBurst reads and delivers at most udpReadBatch datagrams, then lets
// other sockets have their turn.
func (u *epUDP) readBurst() {
	l := u.p.loop
	if u.p.recv == nil {
		u.p.recv = newRecvBatch()
	}
	r := u.p.recv
	for delivered := 0; delivered < udpReadBatch && !u.closed; {
		n, err := r.read(u.fd)
		switch {
		case err == unix.EINTR:
			continue
		case err == unix.EAGAIN:
			return
		case err == unix.ECONNREFUSED:
			// The ICMP port-unreachable a connected socket hears after a
			// send: reported as libuv's recv callback does, and reading
			// goes on (the kernel clears the error as it reports it).
			u.c.h.OnPacketError(err)
			l.AfterCallback()
			delivered++
			continue
		case err != nil:
			u.c.h.OnPacketError(err)
			return
		}
		// Copied out before any handler runs: the batch's buffers are the
		// epoll set's, shared by every socket.
		msgs := r.take(n)
		for i, m := range msgs {
			if u.closed {
				break
			}
			u.c.h.OnPacket(m.data, m.from)
			msgs[i] = datagram{}
			// Each datagram is its own callback in Node, ticks drained after it.
			l.AfterCallback()
		}
		delivered += n
		if n < len(r.hdrs) {
			return // the socket is empty: no need to ask again
		}
	}
}

func (u *epUDP) close() {
	if u.closed {
		return
	}
	u.closed = true
	u.p.remove(u.fd, true)
}
