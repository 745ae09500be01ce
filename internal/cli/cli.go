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

Modes (netsh MODE --help for one; docs/cli.md for all). Each has a one-letter
name that takes its flags' letters, as ncat's -lkx: netsh lkx 80 is netsh
listen -k -x 80, netsh c 6379 is netsh connect localhost 6379.
  netsh connect [HOST] PORT [-u] [-C] [-x] [-q SECS] [-e CODE | --exec FILE.lua]
      join stdin and stdout to a TCP (-u: UDP) socket, as ncat HOST PORT. -C sends
      CRLF line ends, -x hex-dumps both directions on stderr; at the end of stdin
      it half-closes and exits once the peer closes (or -q SECS later). -e/--exec
      hands the socket to Lua as sock instead (sequential sock:receive() works).
      HOST defaults to localhost, here and in send and proxy.
  netsh listen PORT [HOST] [-u] [-k] [-x] [-C] [-e CODE | --exec FILE.lua]
      accept one connection (-k: keep accepting) and print what arrives, stdin
      going back; or run the Lua code per connection with sock. -u: datagrams,
      each with its sender on stderr. PORT 0 is any free port (printed on stderr).
  netsh send [-u] [HOST] PORT DATA... [-w SECS] [-x]
      send one message or datagram (\r \n \t \0 \\ \xHH escapes) and print the
      reply that comes within -w seconds (default 2).
  netsh proxy LISTEN_PORT [TARGET_HOST:]TARGET_PORT [--delay MS] [--jitter MS]
        [--throttle BYTES/S] [--fragment N] [--drop-after BYTES] [--reset-after BYTES]
        [-u [--loss P]] [--seed N] [-x] [--exec FILE.lua | -e CODE]
      relay TCP (-u: UDP) with faults, per direction as up:VALUE or down:VALUE;
      on_data(dir, chunk) in the Lua code rewrites (return the bytes) or drops
      (return nil) what passes; --seed N makes jitter and loss repeat.
  TLS, in every mode (TCP): --tls, --tls-insecure (accept any certificate),
      --tls-sni NAME, --tls-alpn P1,P2, --tls-ca FILE, --tls-cert FILE --tls-key FILE;
      a TLS listener without a certificate makes a self-signed one and prints
      its SHA-256 fingerprint; proxy --tls speaks TLS to its target.
  Exit status: 0 on a clean end, 1 on a connection error (its text as Node's:
  connect ECONNREFUSED 127.0.0.1:1), 2 on a bad command line.

Options (before the mode or the script):
  --plugin FILE              load a Lua plugin (repeatable)
  --no-plugins               load no plugins, not even netsh's own
  --trace [-x]               a line on stderr per chunk or datagram of every socket
                             (NETSH_TRACE=1); -x adds a hex dump (NETSH_TRACE=x)
  --pcap FILE                write that traffic to FILE as a pcap capture
                             (tcpdump -r FILE); unix sockets are traced, not captured

Piped data needs a script or a mode: netsh - and netsh with piped stdin run it
as Lua; process.stdin reads it in a script (netsh FILE.lua < data).
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

// run parses the command line and hands off to a mode, the runtime or
// the shell.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer, shipped fs.FS) int {
	exe, _ := os.Executable()
	if exe == "" {
		exe = "netsh"
	}
	g, args, ok := globalFlags(args, stderr)
	if !ok {
		return 2
	}
	g.plugins.shipped = shipped
	g.stdin = stdin
	if len(args) > 0 {
		if name, flags, ok := modeName(args[0]); ok {
			return runMode(name, exe, g, append(flags, args[1:]...), stdout, stderr)
		}
	}
	if len(args) == 0 {
		if isTerminal(stdin) {
			return runREPL(exe, "", nil, g, stdout, stderr)
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
		return runREPL(exe, args[1], args[2:], g, stdout, stderr)
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
	return runScript(exe, src, name, rest, g, stdout, stderr)
}

// runScript runs the file name, or src when name is one of the chunk
// names, until its last handle closes.
func runScript(exe, src, name string, rest []string, g *globalOpts, stdout, stderr io.Writer) int {
	argv := append([]string{exe, name}, rest...)
	if name == commandLineChunk {
		argv = append([]string{exe}, rest...) // as node -e: no script in argv
	}
	g.plugins.lazy = true // a script: the REPL's plugin commands are not needed up front
	opts := runtimeOptions(argv, stdout, stderr, false)
	opts.ModuleGlobals = name == commandLineChunk // as node -e: modules are globals
	return g.withRuntime(opts, name != stdinChunk, stderr, func(rt *luabind.Runtime, _ luabind.Options) int {
		if src == "" && name != commandLineChunk && name != stdinChunk {
			return reported(stderr)(rt.RunFile(name))
		}
		return reported(stderr)(rt.RunString(src, name))
	})
}

// withRuntime applies the global options to opts, makes the runtime and
// runs run on it, with the options as applied; a bad option exits 2, a
// runtime that cannot be made 1, each said on stderr.
func (g *globalOpts) withRuntime(opts luabind.Options, useStdin bool, stderr io.Writer, run func(*luabind.Runtime, luabind.Options) int) int {
	closeWire, err := g.apply(&opts, useStdin)
	if err != nil {
		fmt.Fprintf(stderr, "netsh: %v\n", err)
		return 2
	}
	defer closeWire()
	rt, err := newRuntime(opts, g.plugins, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "netsh: %v\n", err)
		return 1
	}
	return run(rt, opts)
}

// reported returns a run's exit status, its error said on stderr.
func reported(stderr io.Writer) func(code int, err error) int {
	return func(code int, err error) int {
		if err != nil {
			fmt.Fprintf(stderr, "netsh: %v\n", err)
		}
		return code
	}
}
