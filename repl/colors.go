package repl

import (
	"io"
	"os"

	"github.com/chzyer/readline"
)

// useColors decides, once per session, whether values and errors are
// styled as in Node's REPL: only when stdout is a terminal, and never
// under NO_COLOR (any non-empty value, no-color.org), NODE_DISABLE_COLORS
// or TERM=dumb; FORCE_COLOR (not "0") styles even when piped, as in Node.
func useColors(stdout io.Writer) bool {
	if v := os.Getenv("NO_COLOR"); v != "" {
		return false
	}
	if os.Getenv("NODE_DISABLE_COLORS") != "" {
		return false
	}
	if v, ok := os.LookupEnv("FORCE_COLOR"); ok {
		return v != "0" && v != "false"
	}
	if os.Getenv("TERM") == "dumb" {
		return false
	}
	f, ok := stdout.(*os.File)
	return ok && readline.IsTerminal(int(f.Fd()))
}
