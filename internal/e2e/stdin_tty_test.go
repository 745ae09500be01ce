//go:build linux

package e2e

import (
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/creack/pty"
	"golang.org/x/sys/unix"

	"github.com/netsh/netsh/internal/testkit"
)

// On a terminal process.stdin is a TTY and setRawMode(true) delivers a
// key as it is typed, without Enter and without echo; the terminal's
// settings are back once netsh has exited.
func TestStdinRawModeOnTerminal(t *testing.T) {
	ptm, pts, err := pty.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer ptm.Close()
	defer pts.Close()
	before, err := unix.IoctlGetTermios(int(pts.Fd()), unix.TCGETS)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(testkit.Netsh(t), "-e", `
local s = process.stdin
print('tty', s.isTTY, s.isRaw)
s:setRawMode(true)
print('raw', s.isRaw)
s:on('data', function(d) print('key', #d, string.byte(tostring(d))) process.exit(0) end)`)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = pts, pts, pts
	var out testkit.SyncBuffer
	go func() {
		b := make([]byte, 1024)
		for {
			n, err := ptm.Read(b)
			out.Write(b[:n])
			if err != nil {
				return
			}
		}
	}()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	if !testkit.Eventually(modeLimit, func() bool { return strings.Contains(out.String(), "raw\ttrue") }) {
		cmd.Process.Kill()
		t.Fatalf("output %q", out.String())
	}
	ptm.Write([]byte{3}) // Ctrl-C: in raw mode a key like any other, not SIGINT
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("netsh: %v; output %q", err, out.String())
		}
	case <-time.After(modeLimit):
		cmd.Process.Kill()
		t.Fatalf("the key never arrived; output %q", out.String())
	}
	if !strings.Contains(out.String(), "tty\ttrue\tfalse") || !strings.Contains(out.String(), "key\t1\t3") {
		t.Fatalf("output %q", out.String())
	}
	after, err := unix.IoctlGetTermios(int(pts.Fd()), unix.TCGETS)
	if err != nil {
		t.Fatal(err)
	}
	if after.Lflag != before.Lflag || after.Iflag != before.Iflag {
		t.Fatalf("terminal left changed: lflag %#x -> %#x, iflag %#x -> %#x", before.Lflag, after.Lflag, before.Iflag, after.Iflag)
	}
}
