//go:build linux

package luabind

import (
	"syscall"
	"unsafe"

	"golang.org/x/sys/unix"
)

// restoreSystemDefault sets sig's disposition to SIG_DFL with
// rt_sigaction: Go's runtime keeps its own handler for every signal and
// has no API to give one back to the system, which a process about to end
// by that signal needs.
func restoreSystemDefault(sig syscall.Signal) {
	var act [4]uint64 // struct sigaction: handler SIG_DFL (0), flags, restorer, mask all zero
	unix.RawSyscall6(unix.SYS_RT_SIGACTION, uintptr(sig), uintptr(unsafe.Pointer(&act)), 0, 8, 0, 0)
}
