//go:build unix

package luabind

import (
	"os"
	"syscall"
)

// processSignals are the signals process events can be named after.
var processSignals = []processSignal{
	{"SIGINT", syscall.SIGINT, int(syscall.SIGINT)},
	{"SIGTERM", syscall.SIGTERM, int(syscall.SIGTERM)},
	{"SIGHUP", syscall.SIGHUP, int(syscall.SIGHUP)},
	{"SIGUSR1", syscall.SIGUSR1, int(syscall.SIGUSR1)},
	{"SIGUSR2", syscall.SIGUSR2, int(syscall.SIGUSR2)},
	{"SIGWINCH", syscall.SIGWINCH, int(syscall.SIGWINCH)},
}

// raiseDefault sends sig to this process again once nothing listens for
// it, so the runtime's default action (exit by the signal for SIGINT,
// SIGTERM, SIGHUP) happens as if it had never been caught.
func raiseDefault(sig os.Signal) {
	syscall.Kill(os.Getpid(), sig.(syscall.Signal))
}
