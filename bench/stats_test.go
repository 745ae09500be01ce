package main

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"net"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/netsh/netsh/internal/testkit"
)

// These tests cover the runner's statistics, parsing and load generators
// (against an in-process Go echo server) without starting netsh or node.

func TestPercentile(t *testing.T) {
	ms := func(xs ...int) []time.Duration {
		d := make([]time.Duration, len(xs))
		for i, x := range xs {
			d[i] = time.Duration(x) * time.Millisecond
		}
		return d
	}
	// 1..100 ms, shuffled: nearest rank gives p50 = 50, p99 = 99, p100 = 100.
	var s []time.Duration
	for i := 100; i >= 1; i-- {
		s = append(s, time.Duration((i*37)%100+1)*time.Millisecond)
	}
	sortDurations(s)
	for i, d := range s {
		if d != time.Duration(i+1)*time.Millisecond {
			t.Fatalf("sorted[%d] = %v", i, d)
		}
	}
	for _, c := range []struct {
		p    float64
		want time.Duration
	}{{50, 50 * time.Millisecond}, {99, 99 * time.Millisecond}, {100, 100 * time.Millisecond}, {0.1, time.Millisecond}} {
		if got := percentile(s, c.p); got != c.want {
			t.Errorf("p%v = %v, want %v", c.p, got, c.want)
		}
	}
	if got := percentile(ms(7), 99); got != 7*time.Millisecond {
		t.Errorf("one sample: %v", got)
	}
	if got := percentile(nil, 50); got != 0 {
		t.Errorf("empty: %v", got)
	}
	// A long tail: 990 fast, 10 slow round trips; p99 is the last fast one.
	tail := make([]time.Duration, 0, 1000)
	for i := 0; i < 990; i++ {
		tail = append(tail, time.Millisecond)
	}
	for i := 0; i < 10; i++ {
		tail = append(tail, time.Second)
	}
	if got := percentile(tail, 99); got != time.Millisecond {
		t.Errorf("p99 of 990 fast + 10 slow = %v", got)
	}
	if got := percentile(tail, 99.5); got != time.Second {
		t.Errorf("p99.5 of 990 fast + 10 slow = %v", got)
	}
}

func TestMedian(t *testing.T) {
	nan := math.NaN()
	for _, c := range []struct {
		in   []float64
		want float64
	}{
		{[]float64{3, 1, 2}, 2},
		{[]float64{4, 1, 3, 2}, 2.5},
		{[]float64{5}, 5},
		{[]float64{nan, 7, 9, nan}, 8},
	} {
		if got := median(c.in); got != c.want {
			t.Errorf("median(%v) = %v, want %v", c.in, got, c.want)
		}
	}
	if !math.IsNaN(median(nil)) || !math.IsNaN(median([]float64{nan})) {
		t.Error("median of nothing should be NaN")
	}
	in := []float64{3, 1, 2}
	median(in)
	if in[0] != 3 {
		t.Error("median sorted its argument")
	}
	lo, hi := minMax([]float64{nan, 4, -1, 9})
	if lo != -1 || hi != 9 {
		t.Errorf("minMax = %v, %v", lo, hi)
	}
}

func TestParseReady(t *testing.T) {
	r, err := parseReady("READY tcp=40001 udp=40002\n")
	if err != nil || r.TCP != 40001 || r.UDP != 40002 {
		t.Fatalf("got %+v, %v", r, err)
	}
	r, err = parseReady("READY tcp=40001 udp=n/a")
	if err != nil || r.TCP != 40001 || r.UDP != 0 {
		t.Fatalf("udp=n/a: got %+v, %v", r, err)
	}
	for _, bad := range []string{"", "hello", "READY udp=5", "READY tcp=0 udp=1", "READY tcp=70000", "READY tcp=x", "READY tcp"} {
		if _, err := parseReady(bad); err == nil {
			t.Errorf("parseReady(%q) accepted", bad)
		}
	}
}

func TestParseStatusKB(t *testing.T) {
	status := "Name:\tnode\nVmPeak:\t  900000 kB\nVmRSS:\t   41236 kB\nRssAnon:\t   20000 kB\n"
	n, err := parseStatusKB(strings.NewReader(status), "VmRSS:")
	if err != nil || n != 41236*1024 {
		t.Fatalf("got %d, %v", n, err)
	}
	if _, err := parseStatusKB(strings.NewReader("Name:\tx\n"), "VmRSS:"); err == nil {
		t.Error("accepted a status without VmRSS")
	}
	if _, err := parseStatusKB(strings.NewReader("VmRSS: lots\n"), "VmRSS:"); err == nil {
		t.Error("accepted a bad VmRSS")
	}
	// This process's own status parses.
	if f, err := os.Open("/proc/self/status"); err == nil {
		defer f.Close()
		if n, err := parseStatusKB(f, "VmHWM:"); err != nil || n <= 0 {
			t.Errorf("/proc/self/status: %d, %v", n, err)
		}
	}
}

