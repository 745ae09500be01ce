package testkit

import "time"

// Within runs run on its own goroutine and waits up to limit for it to
// return. If it has not, Within calls stop, which must make run return
// (stop a loop, kill a process), waits for run and reports false. Waiting
// after stop keeps run from outliving the test that started it.
func Within(limit time.Duration, run, stop func()) (finished bool) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		run()
	}()
	timer := time.NewTimer(limit)
	defer timer.Stop()
	select {
	case <-done:
		return true
	case <-timer.C:
		stop()
		<-done
		return false
	}
}

// Eventually calls cond every few milliseconds until it reports true, and
// reports whether that happened within limit. cond is called at least once.
func Eventually(limit time.Duration, cond func() bool) bool {
	deadline := time.Now().Add(limit)
	for {
		if cond() {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(10 * time.Millisecond)
	}
}
