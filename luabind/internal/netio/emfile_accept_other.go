//go:build unix && !linux

package netio

import (
	"syscall"

	"golang.org/x/sys/unix"
)

// acceptClose accepts one connection on lfd and closes it at once. With
// no accept4, the fork lock keeps a concurrent exec from inheriting the
// descriptor in between, as Go's own accept does.
func acceptClose(lfd int) error {
	syscall.ForkLock.RLock()
	defer syscall.ForkLock.RUnlock()
	nfd, _, err := unix.Accept(lfd)
	if err == nil {
		unix.Close(nfd)
	}
	return err
}
