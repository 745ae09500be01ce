package e2e

import (
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/netsh/netsh/internal/testkit"
)

// TestOSExitKeepsPrintedOutput: print buffers until the loop is idle, and
// gopher-lua's os.exit ended the process at once, losing it. os.exit now
// flushes first, and io.write shares print's buffer, so order holds.
func TestOSExitKeepsPrintedOutput(t *testing.T) {
	p := netsh(t, "", "-e", `print("before") io.write("written\n") io.stderr:write("err\n") print("after") os.exit(3)`)
	out := p.Wait(t, 20*time.Second)
	if code := p.ExitCode(); code != 3 {
		t.Fatalf("exit %d, want 3; output %q", code, out)
	}
	if out != "before\nwritten\nerr\nafter\n" {
		t.Fatalf("output %q, want before, written, err, after", out)
	}
}

// TestIOReadShowsPromptFirst: a prompt written with io.write is on the
// terminal before io.read waits for the answer (console output buffers).
func TestIOReadShowsPromptFirst(t *testing.T) {
	dir := t.TempDir()
	src := `io.write("name? ") local l = io.read() print("hi " .. l)`
	if err := os.WriteFile(filepath.Join(dir, "ask.lua"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(testkit.Netsh(t), "ask.lua")
	cmd.Dir = dir
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	p := testkit.Start(t, cmd)
	p.WaitFor(t, `^name\? $`, 20*time.Second)
	if _, err := io.WriteString(stdin, "netsh\n"); err != nil {
		t.Fatal(err)
	}
	stdin.Close()
	if out := p.Wait(t, 20*time.Second); out != "name? hi netsh\n" {
		t.Fatalf("output %q", out)
	}
}

// TestIOFlushShowsOutputAtOnce: io.write's text waits in the console's
// buffer until the loop is idle; io.flush and io.stdout:flush write it out
// now, so progress shows while a long computation runs.
func TestIOFlushShowsOutputAtOnce(t *testing.T) {
	for _, flush := range []string{"io.flush()", "io.stdout:flush()"} {
		p := netsh(t, "", "-e", `io.write("working...") `+flush+` print("in print") io.stdout:flush()
			local stop = os.time() + 20 while os.time() < stop do end`)
		p.WaitFor(t, `^working\.\.\.in print\n$`, 10*time.Second)
		p.Stop()
	}
}
