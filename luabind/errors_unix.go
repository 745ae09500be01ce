//go:build unix

package luabind

import (
	"syscall"

	"golang.org/x/sys/unix"
)

// platformErrnoName is the system's name of en (ENODEV for 19 on Linux),
// "" for a number it does not name.
func platformErrnoName(en syscall.Errno) string { return unix.ErrnoName(en) }
