package loop

import (
	"container/heap"
	"time"
)

// Timer is a callback scheduled on the loop. Timers are loop data, not
// goroutines: one heap ordered by (deadline, sequence) and one Go timer for
// its head, so equal deadlines fire in the order they were set, as in Node.
type Timer struct {
	loop   *Loop
	h      *Handle
	when   time.Time
	seq    uint64
	delay  time.Duration
	repeat time.Duration
	fn     func()
	index  int // position in the heap, -1 when not scheduled
}

type timerHeap []*Timer

func (t timerHeap) Len() int { return len(t) }
func (t timerHeap) Less(i, j int) bool {
	if t[i].when.Equal(t[j].when) {
		return t[i].seq < t[j].seq
	}
	return t[i].when.Before(t[j].when)
}
func (t timerHeap) Swap(i, j int) {
	t[i], t[j] = t[j], t[i]
	t[i].index = i
	t[j].index = j
}
func (t *timerHeap) Push(x any) {
	tm := x.(*Timer)
	tm.index = len(*t)
	*t = append(*t, tm)
}
func (t *timerHeap) Pop() any {
	old := *t
	n := len(old)
	tm := old[n-1]
	old[n-1] = nil
	tm.index = -1
	*t = old[:n-1]
	return tm
}

// AddTimer schedules fn after d; with repeat > 0 it re-arms after each run,
// counted from when the callback started. Loop goroutine only.
func (l *Loop) AddTimer(d, repeat time.Duration, fn func()) *Timer {
	t := &Timer{loop: l, delay: d, repeat: repeat, fn: fn, index: -1}
	t.h = l.NewHandle("timer", func() { t.Stop() })
	t.h.SetActive(false)
	t.schedule(time.Now().Add(d))
	return t
}

func (t *Timer) schedule(when time.Time) {
	l := t.loop
	l.seq++
	t.when, t.seq = when, l.seq
	if t.index >= 0 {
		heap.Fix(&l.timers, t.index)
	} else {
		heap.Push(&l.timers, t)
	}
	t.h.SetActive(true)
}

// Stop cancels the timer; it reports whether it was scheduled. Idempotent.
func (t *Timer) Stop() bool {
	if t.index < 0 {
		t.h.SetActive(false)
		return false
	}
	heap.Remove(&t.loop.timers, t.index)
	t.h.SetActive(false)
	return true
}

// Refresh restarts the countdown from now with the original delay, re-arming
// a timer that already fired.
func (t *Timer) Refresh() { t.schedule(time.Now().Add(t.delay)) }

// RefreshIn re-arms the timer to fire d from now, keeping its delay for
// later refreshes: an idle timeout uses it to wait out only the rest of a
// period after activity, instead of resetting a timer per chunk.
func (t *Timer) RefreshIn(d time.Duration) { t.schedule(time.Now().Add(d)) }

// When is when the timer fires next; the zero time when it is not scheduled.
func (t *Timer) When() time.Time {
	if t.index < 0 {
		return time.Time{}
	}
	return t.when
}

// Handle is the timer's liveness record (ref, unref, hasRef).
func (t *Timer) Handle() *Handle { return t.h }

// Scheduled reports whether the timer will fire.
func (t *Timer) Scheduled() bool { return t.index >= 0 }

// Delay is the timer's delay.
func (t *Timer) Delay() time.Duration { return t.delay }

func (l *Loop) runTimers() {
	if len(l.timers) == 0 {
		return
	}
	now := time.Now()
	// Timers set by callbacks in this phase with a zero delay wait for the
	// next turn, so a 0 ms interval cannot starve I/O.
	limit := l.seq
	for len(l.timers) > 0 && !l.stopped.Load() {
		t := l.timers[0]
		if t.when.After(now) || t.seq > limit {
			return
		}
		heap.Pop(&l.timers)
		started := time.Now()
		if t.repeat > 0 {
			// Re-arm before the callback so clearInterval inside it wins.
			t.delay = t.repeat
			t.schedule(started.Add(t.repeat))
		} else {
			t.h.SetActive(false)
		}
		l.run(t.fn)
	}
}

// Repeat is the interval between runs of a repeating timer, 0 for a
// one-shot one.
func (t *Timer) Repeat() time.Duration { return t.repeat }
