// Command netsh is a scriptable network shell: Lua with Node.js's
// networking APIs on a Go event loop. See README.md.
package main

import (
	"fmt"
	"io"
	"os"

	"github.com/chzyer/readline"

	"github.com/netsh/netsh/luabind"
	"github.com/netsh/netsh/repl"
)

const usage = `netsh %s: Lua with Node.js's net, dgram, Buffer, events and timers.

Usage:
  netsh                      interactive shell on a terminal (stdin run as a script otherwise)
  netsh FILE.lua [args...]   run a script until its last handle closes
  netsh -i FILE.lua [args]   run a script, then open the shell with its globals
  netsh -e CODE [args...]    run CODE
  netsh -                    run a script read from standard input
  netsh --version            print the version
  netsh --help               print this help

Options (before the script):
  --plugin FILE              load a Lua plugin (repeatable)
  --no-plugins               load no plugins, not even netsh's own

Plugins also load from $NETSH_PLUGIN_PATH (colon-separated folders) and
$XDG_CONFIG_HOME/netsh/plugins (default ~/.config/netsh/plugins).
`

func main() {
	tuneGC()
	stop := startCPUProfile(os.Stderr) // NETSH_CPUPROFILE=file, for bench/
	code := run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run parses the command line and hands off to the runtime; it returns the
// process's exit status.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	exe, _ := os.Executable()
	if exe == "" {
		exe = "netsh"
	}
	var po pluginOpts
	for len(args) > 0 {
		switch a := args[0]; {
		case a == "--no-plugins":
			po.none, args = true, args[1:]
			continue
		case a == "--plugin":
			if len(args) < 2 {
				fmt.Fprintln(stderr, "netsh: --plugin needs a file")
				return 2
			}
			po.files, args = append(po.files, args[1]), args[2:]
			continue
		case len(a) > 9 && a[:9] == "--plugin=":
			po.files, args = append(po.files, a[9:]), args[1:]
			continue
		}
		break
	}
	if len(args) == 0 {
		if isTerminal(stdin) {
			return runREPL(exe, "", nil, po, stdout, stderr)
		}
		args = []string{"-"} // piped input is a script
	}
	var src, name string
	var rest []string
	switch a := args[0]; a {
	case "--version", "-v":
		fmt.Fprintf(stdout, "netsh %s\n", luabind.Version)
		return 0
	case "--help", "-h":
		fmt.Fprintf(stdout, usage, luabind.Version)
		return 0
	case "-e":
		if len(args) < 2 {
			fmt.Fprintln(stderr, "netsh: -e needs an argument")
			return 2
		}
		src, name, rest = args[1], "[command line]", args[2:]
	case "-i":
		if len(args) < 2 {
			fmt.Fprintln(stderr, "netsh: -i needs a script")
			return 2
		}
		if _, err := os.Stat(args[1]); err != nil {
			fmt.Fprintf(stderr, "netsh: cannot open %s: no such file\n", args[1])
			return 2
		}
		return runREPL(exe, args[1], args[2:], po, stdout, stderr)
	case "-":
		b, err := io.ReadAll(stdin)
		if err != nil {
			fmt.Fprintf(stderr, "netsh: reading stdin: %v\n", err)
			return 2
		}
		src, name, rest = string(b), "[stdin]", args[1:]
	default:
		if len(a) > 1 && a[0] == '-' {
			fmt.Fprintf(stderr, "netsh: unknown option %s\n", a)
			fmt.Fprintf(stderr, usage, luabind.Version)
			return 2
		}
		name, rest = a, args[1:]
	}
	argv := append([]string{exe, name}, rest...)
	if name == "[command line]" {
		argv = append([]string{exe}, rest...)
	}
	po.lazy = true // a script: the REPL's plugin commands are not needed up front
	rt, err := newRuntime(luabind.Options{Argv: argv, Stdout: stdout, Stderr: stderr}, po, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "netsh: %v\n", err)
		return 1
	}
	var code int
	if src == "" && name != "[command line]" && name != "[stdin]" {
		code, err = rt.RunFile(name)
	} else {
		code, err = rt.RunString(src, name)
	}
	if err != nil {
		fmt.Fprintf(stderr, "netsh: %v\n", err)
	}
	return code
}

// isTerminal reports whether f is an *os.File on a terminal.
func isTerminal(f any) bool {
	file, ok := f.(*os.File)
	return ok && readline.IsTerminal(int(file.Fd()))
}

// runREPL opens the interactive shell, after running script if given.
func runREPL(exe, script string, rest []string, po pluginOpts, stdout, stderr io.Writer) int {
	argv := []string{exe}
	if script != "" {
		argv = append(argv, script)
		argv = append(argv, rest...)
	}
	opts := luabind.Options{Argv: argv, Stdout: stdout, Stderr: stderr, Interactive: true}
	rt, err := newRuntime(opts, po, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "netsh: %v\n", err)
		return 1
	}
	return repl.Run(rt, repl.Config{
		// .clear starts over with the plugins loaded again.
		NewRuntime:  func() (*luabind.Runtime, error) { return newRuntime(opts, po, stderr) },
		Stdout:      stdout,
		Stderr:      stderr,
		HistoryFile: repl.HistoryPath(),
		Script:      script,
	})
}
