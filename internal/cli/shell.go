package cli

import (
	"io"
	"os"

	"github.com/chzyer/readline"

	"github.com/netsh/netsh/luabind"
	"github.com/netsh/netsh/repl"
)

// isTerminal reports whether f is an *os.File on a terminal.
func isTerminal(f any) bool {
	file, ok := f.(*os.File)
	return ok && readline.IsTerminal(int(file.Fd()))
}

// runREPL opens the interactive shell, after running script if given.
func runREPL(exe, script string, rest []string, g *globalOpts, stdout, stderr io.Writer) int {
	argv := []string{exe}
	if script != "" {
		argv = append(argv, script)
		argv = append(argv, rest...)
	}
	opts := runtimeOptions(argv, stdout, stderr, true)
	// The shell reads the terminal: process.stdin stays os.Stdin.
	return g.withRuntime(opts, false, stderr, func(rt *luabind.Runtime, opts luabind.Options) int {
		return repl.Run(rt, repl.Config{
			// .clear starts over with the plugins loaded again.
			NewRuntime:  func() (*luabind.Runtime, error) { return newRuntime(opts, g.plugins, stderr) },
			Stdout:      stdout,
			Stderr:      stderr,
			HistoryFile: repl.HistoryPath(),
			Script:      script,
		})
	})
}
