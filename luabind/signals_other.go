//go:build !unix

package luabind

import (
	"os"
	"syscall"
)

// processSignals are the signals this platform can deliver to a program.
var processSignals = []processSignal{
	{"SIGINT", os.Interrupt, int(syscall.SIGINT), false},
	{"SIGTERM", syscall.SIGTERM, int(syscall.SIGTERM), false},
}

// raiseDefault ends the process as the signal's default action would;
// there is no way to send it to ourselves here, so the status says which
// signal it was, as a shell reports one.
func raiseDefault(sig os.Signal) {
	if s, ok := sig.(syscall.Signal); ok {
		os.Exit(128 + int(s))
	}
	os.Exit(128 + int(syscall.SIGINT))
}
