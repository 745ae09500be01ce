//go:build unix && !linux

package luabind

import "syscall"

// restoreSystemDefault is Linux-only; elsewhere SIGUSR2 keeps Go's
// default, which ignores it.
func restoreSystemDefault(syscall.Signal) {}