func TestParseSize(t *testing.T) {
	for in, want := range map[string]int64{"1G": 1 << 30, "64M": 64 << 20, "64MiB": 64 << 20, "4k": 4096, "123": 123, "2GB": 2 << 30} {
		if got, err := parseSize(in); err != nil || got != want {
			t.Errorf("parseSize(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "G", "-1M", "0", "1T"} {
		if _, err := parseSize(bad); err == nil {
			t.Errorf("parseSize(%q) accepted", bad)
		}
	}
}

func TestPattern(t *testing.T) {
	whole := make([]byte, 3000)
	patternAt(whole, 0)
	part := make([]byte, 1000)
	patternAt(part, 1234)
	if !bytes.Equal(part, whole[1234:2234]) {
		t.Fatal("patternAt at an offset differs from the whole stream")
	}
	a, b := make([]byte, msgSize), make([]byte, msgSize)
	fillMsg(a, 1, 2)
	fillMsg(b, 1, 3)
	if bytes.Equal(a, b) {
		t.Fatal("messages of different round trips are equal")
	}
}

// goEcho is a small Go echo server (TCP and UDP) for the load generators.
func goEcho(t *testing.T) (tcp, udp string) {
	t.Helper()
	ln, pc := testkit.Listen(t), testkit.ListenUDP(t)
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() { io.Copy(c, c); c.Close() }()
		}
	}()
	go func() {
		buf := make([]byte, 2048)
		for {
			n, a, err := pc.ReadFrom(buf)
			if err != nil {
				return
			}
			pc.WriteTo(buf[:n], a)
		}
	}()
	return ln.Addr().String(), pc.LocalAddr().String()
}

// windows are the measuring windows a load generator is given in turn
// by measured: on a loaded machine its goroutines may not run at all
// within a short window, which then measures nothing.
var windows = []time.Duration{150 * time.Millisecond, 600 * time.Millisecond, 2400 * time.Millisecond}

// measured runs a load generator for each window of windows until it
// measures something (run reports whether it did, and what it got), and
// fails the test if it never does. An error fails the test at once: the
// echo server is correct, so an error is the generator's.
func measured(t *testing.T, what string, run func(d time.Duration) (bool, any, error)) {
	t.Helper()
	var got any
	for _, d := range windows {
		ok, res, err := run(d)
		if err != nil {
			t.Fatalf("%s over %v: %+v, %v", what, d, res, err)
		}
		if ok {
			return
		}
		got = res
	}
	t.Fatalf("%s measured nothing even over %v: %+v", what, windows[len(windows)-1], got)
}

func TestLoadGenerators(t *testing.T) {
	tcp, udp := goEcho(t)
	measured(t, "ping-pong", func(d time.Duration) (bool, any, error) {
		pp, err := tcpPingPong(tcp, 4, 20*time.Millisecond, d)
		if err == nil && pp.Count > 0 && (pp.Rate <= 0 || pp.P50 <= 0 || pp.P99 < pp.P50) {
			err = fmt.Errorf("inconsistent result")
		}
		return pp.Count > 0, pp, err
	})
	measured(t, "bulk", func(d time.Duration) (bool, any, error) {
		mbs, err := tcpBulk(tcp, 20*time.Millisecond, d)
		return mbs > 0, mbs, err
	})
	measured(t, "udp", func(d time.Duration) (bool, any, error) {
		ur, err := udpPingPong(udp, 2, 20*time.Millisecond, d)
		return ur.Rate > 0, ur, err
	})
	measured(t, "churn", func(d time.Duration) (bool, any, error) {
		rate, failures, err := churn(tcp, 2, 20*time.Millisecond, d)
		if err != nil && rate == 0 && failures == 0 {
			err = nil // no connection failed; none completed within d either
		}
		return rate > 0, rate, err
	})
	conns, err := idleConns(tcp, 20)
	if err != nil || len(conns) != 20 {
		t.Fatalf("idle: %d, %v", len(conns), err)
	}
	closeAll(conns)
}

// TestLoadGeneratorsMeasured: a window that measures nothing is retried
// with a longer one; an error is not.
func TestLoadGeneratorsMeasured(t *testing.T) {
	var tried []time.Duration
	measured(t, "slow start", func(d time.Duration) (bool, any, error) {
		tried = append(tried, d)
		return len(tried) == 2, len(tried), nil
	})
	if len(tried) != 2 || tried[0] != windows[0] || tried[1] != windows[1] {
		t.Errorf("windows tried: %v", tried)
	}
}

// TestLoadGeneratorsCatchBadEcho: an echo that changes a byte is an error,
// not a result.
func TestLoadGeneratorsCatchBadEcho(t *testing.T) {
	ln := testkit.Listen(t)
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				buf := make([]byte, 64*1024)
				for {
					n, err := c.Read(buf)
					if err != nil {
						return
					}
					buf[n-1] ^= 1
					if _, err := c.Write(buf[:n]); err != nil {
						return
					}
				}
			}()
		}
	}()
	if _, err := tcpPingPong(ln.Addr().String(), 2, 0, 100*time.Millisecond); err == nil {
		t.Error("ping-pong accepted a corrupted echo")
	}
	if _, err := tcpBulk(ln.Addr().String(), 0, 100*time.Millisecond); err == nil {
		t.Error("bulk accepted a corrupted echo")
	}
}

func TestPipeFileAndReader(t *testing.T) {
	path, sum, err := makePipeFile(t.TempDir(), 300*1024+7)
	if err != nil {
		t.Fatal(err)
	}
	ln := testkit.Listen(t)
	go func() {
		c, err := net.Dial("tcp", ln.Addr().String())
		if err != nil {
			return
		}
		f, _ := os.Open(path)
		io.Copy(c, f)
		f.Close()
		c.Close()
	}()
	n, got, err := slowReader(ln, 10e6, 10*time.Second)
	if err != nil || n != 300*1024+7 || got != sum {
		t.Fatalf("read %d bytes, sum match %v, %v", n, got == sum, err)
	}
}
