//go:build linux

package main

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/netsh/netsh/internal/testkit"
)

// These tests cover the protocol workloads' parsing, CPU reading, probes
// (against in-process Go servers, right and wrong) and report, without
// starting netsh, node or any load generator; peers_test.go runs the real
// servers and tools.

func TestParseProcStatCPU(t *testing.T) {
	// Fields 14 and 15 (utime 250, stime 50 ticks); the name holds ") (".
	line := "4242 (my (odd) proc) S 1 4242 4242 0 -1 4194560 1000 0 0 0 250 50 0 0 20 0 3 0 100 1000000 500 18446744073709551615\n"
	got, err := parseProcStatCPU(line)
	if err != nil || got != 3.0 {
		t.Fatalf("got %v, %v; want 3 s", got, err)
	}
	for _, bad := range []string{"", "4242 (x) S 1 2", "4242 (x) S 1 2 3 4 5 6 7 8 9 10 x 0"} {
		if _, err := parseProcStatCPU(bad); err == nil {
			t.Errorf("parseProcStatCPU(%q) accepted", bad)
		}
	}
	m, err := startCPU(os.Getpid())
	if err != nil {
		t.Fatal(err)
	}
	for end := time.Now().Add(100 * time.Millisecond); time.Now().Before(end); { // burn CPU
	}
	if used, err := m.stop(); err != nil || used <= 0 || used > 60 {
		t.Errorf("CPU used while spinning 100 ms: %v, %v", used, err)
	}
}

const benchCSV = `WARNING: Could not fetch server CONFIG
"test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms","p99_latency_ms","max_latency_ms"
"PING_INLINE","10000.00","2.081","0.032","2.015","4.311","6.007","10.383"
"PING_MBULK","20000.00","2.502","0.040","1.831","10.071","16.719","17.951"
"SET","10000.00","2.766","0.064","2.047","8.639","12.951","15.079"
"GET","20000.00","2.769","0.040","2.239","10.359","16.943","20.191"
"INCR","25000.00","2.436","0.040","1.743","9.799","12.335","13.655"
`

func TestParseRedisBenchmark(t *testing.T) {
	// 5 × 1000 requests in 0.1 + 0.05 + 0.1 + 0.05 + 0.04 s.
	l, err := parseRedisBenchmark(benchCSV, 1000)
	if err != nil || l.Requests != 5000 || math.Abs(l.Rate-5000/0.34) > 1e-6 {
		t.Fatalf("got %+v, %v", l, err)
	}
	noIncr := strings.Replace(benchCSV, `"INCR"`, `"LPUSH"`, 1)
	withErr := benchCSV + "Error from server: ERR unknown command\n"
	badRate := strings.Replace(benchCSV, `"25000.00"`, `"0"`, 1)
	for _, bad := range []string{noIncr, withErr, badRate, ""} {
		if _, err := parseRedisBenchmark(bad, 1000); err == nil {
			t.Errorf("accepted %q", bad)
		}
	}
}

const wrkOut = `Running 1s test @ http://127.0.0.1:41477/
  1 threads and 50 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency   806.55us    1.69ms  32.88ms   97.43%
    Req/Sec    77.35k    15.40k  100.34k    80.00%
  76919 requests in 1.00s, 7.48MB read
Requests/sec:  76881.94
Transfer/sec:      7.48MB
`

func TestParseWrk(t *testing.T) {
	l, err := parseWrk(wrkOut)
	if err != nil || l.Requests != 76919 || l.Rate != 76881.94 {
		t.Fatalf("got %+v, %v", l, err)
	}
	few := strings.Replace(wrkOut, "Requests/sec", "  Socket errors: connect 0, read 3, write 0, timeout 7\nRequests/sec", 1)
	if _, err := parseWrk(few); err != nil {
		t.Errorf("10 socket errors in 76919 requests refused: %v", err)
	}
	many := strings.Replace(wrkOut, "Requests/sec", "  Socket errors: connect 0, read 900, write 0, timeout 0\nRequests/sec", 1)
	non2xx := strings.Replace(wrkOut, "Requests/sec", "  Non-2xx or 3xx responses: 1\nRequests/sec", 1)
	for _, bad := range []string{many, non2xx, "", strings.Replace(wrkOut, "76919 requests", "0 requests", 1)} {
		if _, err := parseWrk(bad); err == nil {
			t.Errorf("accepted %q", bad)
		}
	}
}

