package e2e

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/netsh/netsh/internal/testkit"
)

// The command line as a process sees it: exit statuses, which stream each
// message goes to, standard input, the environment.

func TestE2ECommandLine(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "args.lua"), []byte("print(process.argv[2], process.argv[3])\nprocess.exitCode = 5\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "bad.lua"), []byte("x = = 1\n"), 0o644)
	cases := []struct {
		name          string
		stdin         string
		args          []string
		code          int
		stdout, errIn string
	}{
		{"version", "", []string{"--version"}, 0, "netsh 0.1.0\n", ""},
		{"script", "", []string{"args.lua", "a", "b"}, 5, "a\tb\n", ""},
		{"piped", "print(1 + 1)", nil, 0, "2\n", ""},
		{"stdin", "print(process.argv[1])", []string{"-", "x"}, 0, "[stdin]\n", ""},
		{"eval", "", []string{"-e", "print(process.argv[1])", "y"}, 0, "y\n", ""},
		{"uncaught", "", []string{"-e", "error('bad')"}, 1, "", "[command line]:1: bad"},
		{"syntax", "", []string{"bad.lua"}, 2, "", "bad.lua:1:"},
		{"missing", "", []string{"nope.lua"}, 2, "", "netsh: cannot open nope.lua"},
		{"unknown option", "", []string{"--bogus"}, 2, "", "netsh: unknown option --bogus\nnetsh 0.1.0: Lua"},
		{"--plugin alone", "", []string{"--plugin"}, 2, "", "netsh: --plugin needs a file\n"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cmd := exec.Command(testkit.Netsh(t), c.args...)
			cmd.Dir = dir
			cmd.Stdin = strings.NewReader(c.stdin)
			var out, errb strings.Builder
			cmd.Stdout, cmd.Stderr = &out, &errb
			cmd.Run()
			if code := cmd.ProcessState.ExitCode(); code != c.code {
				t.Fatalf("exit %d, want %d (stderr %q)", code, c.code, errb.String())
			}
			if out.String() != c.stdout {
				t.Errorf("stdout %q, want %q", out.String(), c.stdout)
			}
			if !strings.Contains(errb.String(), c.errIn) || (c.errIn == "" && errb.Len() > 0) {
				t.Errorf("stderr %q, want %q", errb.String(), c.errIn)
			}
		})
	}
}

// TestE2EPortableIO: NETSH_IO=portable still serves TCP (the goroutine
// path instead of epoll).
func TestE2EPortableIO(t *testing.T) {
	ln := testkit.Listen(t)
	go func() {
		if c, err := ln.Accept(); err == nil {
			c.Write([]byte("hi from go"))
			c.Close()
		}
	}()
	cmd := exec.Command(testkit.Netsh(t), "-e", `
local c = require('net').connect(tonumber(process.argv[1]), '127.0.0.1')
c:on('data', function(d) print('got ' .. tostring(d)) end)`, strings.TrimPrefix(ln.Addr().String(), "127.0.0.1:"))
	cmd.Env = append(os.Environ(), "NETSH_IO=portable")
	p := testkit.Start(t, cmd)
	if out := p.Wait(t, 10*time.Second); out != "got hi from go\n" || p.ExitCode() != 0 {
		t.Fatalf("exit %d, output %q", p.ExitCode(), out)
	}
}

// TestE2ECPUProfile: NETSH_CPUPROFILE writes a profile when the script
// ends, and when SIGTERM stops a server, which then exits 128+15.
func TestE2ECPUProfile(t *testing.T) {
	dir := t.TempDir()
	ended := filepath.Join(dir, "ended.pprof")
	cmd := exec.Command(testkit.Netsh(t), "-e", "local x = 0; for i = 1, 1e6 do x = x + i % 7 end")
	cmd.Env = append(os.Environ(), "NETSH_CPUPROFILE="+ended)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	mustBeProfile(t, ended)

	killed := filepath.Join(dir, "killed.pprof")
	cmd = exec.Command(testkit.Netsh(t), "-e", "setInterval(function() end, 1000); print('up')")
	cmd.Env = append(os.Environ(), "NETSH_CPUPROFILE="+killed)
	p := testkit.Start(t, cmd)
	p.WaitFor(t, "up", 5*time.Second)
	p.Cmd.Process.Signal(syscall.SIGTERM)
	p.Wait(t, 5*time.Second)
	if p.ExitCode() != 128+15 {
		t.Errorf("exit %d after SIGTERM, want 143", p.ExitCode())
	}
	mustBeProfile(t, killed)
}

func mustBeProfile(t *testing.T, path string) {
	t.Helper()
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if st.Size() == 0 {
		t.Fatalf("%s is empty", path)
	}
}
