package netio

import "golang.org/x/sys/unix"

// acceptClose accepts one connection on lfd and closes it at once; the
// descriptor is close-on-exec from the start, so no child inherits it.
func acceptClose(lfd int) error {
	nfd, _, err := unix.Accept4(lfd, unix.SOCK_CLOEXEC)
	if err == nil {
		unix.Close(nfd)
	}
	return err
}