const abOut = `Concurrency Level:      50
Time taken for tests:   1.000 seconds
Complete requests:      74842
Failed requests:        0
Keep-Alive requests:    74842
Total transferred:      7633884 bytes
Requests per second:    74841.18 [#/sec] (mean)
`

func TestParseAB(t *testing.T) {
	l, err := parseAB(abOut)
	if err != nil || l.Requests != 74842 || l.Rate != 74841.18 {
		t.Fatalf("got %+v, %v", l, err)
	}
	failed := strings.Replace(abOut, "Failed requests:        0", "Failed requests:        3", 1)
	closed := strings.Replace(abOut, "Keep-Alive requests:    74842", "Keep-Alive requests:    0", 1)
	non2xx := abOut + "Non-2xx responses:      5\n"
	for _, bad := range []string{failed, closed, non2xx, ""} {
		if _, err := parseAB(bad); err == nil {
			t.Errorf("accepted %q", bad)
		}
	}
}

const dnsperfOut = `Statistics:

  Queries sent:         46467
  Queries completed:    46460 (99.98%)
  Queries lost:         7 (0.02%)

  Response codes:       NOERROR 46414 (99.90%), NXDOMAIN 46 (0.10%)
  Average packet size:  request 35, response 69
  Run time (s):         1.003184
  Queries per second:   46319.518653
`

func TestParseDnsperf(t *testing.T) {
	l, err := parseDnsperf(dnsperfOut)
	if err != nil || l.Requests != 46460 || l.Lost != 7 || l.Rate != 46319.518653 {
		t.Fatalf("got %+v, %v", l, err)
	}
	servfail := strings.Replace(dnsperfOut, "NXDOMAIN 46", "SERVFAIL 46", 1)
	for _, bad := range []string{servfail, "", strings.Replace(dnsperfOut, "Response codes", "Codes", 1)} {
		if _, err := parseDnsperf(bad); err == nil {
			t.Errorf("accepted %q", bad)
		}
	}
}

func TestParseReadyPorts(t *testing.T) {
	// A DNS responder announces only UDP; the echo server's parseReady
	// still wants TCP (stats_test.go).
	if r, err := parseReadyPorts("READY udp=5353"); err != nil || r.UDP != 5353 || r.TCP != 0 {
		t.Errorf("udp only: %+v, %v", r, err)
	}
	if _, err := parseReadyPorts("READY udp=n/a"); err == nil {
		t.Error("a READY line without any port accepted")
	}
}

func TestParseOnlyGroups(t *testing.T) {
	c, err := parseFlags([]string{"-quick", "-only", "protocols,pingpong"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range protoTests {
		if !c.wants(p) {
			t.Errorf("-only protocols left out %s", p)
		}
	}
	if !c.wants("pingpong") || c.wants("bulk") || c.Requests != 10000 || c.ClientOps != 20000 {
		t.Errorf("got %+v", c)
	}
	if c, _ = parseFlags([]string{"-only", "echo"}, io.Discard); c.wants("resp") || !c.wants("pipe") || c.Requests != 100000 {
		t.Errorf("-only echo: %+v", c)
	}
	for _, m := range metrics {
		if !contains(testNames, m.Test) {
			t.Errorf("metric %s: %q is not a test", m.Key, m.Test)
		}
	}
}

// contains reports whether list holds s.
func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestReportRatiosAndCeiling(t *testing.T) {
	c := &config{Rounds: 3, CommandLine: "go run ./bench", Only: map[string]bool{"resp": true}}
	r := newResults(c)
	// Ratios per round 1, 2, 0.5: their median is 1 (the medians' ratio 2).
	for i, v := range [][3]float64{{1000, 1000, 9000}, {2000, 1000, 8000}, {3000, 6000, 7000}} {
		r.set("netsh", i, "resp_p1", v[0])
		r.set("node", i, "resp_p1", v[1])
		r.set(ceilingName, i, "resp_p1", v[2])
	}
	md := markdown(c, nil, r)
	row := "| RESP server, hand-written parser, redis-benchmark -P 1 | req/s | 2000 | 1000 | 8000 | 1.00× | higher | ≥ 1× node | yes |"
	if !strings.Contains(md, "| redis-server (ceiling) |") || !strings.Contains(md, row) {
		t.Errorf("report:\n%s\nwant the row\n%s", md, row)
	}
	if !strings.Contains(md, "| 1000, 2000, 3000 | 1000, 1000, 6000 | 1.00, 2.00, 0.500 |") {
		t.Errorf("every-round table:\n%s", md)
	}
	if strings.Contains(md, "HTTP") || strings.Contains(md, "ping-pong, 50") {
		t.Errorf("rows of tests that did not run:\n%s", md)
	}
}

// fakeRedis serves PING, SET, GET, INCR, DEL as resp.lua does, or wrongly
// (every answer +OK) when broken.
func fakeRedis(t *testing.T, broken bool) string {
	ln := testkit.Listen(t)
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go serveFakeRedis(c, broken)
		}
	}()
	return ln.Addr().String()
}

