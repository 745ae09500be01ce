package faults

import (
	"bytes"
	"testing"
	"time"
)

var t0 = time.Unix(1000, 0)

// No faults: the chunk goes out whole, at once.
func TestOff(t *testing.T) {
	s := New(Off(), 1)
	pl := s.Chunk([]byte("hello"), t0)
	if len(pl.Pieces) != 1 || string(pl.Pieces[0].Data) != "hello" || !pl.Pieces[0].At.Equal(t0) || pl.Reset || pl.Dropped != 0 {
		t.Fatalf("%+v", pl)
	}
}

func TestFragmentAndGap(t *testing.T) {
	c := Off()
	c.Fragment, c.Gap = 2, time.Millisecond
	pl := New(c, 1).Chunk([]byte("abcde"), t0)
	var parts []string
	for i, p := range pl.Pieces {
		parts = append(parts, string(p.Data))
		if want := t0.Add(time.Duration(i) * time.Millisecond); !p.At.Equal(want) {
			t.Fatalf("piece %d at %v, want %v", i, p.At, want)
		}
	}
	if got := len(parts); got != 3 || parts[0] != "ab" || parts[2] != "e" {
		t.Fatalf("pieces %q", parts)
	}
}

// A throttled link carries the bytes at its rate, chunk after chunk.
func TestThrottle(t *testing.T) {
	c := Off()
	c.Throttle = 1000 // 1 byte per ms
	s := New(c, 1)
	a := s.Chunk(make([]byte, 100), t0)
	b := s.Chunk(make([]byte, 50), t0.Add(10*time.Millisecond))
	if got := a.Pieces[0].At.Sub(t0); got != 100*time.Millisecond {
		t.Fatalf("first chunk out after %v", got)
	}
	if got := b.Pieces[0].At.Sub(t0); got != 150*time.Millisecond {
		t.Fatalf("second chunk out after %v", got)
	}
}

// Jitter stays in range, keeps a stream's order, and follows the seed.
func TestJitterSeeded(t *testing.T) {
	c := Off()
	c.Delay, c.Jitter = 10*time.Millisecond, 50*time.Millisecond
	plan := func(seed int64) []time.Duration {
		s := New(c, seed)
		var out []time.Duration
		for i := 0; i < 50; i++ {
			now := t0.Add(time.Duration(i) * time.Millisecond)
			at := s.Chunk([]byte("x"), now).Pieces[0].At
			out = append(out, at.Sub(t0))
			if d := at.Sub(now); d < 10*time.Millisecond || (len(out) == 1 && d > 60*time.Millisecond) {
				t.Fatalf("delay %v out of range", d)
			}
			if len(out) > 1 && out[len(out)-1] < out[len(out)-2] {
				t.Fatal("a piece overtook the one before it")
			}
		}
		return out
	}
	a, b, other := plan(7), plan(7), plan(8)
	for i := range a {
		if a[i] != b[i] {
			t.Fatal("the same seed gave another plan")
		}
	}
	same := true
	for i := range a {
		same = same && a[i] == other[i]
	}
	if same {
		t.Fatal("another seed gave the same plan")
	}
}

func TestDropAfter(t *testing.T) {
	c := Off()
	c.DropAfter = 5
	s := New(c, 1)
	a := s.Chunk([]byte("abc"), t0)
	b := s.Chunk([]byte("defgh"), t0)
	d := s.Chunk([]byte("ij"), t0)
	if string(a.Pieces[0].Data) != "abc" || string(b.Pieces[0].Data) != "de" || b.Dropped != 3 || len(d.Pieces) != 0 || d.Dropped != 2 || d.Reset {
		t.Fatalf("%+v %+v %+v", a, b, d)
	}
}

func TestResetAfter(t *testing.T) {
	c := Off()
	c.ResetAfter = 4
	s := New(c, 1)
	a := s.Chunk([]byte("ab"), t0)
	b := s.Chunk([]byte("cdef"), t0)
	if a.Reset || string(b.Pieces[0].Data) != "cd" || !b.Reset || b.Dropped != 2 {
		t.Fatalf("%+v %+v", a, b)
	}
	if c := s.Chunk([]byte("x"), t0); !c.Reset || len(c.Pieces) != 0 {
		t.Fatalf("after the reset: %+v", c)
	}
	// Reset at exactly the limit: nothing more goes out.
	s = New(c, 1)
	if pl := s.Chunk([]byte("abcd"), t0); !pl.Reset || !bytes.Equal(pl.Pieces[0].Data, []byte("abcd")) {
		t.Fatalf("%+v", pl)
	}
	c.ResetAfter = 0
	if pl := New(c, 1).Chunk([]byte("a"), t0); !pl.Reset || len(pl.Pieces) != 0 {
		t.Fatalf("reset-after 0: %+v", pl)
	}
}

// Loss drops about the share asked, the same datagrams for the same seed.
func TestLossSeeded(t *testing.T) {
	c := Off()
	c.Loss = 0.3
	run := func(seed int64) (lost []int) {
		s := New(c, seed)
		for i := 0; i < 1000; i++ {
			if _, l := s.Datagram(10, t0); l {
				lost = append(lost, i)
			}
		}
		return lost
	}
	a, b := run(3), run(3)
	if len(a) < 250 || len(a) > 350 {
		t.Fatalf("lost %d of 1000 at 0.3", len(a))
	}
	if len(a) != len(b) {
		t.Fatal("the same seed lost other datagrams")
	}
	for i := range a {
		if a[i] != b[i] {
			t.Fatal("the same seed lost other datagrams")
		}
	}
}
