package main

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"
)

// percentile returns the nearest-rank p-th percentile (0 < p <= 100) of a
// sorted sample: the smallest value with at least p% of the sample at or
// below it. An empty sample gives 0.
func percentile(sorted []time.Duration, p float64) time.Duration {
	n := len(sorted)
	if n == 0 {
		return 0
	}
	rank := int(math.Ceil(p / 100 * float64(n)))
	if rank < 1 {
		rank = 1
	}
	if rank > n {
		rank = n
	}
	return sorted[rank-1]
}

// sortDurations sorts a latency sample in place.
func sortDurations(d []time.Duration) {
	sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
}

// median returns the median of the non-NaN values (the mean of the middle
// two for an even count), or NaN when there are none. xs is not modified.
func median(xs []float64) float64 {
	v := make([]float64, 0, len(xs))
	for _, x := range xs {
		if !math.IsNaN(x) {
			v = append(v, x)
		}
	}
	if len(v) == 0 {
		return math.NaN()
	}
	sort.Float64s(v)
	m := len(v) / 2
	if len(v)%2 == 1 {
		return v[m]
	}
	return (v[m-1] + v[m]) / 2
}

// minMax returns the smallest and largest non-NaN values (NaN, NaN if none).
func minMax(xs []float64) (lo, hi float64) {
	lo, hi = math.NaN(), math.NaN()
	for _, x := range xs {
		if math.IsNaN(x) {
			continue
		}
		if math.IsNaN(lo) || x < lo {
			lo = x
		}
		if math.IsNaN(hi) || x > hi {
			hi = x
		}
	}
	return lo, hi
}

// readyPorts is what an echo server announces once it listens.
type readyPorts struct {
	TCP int
	UDP int // 0: no UDP server (udp=n/a)
}

// parseReady parses the echo server's `READY tcp=PORT udp=PORT|n/a`.
func parseReady(line string) (readyPorts, error) {
	r, err := parseReadyPorts(line)
	if err == nil && r.TCP == 0 {
		return r, fmt.Errorf("no TCP port in %q", line)
	}
	return r, err
}

// parseReadyPorts parses a server's `READY [tcp=PORT] [udp=PORT|n/a]`,
// which names at least one port.
func parseReadyPorts(line string) (readyPorts, error) {
	var r readyPorts
	f := strings.Fields(strings.TrimSpace(line))
	if len(f) == 0 || f[0] != "READY" {
		return r, fmt.Errorf("not a READY line: %q", line)
	}
	for _, kv := range f[1:] {
		k, v, ok := strings.Cut(kv, "=")
		if !ok {
			return r, fmt.Errorf("bad field %q in %q", kv, line)
		}
		port := 0
		if v != "n/a" {
			n, err := strconv.Atoi(v)
			if err != nil || n <= 0 || n > 65535 {
				return r, fmt.Errorf("bad port %q in %q", v, line)
			}
			port = n
		}
		switch k {
		case "tcp":
			r.TCP = port
		case "udp":
			r.UDP = port
		}
	}
	if r.TCP == 0 && r.UDP == 0 {
		return r, fmt.Errorf("no port in %q", line)
	}
	return r, nil
}

// parseStatusKB reads a field such as "VmRSS:" from a /proc/PID/status
// text, in bytes.
func parseStatusKB(r io.Reader, field string) (int64, error) {
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		line := sc.Text()
		if !strings.HasPrefix(line, field) {
			continue
		}
		f := strings.Fields(line[len(field):])
		if len(f) != 2 || f[1] != "kB" {
			return 0, fmt.Errorf("unexpected status line %q", line)
		}
		kb, err := strconv.ParseInt(f[0], 10, 64)
		if err != nil {
			return 0, fmt.Errorf("unexpected status line %q", line)
		}
		return kb * 1024, nil
	}
	if err := sc.Err(); err != nil {
		return 0, err
	}
	return 0, fmt.Errorf("no %s line", field)
}

// parseSize reads a byte count with an optional K/M/G (binary) suffix:
// "1G", "64M", "4096".
func parseSize(s string) (int64, error) {
	s = strings.TrimSpace(strings.ToUpper(s))
	s = strings.TrimSuffix(strings.TrimSuffix(s, "B"), "I")
	mult := int64(1)
	switch {
	case strings.HasSuffix(s, "K"):
		mult, s = 1<<10, s[:len(s)-1]
	case strings.HasSuffix(s, "M"):
		mult, s = 1<<20, s[:len(s)-1]
	case strings.HasSuffix(s, "G"):
		mult, s = 1<<30, s[:len(s)-1]
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("bad size %q", s)
	}
	return n * mult, nil
}

// formatValue prints a metric value with a precision that suits its size.
func formatValue(x float64) string {
	switch {
	case math.IsNaN(x):
		return "n/a"
	case x == 0:
		return "0"
	case math.Abs(x) >= 1000:
		return strconv.FormatFloat(x, 'f', 0, 64)
	case math.Abs(x) >= 100:
		return strconv.FormatFloat(x, 'f', 1, 64)
	case math.Abs(x) >= 1:
		return strconv.FormatFloat(x, 'f', 2, 64)
	}
	return strconv.FormatFloat(x, 'f', 3, 64)
}

// ratio is a/b, NaN when either is missing or b is zero.
func ratio(a, b float64) float64 {
	if math.IsNaN(a) || math.IsNaN(b) || b == 0 {
		return math.NaN()
	}
	return a / b
}
