//go:build linux

package main

import (
	"fmt"
	"math"
)

// metric is one row of the table.
type metric struct {
	Key, Name, Unit string
	Lower           bool // lower is better
	// Target, from issue 7: kind "min" (ratio netsh/node >= X), "max"
	// (ratio <= X) or "abs" (netsh's value <= X); "" for none.
	TargetKind string
	TargetX    float64
}

// target describes the metric's target, for the table.
func (m metric) target() string {
	switch m.TargetKind {
	case "min":
		return fmt.Sprintf("≥ %g× node", m.TargetX)
	case "max":
		return fmt.Sprintf("≤ %g× node", m.TargetX)
	case "abs":
		return fmt.Sprintf("≤ %g %s", m.TargetX, m.Unit)
	}
	return ""
}

// met reports whether netsh's median n (node's: o) meets the target:
// "yes", "no", or "" when there is no target or no data.
func (m metric) met(n, o float64) string {
	var ok bool
	switch m.TargetKind {
	case "min", "max":
		r := ratio(n, o)
		if math.IsNaN(r) {
			return ""
		}
		ok = r >= m.TargetX
		if m.TargetKind == "max" {
			ok = r <= m.TargetX
		}
	case "abs":
		if math.IsNaN(n) {
			return ""
		}
		ok = n <= m.TargetX
	default:
		return ""
	}
	if ok {
		return "yes"
	}
	return "**no**"
}

// metrics are the table's rows, in table order.
var metrics = []metric{
	{Key: "pp_rate", Name: "TCP ping-pong, 50 conns × 64 B", Unit: "msg/s", TargetKind: "min", TargetX: 1.25},
	{Key: "pp_p50", Name: "TCP ping-pong p50 latency", Unit: "µs", Lower: true},
	{Key: "pp_p99", Name: "TCP ping-pong p99 latency", Unit: "µs", Lower: true, TargetKind: "max", TargetX: 1},
	{Key: "bulk", Name: "TCP bulk echo, 1 conn, 64 KiB writes", Unit: "MB/s", TargetKind: "min", TargetX: 1},
	{Key: "udp_rate", Name: "UDP ping-pong, 8 sockets × 64 B", Unit: "dgram/s", TargetKind: "min", TargetX: 1},
	{Key: "udp_loss", Name: "UDP losses (no answer in 200 ms)", Unit: "dgrams", Lower: true},
	{Key: "churn", Name: "Connection churn, 8 workers", Unit: "conn/s", TargetKind: "min", TargetX: 1.5},
	{Key: "churn_fail", Name: "Churn: failed connects or echoes (not counted)", Unit: "conns", Lower: true},
	{Key: "tls_hs", Name: "TLS handshakes, 8 workers (connect, TLS 1.3, 64 B echo, close)", Unit: "conn/s", TargetKind: "min", TargetX: 1},
	{Key: "tls_bulk", Name: "TLS bulk echo, 1 conn, 64 KiB writes", Unit: "MB/s", TargetKind: "min", TargetX: 1},
	{Key: "idle", Name: "Idle memory per connection", Unit: "KiB", Lower: true, TargetKind: "abs", TargetX: 2},
	{Key: "start_ms", Name: "Start-up (`-e ''`) wall time", Unit: "ms", Lower: true, TargetKind: "abs", TargetX: 10},
	{Key: "start_rss", Name: "Start-up peak RSS", Unit: "MiB", Lower: true, TargetKind: "abs", TargetX: 15},
	{Key: "pipe_rss", Name: "File-to-socket pipe peak RSS", Unit: "MiB", Lower: true, TargetKind: "abs", TargetX: 64},
}

// results holds every round's value: results[impl][metric][round].
type results struct {
	vals  map[string]map[string][]float64
	notes map[string]bool // error notes, printed under the table
	order []string
}

// newResults makes an all-NaN (not measured) grid for c's rounds.
func newResults(c *config) *results {
	r := &results{vals: map[string]map[string][]float64{}, notes: map[string]bool{}}
	for _, im := range []string{"netsh", "node"} {
		r.vals[im] = map[string][]float64{}
		for _, m := range metrics {
			v := make([]float64, c.Rounds)
			for i := range v {
				v[i] = math.NaN()
			}
			r.vals[im][m.Key] = v
		}
	}
	return r
}

// set records program im's value of metric key in a round.
func (r *results) set(im string, round int, key string, v float64) { r.vals[im][key][round] = v }

// note records why something was not measured, once per message, in the
// order first seen.
func (r *results) note(s string) {
	if !r.notes[s] {
		r.notes[s] = true
		r.order = append(r.order, s)
	}
}
