package e2e

import (
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/netsh/netsh/internal/testkit"
)

func TestMain(m *testing.M) { testkit.Main(m) }

// netsh starts the netsh binary with args in dir (a fresh temporary
// directory if dir is empty).
func netsh(t *testing.T, dir string, args ...string) *testkit.Proc {
	t.Helper()
	return startIn(t, dir, testkit.Netsh(t), args...)
}

// node starts node on js (a lecture file, see testkit.LectureJS) in dir
// as netsh does.
func node(t *testing.T, dir, js string, args ...string) *testkit.Proc {
	t.Helper()
	return startIn(t, dir, "node", append([]string{js}, args...)...)
}

func startIn(t *testing.T, dir, name string, args ...string) *testkit.Proc {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	if dir == "" {
		cmd.Dir = t.TempDir()
	}
	return testkit.Start(t, cmd)
}

// script is the absolute path of scripts/name.
func script(t *testing.T, name string) string {
	t.Helper()
	return filepath.Join(testkit.Root(t), "scripts", name)
}

// needPort waits until a port fixed by the lecture can be bound (see
// testkit.WaitBindable for why that can take up to a minute).
func needPort(t *testing.T, port int) {
	t.Helper()
	testkit.WaitBindable(t, port, 75*time.Second)
}
