//go:build linux

package netio

import (
	"encoding/binary"
	"strconv"
	"syscall"

	"golang.org/x/sys/unix"
)

// Source-specific multicast, as libuv does it on Linux: IP_ADD_SOURCE_MEMBERSHIP
// with a struct ip_mreq_source for IPv4, MCAST_JOIN_SOURCE_GROUP with a
// struct group_source_req for IPv6. Neither struct has a setter in the
// syscall packages, so they are laid out here byte by byte.

// sourceMembership4 sets IP_ADD/DROP_SOURCE_MEMBERSHIP. Linux's
// ip_mreq_source is { imr_multiaddr, imr_interface, imr_sourceaddr }.
func sourceMembership4(rc syscall.RawConn, join bool, group, source, ifaddr [4]byte) error {
	opt := unix.IP_DROP_SOURCE_MEMBERSHIP
	if join {
		opt = unix.IP_ADD_SOURCE_MEMBERSHIP
	}
	var mreq [12]byte
	copy(mreq[0:4], group[:])
	copy(mreq[4:8], ifaddr[:])
	copy(mreq[8:12], source[:])
	return withFD(rc, func(fd int) error {
		return unix.SetsockoptString(fd, unix.IPPROTO_IP, opt, string(mreq[:]))
	})
}

// sockaddrStorageSize is sizeof(struct sockaddr_storage).
const sockaddrStorageSize = 128

// sourceMembership6 sets MCAST_JOIN/LEAVE_SOURCE_GROUP. group_source_req
// is { uint32 gsr_interface; sockaddr_storage gsr_group, gsr_source },
// the storages aligned to a pointer.
func sourceMembership6(rc syscall.RawConn, join bool, group, source [16]byte, groupScope, sourceScope uint32, index int) error {
	opt := unix.MCAST_LEAVE_SOURCE_GROUP
	if join {
		opt = unix.MCAST_JOIN_SOURCE_GROUP
	}
	off := strconv.IntSize / 8 // gsr_group follows the interface, aligned
	req := make([]byte, off+2*sockaddrStorageSize)
	binary.NativeEndian.PutUint32(req[0:4], uint32(index))
	putSockaddr6(req[off:], group, groupScope)
	putSockaddr6(req[off+sockaddrStorageSize:], source, sourceScope)
	return withFD(rc, func(fd int) error {
		return unix.SetsockoptString(fd, unix.IPPROTO_IPV6, opt, string(req))
	})
}

// putSockaddr6 writes a struct sockaddr_in6 with port 0: family (host
// order), port, flowinfo, address, scope id.
func putSockaddr6(b []byte, addr [16]byte, scope uint32) {
	binary.NativeEndian.PutUint16(b[0:2], unix.AF_INET6)
	copy(b[8:24], addr[:])
	binary.NativeEndian.PutUint32(b[24:28], scope)
}
