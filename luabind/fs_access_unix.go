//go:build unix

package luabind

import "syscall"

// accessPath is access(2): can the process reach path with mode (R/W/X bits)?
func accessPath(path string, mode uint32) error { return syscall.Access(path, mode) }
