package cli

import (
	"math"
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

// floorMemLimit is the Go memory limit while the floor applies. The heap
// goal alone left the runtime free to keep what it had freed: a 1 GiB
// file piped to a socket (every 64 KiB chunk garbage at once) peaked at
// 108 MiB of RSS with a 32 MiB goal. Under a limit the scavenger returns
// memory to stay below it, and a collection comes early if need be.
// (Capping GOGC instead, at 800, held the pipe at 44 MiB but made a DNS
// responder collect twice as often: 0.97x of Node's rate fell to 0.81x.)
const floorMemLimit = minHeapGoal + 16<<20

// maxGCPercent bounds the GOGC the floor asks for with a nearly empty heap.
const maxGCPercent = 10000

// tuneGC raises GOGC after every collection so the next one comes no
// sooner than minHeapGoal, under floorMemLimit, and returns to 100 and no
// limit once the live heap is large enough for that to matter. An
// explicit GOGC or GOMEMLIMIT wins.
func tuneGC() {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	var arm func()
	arm = func() {
		s := new([32]byte) // not a tiny object: a finalizer on one of those may never run
		runtime.SetFinalizer(s, func(*[32]byte) {
			metrics.Read(sample)
			pct := gcPercentFor(sample[0].Value.Uint64())
			debug.SetGCPercent(pct)
			if pct > 100 {
				debug.SetMemoryLimit(floorMemLimit)
			} else {
				debug.SetMemoryLimit(math.MaxInt64) // the heap outgrew the floor: GOGC alone, as Go's default
			}
			arm() // runs once per collection
		})
	}
	arm()
	debug.SetGCPercent(gcPercentFor(4 << 20)) // until the first collection
	debug.SetMemoryLimit(floorMemLimit)
}

// gcPercentFor is the GOGC that puts the next collection at minHeapGoal
// after one that left live bytes, within 100..maxGCPercent.
func gcPercentFor(live uint64) int {
	if live == 0 || live*2 >= minHeapGoal {
		return 100
	}
	return min(int(minHeapGoal/live)*100-100, maxGCPercent)
}
