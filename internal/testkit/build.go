package testkit

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
)

// modulePath is netsh's module, which Root looks for.
const modulePath = "github.com/netsh/netsh"

// Root returns the directory of netsh's go.mod, found upwards from the
// working directory (a test's is its package's directory).
func Root(t testing.TB) string {
	t.Helper()
	dir, err := root()
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

func root() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if b, err := os.ReadFile(filepath.Join(dir, "go.mod")); err == nil && isModule(b) {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("no go.mod of %s above the working directory", modulePath)
		}
		dir = parent
	}
}

// isModule reports whether a go.mod's module line names netsh.
func isModule(gomod []byte) bool {
	for _, line := range bytes.Split(gomod, []byte("\n")) {
		if f := bytes.Fields(line); len(f) == 2 && string(f[0]) == "module" {
			return string(f[1]) == modulePath
		}
	}
	return false
}

// The binary is built once per test process: the REPL and end-to-end tests
// start it dozens of times.
var build struct {
	once sync.Once
	dir  string // removed by Main
	bin  string
	err  error
}

// Netsh returns the path of a netsh binary built from the working tree,
// once per test process. It is built with -race when the tests run with
// it, so the race detector also watches the real program. A package that
// calls Netsh should run its tests through Main, which removes the binary.
func Netsh(t testing.TB) string {
	t.Helper()
	build.once.Do(func() {
		root, err := root()
		if err != nil {
			build.err = err
			return
		}
		if build.dir, build.err = os.MkdirTemp("", "netsh-test"); build.err != nil {
			return
		}
		build.bin = filepath.Join(build.dir, "netsh")
		args := []string{"build", "-o", build.bin}
		if raceEnabled {
			args = append(args, "-race")
		}
		cmd := exec.Command("go", append(args, ".")...)
		cmd.Dir = root
		if out, err := cmd.CombinedOutput(); err != nil {
			build.err = fmt.Errorf("building netsh: %v\n%s", err, out)
		}
	})
	if build.err != nil {
		t.Fatal(build.err)
	}
	return build.bin
}

// Main runs the package's tests, removes what Netsh built and exits with
// the tests' status. Call it from TestMain.
func Main(m *testing.M) {
	code := m.Run()
	if build.dir != "" {
		os.RemoveAll(build.dir)
	}
	os.Exit(code)
}
