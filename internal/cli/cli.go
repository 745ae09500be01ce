// Package cli is netsh's command line: it parses the arguments, loads the
// plugins and runs a script, code from -e or standard input, or the shell.
// main calls Run and exits with what it returns.
package cli

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"sync"

	"github.com/netsh/netsh/luabind"
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

// Names a chunk gets when it has no file: they show in error messages.
const (
	commandLineChunk = "[command line]"
	stdinChunk       = "[stdin]"
)

// gcTuned: the GC tuning is process-wide and re-arms itself, so it is set
// up once however often Run is called (tests call it many times).
var gcTuned sync.Once

// Run runs netsh with args (os.Args[1:]) and returns the process's exit
// status. stdin is read for "-" and for piped input; the shell opens only
// when stdin is an *os.File on a terminal. shipped holds the plugins that
// ship with netsh, *.lua at its root.
func Run(args []string, stdin io.Reader, stdout, stderr io.Writer, shipped fs.FS) int {
	gcTuned.Do(tuneGC)
	stop := startCPUProfile(stderr) // NETSH_CPUPROFILE=file, for bench/
	defer stop()
	return run(args, stdin, stdout, stderr, shipped)
}

// run parses the command line and hands off to the runtime or the shell.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer, shipped fs.FS) int {
	exe, _ := os.Executable()
	if exe == "" {
		exe = "netsh"
	}
	po, args, ok := pluginFlags(args, stderr)
	if !ok {
		return 2
	}
	po.shipped = shipped
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
		src, name, rest = args[1], commandLineChunk, args[2:]
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
		src, name, rest = string(b), stdinChunk, args[1:]
	default:
		if len(a) > 1 && a[0] == '-' {
			fmt.Fprintf(stderr, "netsh: unknown option %s\n", a)
			fmt.Fprintf(stderr, usage, luabind.Version)
			return 2
		}
		name, rest = a, args[1:]
	}
	return runScript(exe, src, name, rest, po, stdout, stderr)
}

// pluginFlags takes the plugin options off the front of args. ok is false
// after a usage error, already reported on stderr.
func pluginFlags(args []string, stderr io.Writer) (po pluginOpts, rest []string, ok bool) {
	for len(args) > 0 {
		switch a := args[0]; {
		case a == "--no-plugins":
			po.none, args = true, args[1:]
			continue
		case a == "--plugin":
			if len(args) < 2 {
				fmt.Fprintln(stderr, "netsh: --plugin needs a file")
				return po, nil, false
			}
			po.files, args = append(po.files, args[1]), args[2:]
			continue
		case len(a) > 9 && a[:9] == "--plugin=":
			po.files, args = append(po.files, a[9:]), args[1:]
			continue
		}
		break
	}
	return po, args, true
}

// runScript runs the file name, or src when name is one of the chunk
// names, until its last handle closes.
func runScript(exe, src, name string, rest []string, po pluginOpts, stdout, stderr io.Writer) int {
	argv := append([]string{exe, name}, rest...)
	if name == commandLineChunk {
		argv = append([]string{exe}, rest...) // as node -e: no script in argv
	}
	po.lazy = true // a script: the REPL's plugin commands are not needed up front
	opts := runtimeOptions(argv, stdout, stderr, false)
	opts.ModuleGlobals = name == commandLineChunk // as node -e: modules are globals
	rt, err := newRuntime(opts, po, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "netsh: %v\n", err)
		return 1
	}
	var code int
	if src == "" && name != commandLineChunk && name != stdinChunk {
		code, err = rt.RunFile(name)
	} else {
		code, err = rt.RunString(src, name)
	}
	if err != nil {
		fmt.Fprintf(stderr, "netsh: %v\n", err)
	}
	return code
}
