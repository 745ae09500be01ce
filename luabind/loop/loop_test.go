package loop

import (
	"strings"
	"sync"
	"testing"
	"time"
)

func TestLoopRunsPostedWorkInOrderFromManyGoroutines(t *testing.T) {
	l := New()
	h := l.NewHandle("test", nil)
	const G, N = 8, 500
	var wg sync.WaitGroup
	got := make([][]int, G)
	total := 0
	for g := 0; g < G; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < N; i++ {
				i := i
				l.Post(func() {
					got[g] = append(got[g], i)
					total++
					if total == G*N {
						h.Done()
					}
				})
			}
		}(g)
	}
	l.Run()
	wg.Wait()
	for g := range got {
		if len(got[g]) != N {
			t.Fatalf("goroutine %d: %d of %d callbacks ran", g, len(got[g]), N)
		}
		for i, v := range got[g] {
			if v != i {
				t.Fatalf("goroutine %d: callback %d ran at position %d", g, v, i)
			}
		}
	}
}

func TestLoopNodeOrder(t *testing.T) {
	l := New()
	var log []string
	add := func(s string) func() { return func() { log = append(log, s) } }
	l.AddTimer(time.Millisecond, 0, add("timeout"))
	l.SetImmediate(func() {
		log = append(log, "immediate1")
		l.NextTick(add("tick-in-immediate"))
		l.SetImmediate(add("immediate-next-turn"))
	})
	l.SetImmediate(add("immediate2"))
	l.NextTick(add("tick"))
	l.run(add("main"))
	l.Run()
	got := strings.Join(log, ",")
	// Main, then ticks, then the check phase (the 1 ms timer may or may not be
	// due in the first turn, as in Node), immediates queued during the phase run next turn.
	if !strings.HasPrefix(got, "main,tick,") || !strings.Contains(got, "immediate1,tick-in-immediate,immediate2") {
		t.Fatalf("order: %s", got)
	}
	if strings.Index(got, "immediate-next-turn") < strings.Index(got, "immediate2") {
		t.Fatalf("an immediate set during the check phase ran in the same phase: %s", got)
	}
	if !strings.Contains(got, "timeout") {
		t.Fatalf("timer never fired: %s", got)
	}
}

func TestTimersEqualDeadlinesFireInInsertionOrder(t *testing.T) {
	l := New()
	var log []int
	for i := 0; i < 20; i++ {
		i := i
		l.AddTimer(5*time.Millisecond, 0, func() { log = append(log, i) })
	}
	l.Run()
	for i, v := range log {
		if v != i {
			t.Fatalf("timers fired out of order: %v", log)
		}
	}
	if len(log) != 20 {
		t.Fatalf("%d of 20 timers fired", len(log))
	}
}

func TestIntervalClearedInsideItsCallbackStops(t *testing.T) {
	l := New()
	n := 0
	var tm *Timer
	tm = l.AddTimer(time.Millisecond, time.Millisecond, func() {
		n++
		if n == 3 {
			tm.Stop()
		}
	})
	done := make(chan struct{})
	go func() { l.Run(); close(done) }()
	select {
	case <-done:
	case <-time.After(2 * time.Second):
		l.Stop()
		t.Fatal("loop kept running after the interval was cleared")
	}
	if n != 3 {
		t.Fatalf("interval ran %d times, want 3", n)
	}
}

func TestUnrefTimerDoesNotKeepLoopAlive(t *testing.T) {
	l := New()
	fired := false
	tm := l.AddTimer(time.Hour, 0, func() { fired = true })
	tm.Handle().Unref()
	start := time.Now()
	l.Run()
	if fired || time.Since(start) > time.Second {
		t.Fatal("an unref'd timer kept the loop alive")
	}
	if tm.Handle().HasRef() {
		t.Fatal("HasRef after Unref")
	}
}

func TestRefreshRearmsAFiredTimer(t *testing.T) {
	l := New()
	n := 0
	var tm *Timer
	tm = l.AddTimer(time.Millisecond, 0, func() {
		n++
		if n < 3 {
			tm.Refresh()
		}
	})
	l.Run()
	if n != 3 {
		t.Fatalf("refreshed timer ran %d times, want 3", n)
	}
}

func TestReserveKeepsLoopAliveUntilCompletion(t *testing.T) {
	l := New()
	done := l.Reserve()
	ran := false
	go func() {
		time.Sleep(20 * time.Millisecond)
		done(func() { ran = true })
	}()
	l.Run()
	if !ran {
		t.Fatal("loop returned before the completion ran")
	}
}

func TestCompletionCalledTwicePanics(t *testing.T) {
	l := New()
	done := l.Reserve()
	done(nil)
	defer func() {
		if recover() == nil {
			t.Fatal("second call of a Completion did not panic")
		}
	}()
	done(nil)
}

func TestStopFromAnotherGoroutine(t *testing.T) {
	l := New()
	l.NewHandle("forever", nil)
	go func() { time.Sleep(10 * time.Millisecond); l.Stop() }()
	finished := make(chan struct{})
	go func() { l.Run(); close(finished) }()
	select {
	case <-finished:
	case <-time.After(2 * time.Second):
		t.Fatal("Stop did not end Run")
	}
	if l.Post(func() {}) {
		t.Fatal("Post after Stop reported true")
	}
}

func TestHandleRefUnrefIdempotent(t *testing.T) {
	l := New()
	h := l.NewHandle("x", nil)
	h.Unref()
	h.Unref()
	h.Ref()
	h.Ref()
	if l.refs != 1 {
		t.Fatalf("refs = %d after unref/unref/ref/ref, want 1", l.refs)
	}
	h.Done()
	h.Done()
	if l.refs != 0 || len(l.Handles()) != 0 {
		t.Fatalf("refs = %d, handles = %d after Done", l.refs, len(l.Handles()))
	}
}
