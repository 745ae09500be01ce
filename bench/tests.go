//go:build linux

package main

import (
	"errors"
	"fmt"
	"net"
	"strings"
	"time"
)

// runTest runs one test against one program and returns its metrics;
// on an error they are empty.
func runTest(t string, c *config, root string, im impl, pipe pipeInput) (map[string]float64, error) {
	switch t {
	case "startup":
		return startupTest(c, im)
	case "pipe":
		return pipeMetrics(c, root, im, pipe)
	case "tls":
		return tlsTest(c, root, im)
	}
	if _, ok := protoScripts[t]; ok {
		out, err := protoTest(t, c, root, im)
		var ee *earlyExit
		if t == "dns-codec" && im.Name == "netsh" && errors.As(err, &ee) && ee.code == 3 {
			err = errNoCodec
		}
		return out, err
	}
	return echoTest(t, c, root, im)
}

// startupTest runs the program on an empty -e script -startup-runs times
// and reports the median wall time and peak RSS.
func startupTest(c *config, im impl) (map[string]float64, error) {
	out := map[string]float64{}
	var walls, peaks []float64
	for i := 0; i < c.StartupRuns; i++ {
		r, err := runMeasured(im.Env, im.Bin, "-e", "")
		if err != nil {
			return out, err
		}
		if err := checkFloor(r); err != nil {
			return out, err
		}
		walls = append(walls, float64(r.Wall)/float64(time.Millisecond))
		peaks = append(peaks, float64(r.MaxRSS)/(1<<20))
	}
	out["start_ms"], out["start_rss"] = median(walls), median(peaks)
	return out, nil
}

// echoTest runs one of the load tests against a freshly started echo
// server; a server that died during the test voids its numbers.
func echoTest(t string, c *config, root string, im impl) (map[string]float64, error) {
	ch, err := startEcho(root, im)
	if err != nil {
		return map[string]float64{}, err
	}
	defer ch.stop()
	addr := net.JoinHostPort("127.0.0.1", fmt.Sprint(ch.ports.TCP))
	out := map[string]float64{}
	switch t {
	case "pingpong":
		out, err = pingPongTest(c, ch, addr)
	case "bulk":
		out, err = bulkTest(c, ch, addr)
	case "udp":
		out, err = udpTest(c, ch, im)
	case "churn":
		out, err = churnTest(c, ch, addr)
	case "idle":
		var conns []net.Conn
		out, conns, err = idleTest(c, ch, addr)
		// Held open until the liveness check below: the server has them.
		defer closeAll(conns)
	}
	if err != nil {
		return map[string]float64{}, err
	}
	if !ch.alive() {
		return map[string]float64{}, fmt.Errorf("server exited during the test: %s", ch.stderr)
	}
	return out, nil
}

// pingPongTest measures the TCP ping-pong's rate and latency.
func pingPongTest(c *config, ch *child, addr string) (map[string]float64, error) {
	r, err := tcpPingPong(addr, c.Conns, warmup(c.Duration), c.Duration)
	if err != nil {
		return nil, diedOr(ch, err)
	}
	return map[string]float64{
		"pp_rate": r.Rate,
		"pp_p50":  float64(r.P50) / float64(time.Microsecond),
		"pp_p99":  float64(r.P99) / float64(time.Microsecond),
	}, nil
}

// bulkTest measures the bulk echo's throughput.
func bulkTest(c *config, ch *child, addr string) (map[string]float64, error) {
	mbs, err := tcpBulk(addr, warmup(c.Short), c.Short)
	if err != nil {
		return nil, diedOr(ch, err)
	}
	return map[string]float64{"bulk": mbs}, nil
}

// udpTest measures the UDP ping-pong against the server's UDP port, if
// it has one.
func udpTest(c *config, ch *child, im impl) (map[string]float64, error) {
	if ch.ports.UDP == 0 {
		return nil, fmt.Errorf("no UDP server: echo%s printed udp=n/a (no dgram module?)", im.Ext)
	}
	r, err := udpPingPong(net.JoinHostPort("127.0.0.1", fmt.Sprint(ch.ports.UDP)), 8, warmup(c.Short), c.Short)
	if err != nil {
		return nil, diedOr(ch, err)
	}
	return map[string]float64{"udp_rate": r.Rate, "udp_loss": float64(r.Losses)}, nil
}

// churnTest measures connections per second and counts the failed ones.
func churnTest(c *config, ch *child, addr string) (map[string]float64, error) {
	rate, failures, err := churn(addr, 8, warmup(c.Short), c.Short)
	if err != nil {
		return nil, diedOr(ch, err)
	}
	return map[string]float64{"churn": rate, "churn_fail": float64(failures)}, nil
}

// idleTest measures the server's RSS per idle connection. It returns the
// connections it opened, still open, for the caller to close.
func idleTest(c *config, ch *child, addr string) (map[string]float64, []net.Conn, error) {
	before, err := settledRSS(ch.pid())
	if err != nil {
		return nil, nil, err
	}
	conns, err := idleConns(addr, c.IdleConns)
	if err != nil {
		return nil, nil, diedOr(ch, err)
	}
	after, err := settledRSS(ch.pid())
	if err != nil {
		return nil, conns, diedOr(ch, err)
	}
	return map[string]float64{"idle": float64(after-before) / float64(c.IdleConns) / 1024}, conns, nil
}

// maxFloor is the largest spawn-helper RSS seen, for the report.
var maxFloor int64

// checkFloor refuses a peak RSS that may be the helper's own (see
// spawnHelper): it would say nothing about the program measured.
func checkFloor(r spawnResult) error {
	if r.Floor > maxFloor {
		maxFloor = r.Floor
	}
	if r.MaxRSS <= r.Floor+r.Floor/20 {
		return fmt.Errorf("peak RSS %.1f MiB is within 5%% of the spawn helper's own %.1f MiB: not measurable this way",
			float64(r.MaxRSS)/(1<<20), float64(r.Floor)/(1<<20))
	}
	return nil
}

// diedOr explains a load error by the server's death when it died.
func diedOr(ch *child, err error) error {
	time.Sleep(100 * time.Millisecond)
	if !ch.alive() {
		return fmt.Errorf("server exited (%v): %s", ch.err, ch.stderr)
	}
	return err
}

// firstLines keeps the first n lines of s, joined by " | ".
func firstLines(s string, n int) string {
	ls := strings.Split(strings.TrimSpace(s), "\n")
	if len(ls) > n {
		ls = ls[:n]
	}
	return strings.Join(ls, " | ")
}
