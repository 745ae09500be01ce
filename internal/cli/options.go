package cli

import (
	"io"
	"os"

	"github.com/netsh/netsh/luabind"
)

// runtimeOptions are the options of every runtime the command line builds,
// the shell's .clear included.
func runtimeOptions(argv []string, stdout, stderr io.Writer, interactive bool) luabind.Options {
	return luabind.Options{
		Argv:        argv,
		Stdout:      stdout,
		Stderr:      stderr,
		Interactive: interactive,
		IO:          ioMode(),
	}
}

// ioMode is NETSH_IO's choice of socket I/O: "portable" forces the
// goroutine path where epoll would be used, for chasing a bug in one of
// the two; anything else leaves the platform's default.
func ioMode() luabind.IOMode {
	if os.Getenv("NETSH_IO") == "portable" {
		return luabind.IOPortable
	}
	return luabind.IOAuto
}
