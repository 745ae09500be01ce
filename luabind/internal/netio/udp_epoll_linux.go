//go:build linux

package netio

import (
	"net/netip"

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
	l := u.p.loop
	for i := 0; i < 64 && !u.closed; i++ { // a bounded batch, then others' turn
		n, sa, err := unix.Recvfrom(u.fd, u.p.buf, 0)
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
			continue
		case err != nil:
			u.c.h.OnPacketError(err)
			return
		}
		data := make([]byte, n)
		copy(data, u.p.buf[:n])
		u.c.h.OnPacket(data, sockaddrAddrPort(sa))
		// Each datagram is its own callback in Node, ticks drained after it.
		l.AfterCallback()
	}
}

func (u *epUDP) close() {
	if u.closed {
		return
	}
	u.closed = true
	u.p.remove(u.fd, true)
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
