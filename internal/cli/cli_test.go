package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// shipped is the repository's shipped plugins, as main embeds them.
var shipped = os.DirFS("../../scripts/plugins")

func runCLI(stdin string, args ...string) (string, string, int) {
	var out, errb bytes.Buffer
	code := Run(args, strings.NewReader(stdin), &out, &errb, shipped)
	return out.String(), errb.String(), code
}

func TestCommandLine(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", t.TempDir()) // no user plugins
	t.Setenv("NETSH_PLUGIN_PATH", "")
	plugin := filepath.Join(t.TempDir(), "p.lua")
	os.WriteFile(plugin, []byte("plugged = 'in'\n"), 0o644)
	cases := []struct {
		name    string
		stdin   string
		args    []string
		code    int
		out     string
		errText string
	}{
		{"version", "", []string{"--version"}, 0, "netsh ", ""},
		{"version short", "", []string{"-v"}, 0, "netsh 0.", ""},
		{"help", "", []string{"--help"}, 0, "Usage:", ""},
		{"help short", "", []string{"-h"}, 0, "--no-plugins", ""},
		{"eval", "", []string{"-e", "print(process.argv[1], 1 + 1)", "a"}, 0, "a\t2", ""},
		{"eval argv", "", []string{"-e", "print(#process.argv, process.argv[2])", "a", "b"}, 0, "2\tb", ""},
		{"stdin", "print('from stdin')", []string{"-"}, 0, "from stdin", ""},
		{"piped stdin", "print('piped', process.argv[1])", nil, 0, "piped\t[stdin]", ""},
		{"missing file", "", []string{"no/such/file.lua"}, 2, "", "cannot open no/such/file.lua"},
		{"syntax error", "", []string{"-e", "x = = 1"}, 2, "", "[command line]:1:"},
		{"uncaught", "", []string{"-e", "error('bad')"}, 1, "", "[command line]:1: bad"},
		{"exit code", "", []string{"-e", "process.exit(7)"}, 7, "", ""},
		{"unknown flag", "", []string{"--bogus"}, 2, "", "unknown option --bogus"},
		{"-e alone", "", []string{"-e"}, 2, "", "netsh: -e needs an argument"},
		{"-i alone", "", []string{"-i"}, 2, "", "netsh: -i needs a script"},
		{"-i missing", "", []string{"-i", "no/such.lua"}, 2, "", "netsh: cannot open no/such.lua: no such file"},
		{"--plugin alone", "", []string{"--plugin"}, 2, "", "netsh: --plugin needs a file"},
		{"--plugin", "", []string{"--plugin", plugin, "-e", "print(plugged)"}, 0, "in", ""},
		{"--plugin=", "", []string{"--plugin=" + plugin, "-e", "print(plugged)"}, 0, "in", ""},
		{"bad plugin", "", []string{"--plugin", "no/such.lua", "-e", "print('ran')"}, 0, "ran", "(skipped)"},
		{"shipped on use", "", []string{"-e", "print(type(hexdump), require('lines') ~= nil)"}, 0, "function\ttrue", ""},
		{"--no-plugins", "", []string{"--no-plugins", "--plugin", plugin, "-e", "print(hexdump, plugged)"}, 0, "nil\tnil", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out, errText, code := runCLI(c.stdin, c.args...)
			if code != c.code {
				t.Fatalf("exit %d, want %d (stderr %q)", code, c.code, errText)
			}
			if !strings.Contains(out, c.out) {
				t.Fatalf("stdout %q lacks %q", out, c.out)
			}
			if !strings.Contains(errText, c.errText) {
				t.Fatalf("stderr %q lacks %q", errText, c.errText)
			}
		})
	}
}

// TestUnknownOptionPrintsUsage: a wrong flag gets the help on stderr.
func TestUnknownOptionPrintsUsage(t *testing.T) {
	out, errText, _ := runCLI("", "-x")
	if out != "" || !strings.Contains(errText, "Usage:") {
		t.Fatalf("stdout %q, stderr %q", out, errText)
	}
}
