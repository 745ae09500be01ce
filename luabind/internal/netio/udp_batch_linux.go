//go:build linux

package netio

import (
	"net/netip"
	"syscall"
	"unsafe"

	"golang.org/x/sys/unix"
)

// A responder answers each datagram of a burst with a send; on loopback a
// send is the costliest step of the answer (the kernel delivers it and
// wakes the peer). As with TCP writes (epoll_coalesce_linux.go), sends
// made while an event is dispatched or any loop callback runs are held and
// go out together in one sendmmsg: after the callback, or, while a burst
// of datagrams is being read, after the burst (at most udpReadBatch
// datagrams), so a lone datagram's answer waits for no other. Nothing a
// script sees changes but the time: completions still come in order, on
// a later tick, as Node's do.

// udpBatchMax is how many sends a socket holds before sending anyway.
const udpBatchMax = 64

// udpHeld is a held send: its bytes are pendBuf[off:off+n].
type udpHeld struct {
	off, n int
	dest   netip.AddrPort // invalid: the connected peer
	done   func(n int, err error)
	sent   int // the kernel's answer, reported once every datagram is out
	err    error
}

// mmsghdr is struct mmsghdr; Go pads the struct to its alignment as C does.
type mmsghdr struct {
	hdr unix.Msghdr
	n   uint32
}

// udpBatchState is a socket's held sends and the scratch space of their
// sendmmsg, kept between batches.
type udpBatchState struct {
	held    []udpHeld
	spare   []udpHeld // the list before, reused once its completions ran
	heldBuf []byte
	queued  bool // in the epoll set's udpDirty list
	hdrs    []mmsghdr
	iovs    []unix.Iovec
	names   []unix.RawSockaddrInet6
}

// holdSend reports whether a send should be held, and holds it.
func (c *PacketConn) holdSend(p []byte, dest netip.AddrPort, done func(n int, err error)) bool {
	ep := c.x.ep
	// (A burst is read while dispatching: udpBurst matters only to flushUDP.)
	if ep == nil || c.writing || len(c.wq) > 0 || !(ep.dispatching || ep.loop.InCallback()) {
		return false
	}
	b := &c.batch
	b.held = append(b.held, udpHeld{off: len(b.heldBuf), n: len(p), dest: dest, done: done})
	b.heldBuf = append(b.heldBuf, p...) // copied: the caller may reuse its Buffer
	if !b.queued {
		b.queued = true
		ep.udpDirty = append(ep.udpDirty, c)
	}
	if len(b.held) >= udpBatchMax {
		c.flushHeld()
	}
	return true
}

// flushUDP sends every socket's held datagrams, unless a burst is still
// being read; it reports whether there were any.
func (p *epollSet) flushUDP() bool {
	if p.udpBurst || len(p.udpDirty) == 0 {
		return false
	}
	for i := 0; i < len(p.udpDirty); i++ {
		c := p.udpDirty[i]
		p.udpDirty[i] = nil
		c.batch.queued = false
		c.flushHeld()
	}
	p.udpDirty = p.udpDirty[:0]
	return true
}

// flushHeld sends the held datagrams in order, then reports each one's
// result; on a full socket buffer the rest go to the writer goroutine.
// The completions run after every system call, on a list of their own,
// so one that sends again (or closes the socket) finds a fresh batch.
func (c *PacketConn) flushHeld() {
	b := &c.batch
	held := b.held
	if len(held) == 0 {
		return
	}
	b.held, b.spare = b.spare[:0], nil
	if b.hdrs == nil { // holdSend never holds more than udpBatchMax
		b.hdrs = make([]mmsghdr, udpBatchMax)
		b.iovs = make([]unix.Iovec, udpBatchMax)
		b.names = make([]unix.RawSockaddrInet6, udpBatchMax)
	}
	hdrs, iovs := b.hdrs[:len(held)], b.iovs[:len(held)]
	for i := range held {
		h := &held[i]
		hdrs[i] = mmsghdr{}
		iovs[i] = unix.Iovec{}
		if h.n > 0 {
			iovs[i].Base = &b.heldBuf[h.off]
			iovs[i].SetLen(h.n)
		}
		hdrs[i].hdr.Iov = &iovs[i]
		hdrs[i].hdr.SetIovlen(1)
		if h.dest.IsValid() {
			hdrs[i].hdr.Name = (*byte)(unsafe.Pointer(&b.names[i]))
			hdrs[i].hdr.Namelen = rawSockaddr(c.sockaddr(h.dest), &b.names[i])
		}
	}
	for i := 0; i < len(held); {
		c.x.ep.udpSends++
		sent, err := sendBatchAttempt(c.rc, hdrs[i:])
		switch {
		case sent > 0:
			for j := i; j < i+sent; j++ {
				held[j].sent = int(hdrs[j].n)
			}
			i += sent
		case err == unix.EINTR:
		case err == unix.EAGAIN:
			for j := i; j < len(held); j++ {
				h := &held[j]
				c.wq = append(c.wq, &udpSend{data: b.heldBuf[h.off : h.off+h.n], dest: h.dest, done: h.done})
				h.done = nil // the writer reports it
			}
			c.startWriter() // copies each datagram before the buffer is reused
			i = len(held)
		default: // this datagram's error; the rest are tried
			held[i].err = err
			i++
		}
	}
	b.heldBuf = b.heldBuf[:0]
	for i := range held {
		if done := held[i].done; done != nil {
			done(held[i].sent, held[i].err)
		}
		held[i] = udpHeld{}
	}
	b.spare = held[:0]
}

// sendBatchAttempt is sendmmsg on the socket without waiting; tests
// replace it to drive the full-buffer path.
var sendBatchAttempt = sendmmsg

// sendmmsg sends hdrs; it returns how many went out, or an error for the
// first.
func sendmmsg(rc syscall.RawConn, hdrs []mmsghdr) (int, error) {
	var sent int
	var serr error
	cerr := rc.Write(func(fd uintptr) bool {
		r, _, e := unix.RawSyscall6(unix.SYS_SENDMMSG, fd, uintptr(unsafe.Pointer(&hdrs[0])), uintptr(len(hdrs)), 0, 0, 0)
		if e != 0 {
			serr = e
		} else {
			sent = int(r)
		}
		return true // never wait for writability here
	})
	if cerr != nil {
		return 0, cerr
	}
	if serr == unix.EWOULDBLOCK {
		serr = unix.EAGAIN
	}
	return sent, serr
}

// rawSockaddr writes sa in the kernel's form into raw and returns its length.
func rawSockaddr(sa syscall.Sockaddr, raw *unix.RawSockaddrInet6) uint32 {
	switch a := sa.(type) {
	case *syscall.SockaddrInet4:
		r := (*unix.RawSockaddrInet4)(unsafe.Pointer(raw))
		*r = unix.RawSockaddrInet4{Family: unix.AF_INET, Addr: a.Addr}
		port := (*[2]byte)(unsafe.Pointer(&r.Port))
		port[0], port[1] = byte(a.Port>>8), byte(a.Port)
		return unix.SizeofSockaddrInet4
	case *syscall.SockaddrInet6:
		*raw = unix.RawSockaddrInet6{Family: unix.AF_INET6, Addr: a.Addr, Scope_id: a.ZoneId}
		port := (*[2]byte)(unsafe.Pointer(&raw.Port))
		port[0], port[1] = byte(a.Port>>8), byte(a.Port)
		return unix.SizeofSockaddrInet6
	}
	return 0
}
