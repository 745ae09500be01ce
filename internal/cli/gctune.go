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
		s := new(byte)
		runtime.SetFinalizer(s, func(*byte) {
			metrics.Read(sample)
			live := sample[0].Value.Uint64()
			pct := 100
			if live > 0 && live*2 < minHeapGoal {
				pct = int(minHeapGoal/live)*100 - 100
			}
			debug.SetGCPercent(pct)
			arm() // runs once per collection
		})
	}
	arm()
	debug.SetGCPercent(int(minHeapGoal/(4<<20))*100 - 100) // until the first collection
}