func serveFakeRedis(c net.Conn, broken bool) {
	defer c.Close()
	r, db := bufio.NewReader(c), map[string]string{}
	for {
		args, err := readCommand(r)
		if err != nil {
			return
		}
		reply := "+OK\r\n"
		if !broken {
			reply = fakeReply(db, args)
		}
		if _, err := io.WriteString(c, reply); err != nil {
			return
		}
	}
}

// readCommand reads an inline or multibulk command.
func readCommand(r *bufio.Reader) ([]string, error) {
	line, err := r.ReadString('\n')
	if err != nil {
		return nil, err
	}
	line = strings.TrimRight(line, "\r\n")
	if !strings.HasPrefix(line, "*") {
		return strings.Fields(line), nil
	}
	n, _ := strconv.Atoi(line[1:])
	args := make([]string, n)
	for i := range args {
		h, err := r.ReadString('\n')
		if err != nil {
			return nil, err
		}
		l, _ := strconv.Atoi(strings.TrimRight(h[1:], "\r\n"))
		b := make([]byte, l+2)
		if _, err := io.ReadFull(r, b); err != nil {
			return nil, err
		}
		args[i] = string(b[:l])
	}
	return args, nil
}

func fakeReply(db map[string]string, a []string) string {
	bulk := func(s string, ok bool) string {
		if !ok {
			return "$-1\r\n"
		}
		return fmt.Sprintf("$%d\r\n%s\r\n", len(s), s)
	}
	arity := map[string]int{"PING": 1, "SET": 3, "GET": 2, "INCR": 2, "DEL": 2}
	name := strings.ToUpper(a[0])
	switch {
	case arity[name] == 0:
		return "-ERR unknown command '" + a[0] + "'\r\n"
	case len(a) < arity[name]:
		return "-ERR wrong number of arguments for '" + strings.ToLower(name) + "' command\r\n"
	case name == "PING" && len(a) > 1:
		return bulk(a[1], true)
	case name == "PING":
		return "+PONG\r\n"
	case name == "SET":
		db[a[1]] = a[2]
		return "+OK\r\n"
	case name == "GET":
		v, ok := db[a[1]]
		return bulk(v, ok)
	case name == "INCR":
		v, err := strconv.Atoi(orZero(db[a[1]]))
		if err != nil {
			return "-ERR value is not an integer or out of range\r\n"
		}
		db[a[1]] = strconv.Itoa(v + 1)
		return ":" + db[a[1]] + "\r\n"
	}
	n := 0
	for _, k := range a[1:] {
		if _, ok := db[k]; ok {
			delete(db, k)
			n++
		}
	}
	return ":" + strconv.Itoa(n) + "\r\n"
}

func orZero(s string) string {
	if s == "" {
		return "0"
	}
	return s
}

func TestProbeRESP(t *testing.T) {
	if err := probeRESP(fakeRedis(t, false)); err != nil {
		t.Fatalf("a correct server failed the probe: %v", err)
	}
	if err := probeRESP(fakeRedis(t, true)); err == nil {
		t.Fatal("a server answering +OK to everything passed the probe")
	}
}

