package luabind

import (
	"runtime"
	"sync"
	"testing"
)

// ioModes maps a subtest started by bothIO to the I/O path its runtimes use.
var ioModes sync.Map // *testing.T -> IOMode

// bothIO runs f once per socket I/O path: the platform poller (epoll on
// Linux) and the portable goroutine path that other platforms use, so both
// stay tested on Linux. Elsewhere the two are the same and f runs once.
func bothIO(t *testing.T, f func(t *testing.T)) {
	if runtime.GOOS != "linux" {
		f(t)
		return
	}
	t.Run("epoll", f)
	t.Run("portable", func(t *testing.T) {
		ioModes.Store(t, IOPortable)
		defer ioModes.Delete(t)
		f(t)
	})
}

// ioFor is the I/O path for the runtimes a test makes.
func ioFor(t testing.TB) IOMode {
	if m, ok := ioModes.Load(t); ok {
		return m.(IOMode)
	}
	return IOAuto
}

// The Linux runtime really uses epoll, and the portable option really
// does not.
func TestPollerInUse(t *testing.T) {
	rt, _ := New(Options{Argv: []string{"x"}})
	defer rt.Close()
	if runtime.GOOS == "linux" && !rt.nio.Polled() {
		t.Fatal("no epoll poller on Linux")
	}
	rt2, _ := New(Options{Argv: []string{"x"}, IO: IOPortable})
	defer rt2.Close()
	if rt2.nio.Polled() {
		t.Fatal("portable mode still made a poller")
	}
}
