package cli

import (
	"runtime/debug"
	"testing"
)

// TestTuneGC: the floor applies at once, and an explicit GOGC wins.
func TestTuneGC(t *testing.T) {
	old := debug.SetGCPercent(100)
	defer debug.SetGCPercent(old)

	t.Setenv("GOGC", "100")
	tuneGC()
	if got := debug.SetGCPercent(100); got != 100 {
		t.Errorf("with GOGC set, tuneGC changed GOGC to %d", got)
	}
	t.Setenv("GOGC", "")
	tuneGC()
	if got := debug.SetGCPercent(100); got != 700 {
		t.Errorf("before the first collection GOGC is %d, want 700 (a 32 MiB goal over 4 MiB)", got)
	}
}
