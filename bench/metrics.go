//go:build linux

package main

import (
	"fmt"
	"math"
)

// metric is one row of the table.
type metric struct {
	Key, Name, Unit string
	Test            string // the test (testNames) that measures it
	Lower           bool   // lower is better
	// Target, from issues 7 and 13: kind "min" (ratio netsh/node >= X), "max"
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

// met reports whether the target holds for netsh's median n and the
// median r of the rounds' ratios netsh/node: "yes", "no", or "" when there
// is no target or no data.
func (m metric) met(n, r float64) string {
	var ok bool
	switch m.TargetKind {
	case "min", "max":
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
var metrics = append(echoMetrics, protoMetrics...)

// echoMetrics are the echo server's rows; the ratio targets are issue
// 13's (ping-pong 1.3×, UDP 1.2×, churn 1.6×, bulk 1.1×), the absolute
// ones issue 7's.
var echoMetrics = []metric{
	{Key: "pp_rate", Test: "pingpong", Name: "TCP ping-pong, 50 conns × 64 B", Unit: "msg/s", TargetKind: "min", TargetX: 1.3},
	{Key: "pp_p50", Test: "pingpong", Name: "TCP ping-pong p50 latency", Unit: "µs", Lower: true},
	{Key: "pp_p99", Test: "pingpong", Name: "TCP ping-pong p99 latency", Unit: "µs", Lower: true, TargetKind: "max", TargetX: 1},
	{Key: "bulk", Test: "bulk", Name: "TCP bulk echo, 1 conn, 64 KiB writes", Unit: "MB/s", TargetKind: "min", TargetX: 1.1},
	{Key: "udp_rate", Test: "udp", Name: "UDP ping-pong, 8 sockets × 64 B", Unit: "dgram/s", TargetKind: "min", TargetX: 1.2},
	{Key: "udp_loss", Test: "udp", Name: "UDP losses (no answer in 200 ms)", Unit: "dgrams", Lower: true},
	{Key: "churn", Test: "churn", Name: "Connection churn, 8 workers", Unit: "conn/s", TargetKind: "min", TargetX: 1.6},
	{Key: "churn_fail", Test: "churn", Name: "Churn: failed connects or echoes (not counted)", Unit: "conns", Lower: true},
	{Key: "tls_hs", Test: "tls", Name: "TLS handshakes, 8 workers (connect, TLS 1.3, 64 B echo, close)", Unit: "conn/s", TargetKind: "min", TargetX: 1},
	{Key: "tls_bulk", Test: "tls", Name: "TLS bulk echo, 1 conn, 64 KiB writes", Unit: "MB/s", TargetKind: "min", TargetX: 1},
	{Key: "idle", Test: "idle", Name: "Idle memory per connection", Unit: "KiB", Lower: true, TargetKind: "abs", TargetX: 2},
	{Key: "start_ms", Test: "startup", Name: "Start-up (`-e ''`) wall time", Unit: "ms", Lower: true, TargetKind: "abs", TargetX: 10},
	{Key: "start_rss", Test: "startup", Name: "Start-up peak RSS", Unit: "MiB", Lower: true, TargetKind: "abs", TargetX: 15},
	{Key: "pipe_rss", Test: "pipe", Name: "File-to-socket pipe peak RSS", Unit: "MiB", Lower: true, TargetKind: "abs", TargetX: 64},
}

// cpuUnit is the unit of the protocol rows' CPU cost.
const cpuUnit = "CPU s / 100k"

// protoMetrics are the protocol workloads' rows, with issue 13's targets.
var protoMetrics = []metric{
	{Key: "resp_p1", Test: "resp", Name: "RESP server, hand-written parser, redis-benchmark -P 1", Unit: "req/s", TargetKind: "min", TargetX: 1},
	{Key: "resp_p1_cpu", Test: "resp", Name: "RESP hand-written -P 1: server CPU", Unit: cpuUnit, Lower: true},
	{Key: "resp_p16", Test: "resp", Name: "RESP server, hand-written parser, -P 16", Unit: "req/s", TargetKind: "min", TargetX: 0.6},
	{Key: "resp_p16_cpu", Test: "resp", Name: "RESP hand-written -P 16: server CPU", Unit: cpuUnit, Lower: true},
	{Key: "respf_p1", Test: "resp-framing", Name: "RESP server, 'resp' framing vs redis-parser + cork, -P 1", Unit: "req/s", TargetKind: "min", TargetX: 1.2},
	{Key: "respf_p1_cpu", Test: "resp-framing", Name: "RESP framing -P 1: server CPU", Unit: cpuUnit, Lower: true},
	{Key: "respf_p16", Test: "resp-framing", Name: "RESP server, 'resp' framing vs redis-parser + cork, -P 16", Unit: "req/s", TargetKind: "min", TargetX: 1.2},
	{Key: "respf_p16_cpu", Test: "resp-framing", Name: "RESP framing -P 16: server CPU", Unit: cpuUnit, Lower: true},
	{Key: "http", Test: "http", Name: "HTTP/1.1 keep-alive hello, hand-written (Lua patterns vs JS regexps), wrk -c 50", Unit: "req/s", TargetKind: "min", TargetX: 0.8},
	{Key: "http_cpu", Test: "http", Name: "HTTP hand-written: server CPU", Unit: cpuUnit, Lower: true},
	{Key: "httpf", Test: "http-framing", Name: "HTTP/1.1 keep-alive hello, 'http' framing vs hand-written JS", Unit: "req/s", TargetKind: "min", TargetX: 1.2},
	{Key: "httpf_cpu", Test: "http-framing", Name: "HTTP framing: server CPU", Unit: cpuUnit, Lower: true},
	{Key: "rc_wall", Test: "redis-client", Name: "Redis client, pipelined SETs then GETs, 'resp' framing vs redis-parser: wall time", Unit: "s", Lower: true, TargetKind: "max", TargetX: 1},
	{Key: "rc_cpu", Test: "redis-client", Name: "Redis client: client CPU", Unit: "CPU s", Lower: true},
	{Key: "dns", Test: "dns", Name: "DNS A responder, hand-written vs dns-packet, dnsperf", Unit: "query/s"},
	{Key: "dns_cpu", Test: "dns", Name: "DNS hand-written: server CPU", Unit: cpuUnit, Lower: true},
	{Key: "dns_lost", Test: "dns", Name: "DNS hand-written: queries lost", Unit: "queries", Lower: true},
	{Key: "dnsc", Test: "dns-codec", Name: "DNS A responder, netsh's dns codec vs dns-packet, dnsperf", Unit: "query/s", TargetKind: "min", TargetX: 1},
	{Key: "dnsc_cpu", Test: "dns-codec", Name: "DNS codec: server CPU", Unit: cpuUnit, Lower: true},
	{Key: "dnsc_lost", Test: "dns-codec", Name: "DNS codec: queries lost", Unit: "queries", Lower: true},
}

// programs are the table's columns: the two under test, and redis-server
// as the RESP rows' ceiling.
var programs = []string{"netsh", "node", ceilingName}

// ceilingName is the program measured as the RESP rows' ceiling.
const ceilingName = "redis-server"

// results holds every round's value: results[impl][metric][round].
type results struct {
	vals  map[string]map[string][]float64
	notes map[string]bool // error notes, printed under the table
	order []string
}

// newResults makes an all-NaN (not measured) grid for c's rounds.
func newResults(c *config) *results {
	r := &results{vals: map[string]map[string][]float64{}, notes: map[string]bool{}}
	for _, im := range programs {
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

// roundRatios is netsh/node of each round (NaN where either is missing).
func (r *results) roundRatios(key string) []float64 {
	n, o := r.vals["netsh"][key], r.vals["node"][key]
	out := make([]float64, len(n))
	for i := range n {
		out[i] = ratio(n[i], o[i])
	}
	return out
}

// ratio is the metric's netsh/node: the median of the rounds' ratios, so
// that a round where the machine was slower for both cancels out.
func (r *results) ratio(key string) float64 { return median(r.roundRatios(key)) }
