package cli

import (
	"math"
	"runtime/debug"
	"testing"
)

// TestTuneGC: the floor and its memory limit apply at once, and an
// explicit GOGC wins.
func TestTuneGC(t *testing.T) {
	old := debug.SetGCPercent(100)
	defer debug.SetGCPercent(old)
	oldLimit := debug.SetMemoryLimit(-1)
	defer debug.SetMemoryLimit(oldLimit)

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
	if got := debug.SetMemoryLimit(math.MaxInt64); got != floorMemLimit {
		t.Errorf("memory limit %d under the floor, want %d", got, floorMemLimit)
	}
}

// TestGCPercentFor: the GOGC set after a collection puts the next one at
// the floor, within maxGCPercent, and is 100 once the live heap is half
// the floor.
func TestGCPercentFor(t *testing.T) {
	for _, c := range []struct {
		live uint64
		want int
	}{{0, 100}, {300 << 10, maxGCPercent}, {1 << 20, 3100}, {4 << 20, 700}, {8 << 20, 300}, {16 << 20, 100}, {1 << 30, 100}} {
		if got := gcPercentFor(c.live); got != c.want {
			t.Errorf("gcPercentFor(%d) = %d, want %d", c.live, got, c.want)
		}
	}
}
