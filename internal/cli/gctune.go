package cli

import (
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
)

// minHeapGoal is the least heap size the GC lets grow before collecting.
// With GOGC=100 and a small live heap, streaming data (each chunk a fresh
// Buffer) triggers a collection every few MB; bulk echo spent a fifth of
// its time in the GC. Node's young generation gives it a similar floor.
const minHeapGoal = 32 << 20

// maxGCPercent caps the GOGC tuneGC sets: with a live heap of a few
// hundred KiB the floor alone meant GOGC in the thousands, and a 1 GiB
// file piped to a socket, every chunk garbage at once, peaked at 108 MiB
// of RSS (16 MiB at GOGC=100, 44 MiB at this cap; bulk echo is as fast).
const maxGCPercent = 800

// tuneGC raises GOGC after every collection so the next one comes no
// sooner than minHeapGoal, and returns to 100 once the live heap is large
// enough for that to matter. An explicit GOGC wins.
func tuneGC() {
	if os.Getenv("GOGC") != "" {
		return
	}
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	var arm func()
	arm = func() {
		s := new([32]byte) // not a tiny object: a finalizer on one of those may never run
		runtime.SetFinalizer(s, func(*[32]byte) {
			metrics.Read(sample)
			debug.SetGCPercent(gcPercentFor(sample[0].Value.Uint64()))
			arm() // runs once per collection
		})
	}
	arm()
	debug.SetGCPercent(min(int(minHeapGoal/(4<<20))*100-100, maxGCPercent)) // until the first collection
}

// gcPercentFor is the GOGC that puts the next collection at minHeapGoal
// after one that left live bytes, within 100..maxGCPercent.
func gcPercentFor(live uint64) int {
	if live == 0 || live*2 >= minHeapGoal {
		return 100
	}
	return min(int(minHeapGoal/live)*100-100, maxGCPercent)
}
