package cli

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/netsh/netsh/luabind"
)

// globalOpts are the options of netsh itself, before the mode or the
// script: plugins, the trace and the capture file.
type globalOpts struct {
	plugins  pluginOpts
	trace    bool   // --trace or NETSH_TRACE=1
	traceHex bool   // --trace -x or NETSH_TRACE=x: a hex dump per chunk
	pcap     string // --pcap FILE
	stdin    io.Reader
}

// globalFlags takes netsh's own options off the front of args. ok is
// false after a usage error, already reported on stderr.
func globalFlags(args []string, stderr io.Writer) (g *globalOpts, rest []string, ok bool) {
	g = &globalOpts{}
	switch os.Getenv("NETSH_TRACE") {
	case "", "0":
	case "x":
		g.trace, g.traceHex = true, true
	default:
		g.trace = true
	}
	for len(args) > 0 {
		a := args[0]
		value := func(flag string) (string, bool) {
			if v, found := strings.CutPrefix(a, flag+"="); found {
				args = args[1:]
				return v, true
			}
			if len(args) < 2 {
				return "", false
			}
			v := args[1]
			args = args[2:]
			return v, true
		}
		switch {
		case a == "--no-plugins":
			g.plugins.none, args = true, args[1:]
		case a == "--plugin" || strings.HasPrefix(a, "--plugin="):
			f, has := value("--plugin")
			if !has {
				fmt.Fprintln(stderr, "netsh: --plugin needs a file")
				return nil, nil, false
			}
			g.plugins.files = append(g.plugins.files, f)
		case a == "--trace":
			g.trace, args = true, args[1:]
		case a == "-x" && g.trace: // --trace -x; alone, -x is a mode's flag
			g.traceHex, args = true, args[1:]
		case a == "--pcap" || strings.HasPrefix(a, "--pcap="):
			f, has := value("--pcap")
			if !has || f == "" {
				fmt.Fprintln(stderr, "netsh: --pcap needs a file")
				return nil, nil, false
			}
			g.pcap = f
		default:
			return g, args, true
		}
	}
	return g, args, true
}

// apply puts the options into a runtime's: the trace, the capture file
// (created now: a file that cannot be written is a usage error) and, with
// useStdin, what process.stdin reads. done closes the capture file once
// the runtime has flushed it.
func (g *globalOpts) apply(o *luabind.Options, useStdin bool) (done func(), err error) {
	o.Trace, o.TraceDump = g.trace, g.traceHex
	if useStdin {
		o.Stdin = g.stdin
	}
	done = func() {}
	if g.pcap != "" {
		f, err := os.Create(g.pcap)
		if err != nil {
			return done, fmt.Errorf("cannot write %s: %v", g.pcap, unwrapPathErr(err))
		}
		o.Pcap = luabind.NewCapture(f)
		done = func() {
			if err := o.Pcap.Close(); err != nil && o.Stderr != nil {
				fmt.Fprintf(o.Stderr, "netsh: --pcap %s: %v: the capture is cut short\n", g.pcap, err)
			}
			f.Close()
		}
	}
	return done, nil
}

// unwrapPathErr is a file error without its path, which the caller names.
func unwrapPathErr(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}
