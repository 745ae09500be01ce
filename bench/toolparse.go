//go:build linux

package main

import (
	"encoding/csv"
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// Parsers of the load generators' reports. A report that shows a wrong
// answer (an error reply, a non-2xx response, a failed request, an
// unexpected DNS response code) is an error, never a result.

// respCommands are the tests `redis-benchmark -t ping,set,get,incr` runs.
var respCommands = []string{"PING_INLINE", "PING_MBULK", "SET", "GET", "INCR"}

// parseRedisBenchmark reads redis-benchmark --csv output (n requests per
// command) into the requests of all commands and their overall rate:
// total requests over the sum of each command's time.
func parseRedisBenchmark(out string, n int) (load, error) {
	rates := map[string]float64{}
	for _, line := range strings.Split(out, "\n") {
		line = strings.TrimSpace(line)
		if strings.Contains(line, "Error from server") {
			return load{}, fmt.Errorf("redis-benchmark: %s", line)
		}
		if !strings.HasPrefix(line, `"`) {
			continue // WARNING lines and the like
		}
		rec, err := csv.NewReader(strings.NewReader(line)).Read()
		if err != nil || len(rec) < 2 || rec[0] == "test" {
			continue
		}
		r, err := strconv.ParseFloat(rec[1], 64)
		if err != nil || r <= 0 {
			return load{}, fmt.Errorf("redis-benchmark: bad rate in %q", line)
		}
		rates[rec[0]] = r
	}
	var secs float64
	for _, c := range respCommands {
		r, ok := rates[c]
		if !ok {
			return load{}, fmt.Errorf("redis-benchmark: no %s result in %q", c, firstLines(out, 4))
		}
		secs += float64(n) / r
	}
	total := n * len(respCommands)
	return load{Requests: total, Rate: float64(total) / secs}, nil
}

var (
	wrkRate     = regexp.MustCompile(`(?m)^Requests/sec:\s+([0-9.]+)`)
	wrkRequests = regexp.MustCompile(`(?m)^\s*(\d+) requests in `)
	wrkErrors   = regexp.MustCompile(`Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)`)
	wrkNon2xx   = regexp.MustCompile(`Non-2xx or 3xx responses: (\d+)`)
)

// parseWrk reads wrk's report. Non-2xx responses are an error, and so are
// socket errors on more than 1% of the requests (a few timeouts on a
// loaded machine are not).
func parseWrk(out string) (load, error) {
	rate, err1 := matchFloat(wrkRate, out)
	reqs, err2 := matchFloat(wrkRequests, out)
	if err1 != nil || err2 != nil || reqs <= 0 {
		return load{}, fmt.Errorf("wrk: no result in %q", firstLines(out, 8))
	}
	if m := wrkNon2xx.FindStringSubmatch(out); m != nil {
		return load{}, fmt.Errorf("wrk: %s non-2xx responses", m[1])
	}
	if m := wrkErrors.FindStringSubmatch(out); m != nil {
		sum := 0
		for _, s := range m[1:] {
			n, _ := strconv.Atoi(s)
			sum += n
		}
		if float64(sum) > reqs/100 {
			return load{}, fmt.Errorf("wrk: %s", m[0])
		}
	}
	return load{Requests: int(reqs), Rate: rate}, nil
}

var (
	abRate     = regexp.MustCompile(`(?m)^Requests per second:\s+([0-9.]+)`)
	abComplete = regexp.MustCompile(`(?m)^Complete requests:\s+(\d+)`)
	abFailed   = regexp.MustCompile(`(?m)^Failed requests:\s+(\d+)`)
	abNon2xx   = regexp.MustCompile(`(?m)^Non-2xx responses:\s+(\d+)`)
	abKeep     = regexp.MustCompile(`(?m)^Keep-Alive requests:\s+(\d+)`)
)

// parseAB reads ApacheBench's report: failed and non-2xx requests are an
// error, and so is a server that did not keep connections alive.
func parseAB(out string) (load, error) {
	rate, err1 := matchFloat(abRate, out)
	done, err2 := matchFloat(abComplete, out)
	if err1 != nil || err2 != nil || done <= 0 {
		return load{}, fmt.Errorf("ab: no result in %q", firstLines(out, 8))
	}
	if f, err := matchFloat(abFailed, out); err != nil || f > 0 {
		return load{}, fmt.Errorf("ab: failed requests (%v): %q", f, abFailed.FindString(out))
	}
	if m := abNon2xx.FindStringSubmatch(out); m != nil {
		return load{}, fmt.Errorf("ab: %s non-2xx responses", m[1])
	}
	if k, err := matchFloat(abKeep, out); err != nil || k < done/2 {
		return load{}, fmt.Errorf("ab: %v of %v requests kept alive", k, done)
	}
	return load{Requests: int(done), Rate: rate}, nil
}

var (
	dnsCompleted = regexp.MustCompile(`Queries completed:\s+(\d+)`)
	dnsLost      = regexp.MustCompile(`Queries lost:\s+(\d+)`)
	dnsRate      = regexp.MustCompile(`Queries per second:\s+([0-9.]+)`)
	dnsCodes     = regexp.MustCompile(`Response codes:\s+(.*)`)
	dnsCode      = regexp.MustCompile(`([A-Z]+) \d+`)
)

// parseDnsperf reads dnsperf's statistics. The responder knows every
// name in the query file but one, so any response code other than
// NOERROR and NXDOMAIN is an error.
func parseDnsperf(out string) (load, error) {
	done, err1 := matchFloat(dnsCompleted, out)
	lost, err2 := matchFloat(dnsLost, out)
	rate, err3 := matchFloat(dnsRate, out)
	if err1 != nil || err2 != nil || err3 != nil || done <= 0 {
		return load{}, fmt.Errorf("dnsperf: no result in %q", firstLines(out, 12))
	}
	m := dnsCodes.FindStringSubmatch(out)
	if m == nil {
		return load{}, fmt.Errorf("dnsperf: no response codes")
	}
	for _, c := range dnsCode.FindAllStringSubmatch(m[1], -1) {
		if c[1] != "NOERROR" && c[1] != "NXDOMAIN" {
			return load{}, fmt.Errorf("dnsperf: unexpected responses: %s", m[1])
		}
	}
	return load{Requests: int(done), Rate: rate, Lost: int(lost)}, nil
}

// matchFloat parses the first submatch of re in s.
func matchFloat(re *regexp.Regexp, s string) (float64, error) {
	m := re.FindStringSubmatch(s)
	if m == nil {
		return 0, fmt.Errorf("no match for %s", re)
	}
	return strconv.ParseFloat(m[1], 64)
}
