//go:build unix

package luabind

import (
	"os"
	"syscall"
)

// processSignals are the signals process events can be named after.
var processSignals = []processSignal{
	{"SIGINT", syscall.SIGINT, int(syscall.SIGINT), false},
	{"SIGTERM", syscall.SIGTERM, int(syscall.SIGTERM), false},
	{"SIGHUP", syscall.SIGHUP, int(syscall.SIGHUP), false},
	{"SIGUSR1", syscall.SIGUSR1, int(syscall.SIGUSR1), false},
	{"SIGUSR2", syscall.SIGUSR2, int(syscall.SIGUSR2), true},
	{"SIGWINCH", syscall.SIGWINCH, int(syscall.SIGWINCH), false},
}

// raiseDefault sends sig to this process again once nothing listens for
// it, so the runtime's default action (exit by the signal for SIGINT,
// SIGTERM, SIGHUP) happens as if it had never been caught.
func raiseDefault(sig os.Signal) {
	s := sig.(syscall.Signal)
	if s == syscall.SIGUSR2 {
		restoreSystemDefault(s) // Go's own default ignores it; the system's ends the process, as in Node
	}
	syscall.Kill(os.Getpid(), s)
}
