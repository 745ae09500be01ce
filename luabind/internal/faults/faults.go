// Package faults plans what a faulty link does to the bytes of one
// direction of a relay (netsh proxy): delay and jitter, a bandwidth
// limit, fragmentation, a black hole or a reset after so many bytes, and
// datagram loss. It only decides when each piece goes out; the relay
// does the writing. The random choices come from a seeded generator, so
// the same seed and the same input give the same plan. No Lua here.
package faults

import (
	"math/rand"
	"time"
)

// Config is the faults of one direction. Zero values are no fault; the
// byte limits are off when negative.
type Config struct {
	Delay      time.Duration // added to every piece
	Jitter     time.Duration // a random extra delay in [0, Jitter]
	Throttle   int64         // bytes per second the link carries, 0 for no limit
	Fragment   int           // pieces of at most this many bytes, 0 to keep chunks whole
	Gap        time.Duration // at least this between two fragments, so they arrive apart
	DropAfter  int64         // forward this many bytes, then discard the rest silently
	ResetAfter int64         // forward this many bytes, then reset the connection
	Loss       float64       // the probability that a datagram is lost, 0 to 1
}

// Off is a Config with no faults.
func Off() Config { return Config{DropAfter: -1, ResetAfter: -1} }

// Piece is part of a chunk and when it is to be written.
type Piece struct {
	Data []byte
	At   time.Time
}

// Plan is what becomes of one chunk: its pieces in order, how many of
// its bytes were discarded, and whether the connection is to be reset
// once the pieces are out.
type Plan struct {
	Pieces  []Piece
	Dropped int
	Reset   bool
}

// Scheduler plans one direction. Not safe for concurrent use.
type Scheduler struct {
	cfg      Config
	rng      *rand.Rand
	seen     int64     // bytes planned so far (forwarded or dropped)
	linkFree time.Time // when the throttled link has sent what it was given
	last     time.Time // when the last piece goes out: TCP keeps order
	reset    bool
}

// New returns a scheduler for cfg whose random choices follow seed.
func New(cfg Config, seed int64) *Scheduler {
	return &Scheduler{cfg: cfg, rng: rand.New(rand.NewSource(seed))}
}

// Chunk plans a chunk of a stream that arrived at now. Pieces never go
// out before the one before them, since a stream keeps its order.
func (s *Scheduler) Chunk(p []byte, now time.Time) Plan {
	var pl Plan
	if s.reset {
		return Plan{Dropped: len(p), Reset: true}
	}
	if r := s.cfg.ResetAfter; r >= 0 && s.seen+int64(len(p)) >= r {
		pl.Reset, s.reset = true, true
		pl.Dropped = len(p) - int(r-s.seen)
		p = p[:r-s.seen]
	}
	if d := s.cfg.DropAfter; d >= 0 && s.seen+int64(len(p)) > d {
		keep := max(d-s.seen, 0)
		pl.Dropped += len(p) - int(keep)
		s.seen += int64(len(p)) - keep
		p = p[:keep]
	}
	s.seen += int64(len(p))
	size := len(p)
	if f := s.cfg.Fragment; f > 0 {
		size = f
	}
	for len(p) > 0 {
		n := min(size, len(p))
		at := s.when(n, now)
		if s.cfg.Fragment > 0 && len(pl.Pieces) > 0 {
			at = later(at, pl.Pieces[len(pl.Pieces)-1].At.Add(s.cfg.Gap))
		}
		at = later(at, s.last)
		s.last = at
		pl.Pieces = append(pl.Pieces, Piece{Data: p[:n:n], At: at})
		p = p[n:]
	}
	return pl
}

// Datagram plans one datagram of n bytes that arrived at now: when it is
// to be sent, or lost. Datagrams may overtake each other under jitter,
// as on a real network.
func (s *Scheduler) Datagram(n int, now time.Time) (at time.Time, lost bool) {
	if s.cfg.Loss > 0 && s.rng.Float64() < s.cfg.Loss {
		return time.Time{}, true
	}
	return s.when(n, now), false
}

// when is when n bytes that arrived at now leave: after the throttled
// link has carried them, plus the delay and a jitter drawn now.
func (s *Scheduler) when(n int, now time.Time) time.Time {
	at := now
	if r := s.cfg.Throttle; r > 0 {
		start := later(now, s.linkFree)
		s.linkFree = start.Add(time.Duration(int64(n) * int64(time.Second) / r))
		at = s.linkFree
	}
	at = at.Add(s.cfg.Delay)
	if j := s.cfg.Jitter; j > 0 {
		at = at.Add(time.Duration(s.rng.Int63n(int64(j) + 1)))
	}
	return at
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}
