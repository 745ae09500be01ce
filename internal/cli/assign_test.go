package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCommandLineMultipleAssignment: -e, stdin, a script file and a
// --plugin all compile through luabind.Compile, which fixes gopher-lua's
// multiple assignment (#440): each swap must print 2 1.
func TestCommandLineMultipleAssignment(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	t.Setenv("NETSH_PLUGIN_PATH", "")
	const swap = "local a, b = 1, 2; a, b = b, a; print(a, b)"
	dir := t.TempDir()
	script := filepath.Join(dir, "s.lua")
	plugin := filepath.Join(dir, "p.lua")
	if err := os.WriteFile(script, []byte(swap), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(plugin, []byte(swap), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name, stdin string
		args        []string
	}{
		{"-e", "", []string{"-e", swap}},
		{"stdin", swap, []string{"-"}},
		{"file", "", []string{script}},
		{"plugin", "", []string{"--plugin", plugin, "-e", ""}},
	} {
		out, errText, code := runCLI(c.stdin, c.args...)
		if code != 0 || strings.TrimSpace(out) != "2\t1" {
			t.Errorf("%s: exit %d, stdout %q, stderr %q; want 2\\t1", c.name, code, out, errText)
		}
	}
}
