package main

import (
	"bytes"
	"strings"
	"testing"
)

func runMain(stdin string, args ...string) (string, string, int) {
	var out, errb bytes.Buffer
	code := run(args, strings.NewReader(stdin), &out, &errb)
	return out.String(), errb.String(), code
}

func TestCommandLine(t *testing.T) {
	cases := []struct {
		name    string
		stdin   string
		args    []string
		code    int
		out     string
		errText string
	}{
		{"version", "", []string{"--version"}, 0, "netsh ", ""},
		{"help", "", []string{"--help"}, 0, "Usage:", ""},
		{"eval", "", []string{"-e", "print(process.argv[1], 1 + 1)", "a"}, 0, "a\t2", ""},
		{"stdin", "print('from stdin')", []string{"-"}, 0, "from stdin", ""},
		{"missing file", "", []string{"no/such/file.lua"}, 2, "", "cannot open no/such/file.lua"},
		{"syntax error", "", []string{"-e", "x = = 1"}, 2, "", "[command line]:1:"},
		{"uncaught", "", []string{"-e", "error('bad')"}, 1, "", "[command line]:1: bad"},
		{"exit code", "", []string{"-e", "process.exit(7)"}, 7, "", ""},
		{"unknown flag", "", []string{"--bogus"}, 2, "", "unknown option --bogus"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out, errText, code := runMain(c.stdin, c.args...)
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