// helloServer serves the hello (or, when broken, a 404) with net/http,
// keep-alive as HTTP/1.0 and 1.1 define it.
func helloServer(t *testing.T, broken bool) string {
	ln := testkit.Listen(t)
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if broken {
			http.NotFound(w, r)
			return
		}
		io.WriteString(w, helloBody)
	})}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return ln.Addr().String()
}

func TestProbeHTTP(t *testing.T) {
	if err := probeHTTP(helloServer(t, false)); err != nil {
		t.Fatalf("net/http failed the probe: %v", err)
	}
	if err := probeHTTP(helloServer(t, true)); err == nil {
		t.Fatal("a server answering 404 passed the probe")
	}
}

// fakeDNS answers queries for the bench zone; wrongAddr gives every host
// 10.9.9.9 instead.
func fakeDNS(t *testing.T, wrongAddr bool) string {
	pc := testkit.ListenUDP(t)
	go func() {
		buf := make([]byte, 1500)
		for {
			n, from, err := pc.ReadFrom(buf)
			if err != nil {
				return
			}
			if reply := fakeDNSAnswer(buf[:n], wrongAddr); reply != nil {
				pc.WriteTo(reply, from)
			}
		}
	}()
	return pc.LocalAddr().String()
}

func fakeDNSAnswer(q []byte, wrongAddr bool) []byte {
	if len(q) < 12 {
		return nil
	}
	name, end, err := dnsName(q, 12)
	if err != nil || end+4 > len(q) {
		return nil
	}
	qtype := binary.BigEndian.Uint16(q[end:])
	var host int
	_, err = fmt.Sscanf(strings.ToLower(name), "host%d.bench.test", &host)
	known := err == nil && host >= 1 && host <= dnsHosts && strings.EqualFold(name, fmt.Sprintf("host%d.bench.test", host))
	flags := uint16(0x8400) | binary.BigEndian.Uint16(q[2:])&0x0100
	an := uint16(0)
	if !known {
		flags |= 3
	} else if qtype == 1 {
		an = 1
	}
	r := append([]byte{q[0], q[1]}, byte(flags>>8), byte(flags), 0, 1, 0, byte(an), 0, 0, 0, 0)
	r = append(r, q[12:end+4]...)
	if an == 1 {
		a := dnsAddr(host)
		if wrongAddr {
			a = [4]byte{10, 9, 9, 9}
		}
		r = append(r, 0xC0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4)
		r = append(r, a[:]...)
	}
	return r
}

func TestProbeDNS(t *testing.T) {
	if err := probeDNS(fakeDNS(t, false)); err != nil {
		t.Fatalf("a correct responder failed the probe: %v", err)
	}
	if err := probeDNS(fakeDNS(t, true)); err == nil {
		t.Fatal("a responder with wrong addresses passed the probe")
	}
}

func TestParseDNSReplyHostile(t *testing.T) {
	// A compression pointer to itself, and one past the end: errors, no loop.
	loop := append(dnsQuery(1, "a", 1)[:12], 0xC0, 12, 0, 1, 0, 1)
	short := append(dnsQuery(1, "a", 1)[:12], 0xC0)
	long := append(dnsQuery(1, "a", 1)[:12], 40, 'x')
	for _, m := range [][]byte{loop, short, long, {1, 2, 3}} {
		if _, err := parseDNSReply(m); err == nil {
			t.Errorf("parseDNSReply(%x) accepted", m)
		}
	}
	q := dnsQuery(0xBEEF, "host1.bench.test", 1)
	if len(q) != 12+18+4 || q[0] != 0xBE || q[2] != 1 || q[12] != 5 {
		t.Errorf("query %x", q)
	}
	dir := t.TempDir()
	path, err := writeDNSQueries(dir)
	b, _ := os.ReadFile(path)
	if err != nil || strings.Count(string(b), "\n") != dnsHosts+1 || !strings.HasPrefix(string(b), "host1.bench.test A\n") {
		t.Errorf("query file: %v, %q...", err, b[:40])
	}
}
