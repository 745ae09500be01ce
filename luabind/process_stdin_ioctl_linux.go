package luabind

import "golang.org/x/sys/unix"

// The termios requests, which differ between Linux and the BSDs.
const (
	ioctlGetTermios = unix.TCGETS
	ioctlSetTermios = unix.TCSETS
)
