package cli

import (
	"io"
	"os"
	"path/filepath"
	"testing"
)

// TestStartCPUProfile checks that NETSH_CPUPROFILE produces a non-empty
// profile file and that without it nothing happens.
func TestStartCPUProfile(t *testing.T) {
	t.Setenv("NETSH_CPUPROFILE", "")
	startCPUProfile(io.Discard)() // a no-op without the variable

	path := filepath.Join(t.TempDir(), "cpu.pprof")
	t.Setenv("NETSH_CPUPROFILE", path)
	stop := startCPUProfile(io.Discard)
	x := 0
	for i := 0; i < 1e6; i++ {
		x += i % 7
	}
	_ = x
	stop()
	stop() // idempotent
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if st.Size() == 0 {
		t.Fatal("empty profile")
	}
}
