//go:build !linux

package netio

import "syscall"

// Source-specific multicast is wired up on Linux only; elsewhere it
// reports ENOSYS, as libuv does where the platform lacks it.

func sourceMembership4(rc syscall.RawConn, join bool, group, source, ifaddr [4]byte) error {
	return syscall.ENOSYS
}

func sourceMembership6(rc syscall.RawConn, join bool, group, source [16]byte, groupScope, sourceScope uint32, index int) error {
	return syscall.ENOSYS
}
