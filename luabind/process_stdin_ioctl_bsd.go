//go:build darwin || freebsd || netbsd || openbsd || dragonfly

package luabind

import "golang.org/x/sys/unix"

// The termios requests, which differ between Linux and the BSDs.
const (
	ioctlGetTermios = unix.TIOCGETA
	ioctlSetTermios = unix.TIOCSETA
)
