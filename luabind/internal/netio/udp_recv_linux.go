//go:build linux

package netio

import (
	"net/netip"
	"unsafe"

	"golang.org/x/sys/unix"
)

// A burst of datagrams (a load generator's queries, a peer's stream) is
// read with one recvmmsg instead of a recvfrom each: the system call, not
// the copy, is the cost of a small datagram.

// udpReadBatch is how many datagrams one readiness event delivers before
// other sockets get their turn; udpRecvSlots how many one recvmmsg takes.
const (
	udpReadBatch = 64
	udpRecvSlots = 16
	udpSlotSize  = 64 * 1024 // a UDP payload's largest, so nothing is cut
)

// recvBatch is recvmmsg's scratch space, one per epoll set: the slots'
// pages are touched only as far as datagrams fill them.
type recvBatch struct {
	buf   []byte
	hdrs  []mmsghdr
	iovs  []unix.Iovec
	names []unix.RawSockaddrInet6
	out   []datagram
}

// datagram is one received datagram, copied out of the batch.
type datagram struct {
	data []byte
	from netip.AddrPort
}

func newRecvBatch() *recvBatch {
	r := &recvBatch{buf: make([]byte, udpRecvSlots*udpSlotSize), hdrs: make([]mmsghdr, udpRecvSlots),
		iovs: make([]unix.Iovec, udpRecvSlots), names: make([]unix.RawSockaddrInet6, udpRecvSlots),
		out: make([]datagram, 0, udpRecvSlots)}
	for i := range r.hdrs {
		r.iovs[i].Base = &r.buf[i*udpSlotSize]
		r.iovs[i].SetLen(udpSlotSize)
	}
	return r
}

// read receives up to udpRecvSlots datagrams without waiting.
func (r *recvBatch) read(fd int) (int, error) {
	for i := range r.hdrs {
		r.hdrs[i] = mmsghdr{}
		h := &r.hdrs[i].hdr
		h.Iov = &r.iovs[i]
		h.SetIovlen(1)
		h.Name = (*byte)(unsafe.Pointer(&r.names[i]))
		h.Namelen = unix.SizeofSockaddrInet6
	}
	n, _, e := unix.RawSyscall6(unix.SYS_RECVMMSG, uintptr(fd), uintptr(unsafe.Pointer(&r.hdrs[0])), uintptr(len(r.hdrs)),
		unix.MSG_DONTWAIT, 0, 0)
	if e != 0 {
		if e == unix.EWOULDBLOCK {
			return 0, unix.EAGAIN
		}
		return 0, e
	}
	return int(n), nil
}

// take copies the first n datagrams read out of the batch.
func (r *recvBatch) take(n int) []datagram {
	out := r.out[:0]
	for i := 0; i < n; i++ {
		size := int(r.hdrs[i].n)
		data := make([]byte, size)
		copy(data, r.buf[i*udpSlotSize:i*udpSlotSize+size])
		out = append(out, datagram{data: data, from: rawAddrPort(&r.names[i])})
	}
	r.out = out
	return out
}

// rawAddrPort reads a sockaddr the kernel wrote.
func rawAddrPort(raw *unix.RawSockaddrInet6) netip.AddrPort {
	port := (*[2]byte)(unsafe.Pointer(&raw.Port))
	p := uint16(port[0])<<8 | uint16(port[1])
	switch raw.Family {
	case unix.AF_INET:
		a := (*unix.RawSockaddrInet4)(unsafe.Pointer(raw))
		return netip.AddrPortFrom(netip.AddrFrom4(a.Addr), p)
	case unix.AF_INET6:
		return netip.AddrPortFrom(netip.AddrFrom16(raw.Addr), p)
	}
	return netip.AddrPort{}
}
