//go:build linux

package main

import (
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"time"
)

// The realistic protocol workloads (issue 13): small servers written the
// natural way for each language (bench/servers/*.lua and *.js), loaded by
// real clients (redis-benchmark, wrk or ab, dnsperf), and a Redis client
// (bench/clients/). Each run starts a fresh server, checks its answers with
// a probe (probes.go, dnsprobe.go), warms it up, then measures the load
// and the server's CPU (utime+stime) around it.

// protoScripts is each test's program for netsh and for node, under bench/.
var protoScripts = map[string]map[string]string{
	"resp":         {"netsh": "servers/resp.lua", "node": "servers/resp.js"},
	"resp-framing": {"netsh": "servers/resp_framing.lua", "node": "servers/resp_parser.js"},
	"http":         {"netsh": "servers/http.lua", "node": "servers/http.js"},
	"http-framing": {"netsh": "servers/http_framing.lua", "node": "servers/http.js"},
	"redis-client": {"netsh": "clients/redis_pipeline.lua", "node": "clients/redis_pipeline.js"},
	"dns":          {"netsh": "servers/dns.lua", "node": "servers/dns.js"},
	"dns-codec":    {"netsh": "servers/dns_codec.lua", "node": "servers/dns.js"},
}

// metricPrefix is the key prefix of each test's rows (metrics.go).
var metricPrefix = map[string]string{
	"resp": "resp", "resp-framing": "respf", "http": "http", "http-framing": "httpf", "dns": "dns", "dns-codec": "dnsc",
}

// hasCeiling reports whether redis-server is measured beside a test.
func hasCeiling(t string) bool { return t == "resp" || t == "resp-framing" }

// errNoCodec is dns_codec.lua's exit status 3: netsh has no dns.encode.
var errNoCodec = errors.New("netsh has no DNS codec yet: dns_codec.lua found no require('dns').encode/decode (issue 17), so it did not run")

// protoTest runs one protocol test against one program (or, for the
// RESP tests, redis-server as the ceiling).
func protoTest(t string, c *config, root string, im impl) (map[string]float64, error) {
	if t == "redis-client" {
		return redisClientTest(c, root, im)
	}
	var ch *child
	var err error
	if im.Name == ceilingName {
		ch, err = startRedis(c)
	} else {
		ch, err = startScript(im, filepath.Join(root, "bench", protoScripts[t][im.Name]))
	}
	if err != nil {
		return nil, err
	}
	defer ch.stop()
	var out map[string]float64
	switch t {
	case "resp", "resp-framing":
		out, err = respLoad(c, ch, metricPrefix[t])
	case "http", "http-framing":
		out, err = httpMeasure(c, ch, metricPrefix[t])
	default:
		out, err = dnsMeasure(c, ch, metricPrefix[t])
	}
	if err != nil {
		return nil, diedOr(ch, err)
	}
	if !ch.alive() {
		return nil, fmt.Errorf("server exited during the test: %s", ch.stderr)
	}
	return out, nil
}

// measureCPU runs one load against the child and returns it with the CPU
// seconds the child used meanwhile.
func measureCPU(ch *child, run func() (load, error)) (load, float64, error) {
	m, err := startCPU(ch.pid())
	if err != nil {
		return load{}, 0, err
	}
	l, err := run()
	if err != nil {
		return l, 0, err
	}
	cpu, err := m.stop()
	return l, cpu, err
}

// per100k is CPU seconds per 100,000 requests.
func per100k(cpu float64, requests int) float64 { return cpu / float64(requests) * 1e5 }

// respLoad probes the RESP server, then runs redis-benchmark at -P 1 and
// -P 16, each after a warm-up of a fifth of the requests.
func respLoad(c *config, ch *child, prefix string) (map[string]float64, error) {
	if err := probeRESP(ch.tcpAddr()); err != nil {
		return nil, err
	}
	out := map[string]float64{}
	for _, p := range []int{1, 16} {
		if _, err := redisBenchmark(ch.ports.TCP, max(c.Requests/5, 1000), p); err != nil {
			return nil, err
		}
		l, cpu, err := measureCPU(ch, func() (load, error) { return redisBenchmark(ch.ports.TCP, c.Requests, p) })
		if err != nil {
			return nil, err
		}
		key := prefix + "_p" + strconv.Itoa(p)
		out[key], out[key+"_cpu"] = l.Rate, per100k(cpu, l.Requests)
	}
	return out, nil
}

// httpMeasure probes the HTTP server, warms it up for a second, then
// loads it for -duration.
func httpMeasure(c *config, ch *child, prefix string) (map[string]float64, error) {
	if err := probeHTTP(ch.tcpAddr()); err != nil {
		return nil, err
	}
	url := "http://" + ch.tcpAddr() + "/"
	if _, err := httpLoad(url, time.Second); err != nil {
		return nil, err
	}
	l, cpu, err := measureCPU(ch, func() (load, error) { return httpLoad(url, c.Duration) })
	if err != nil {
		return nil, err
	}
	return map[string]float64{prefix: l.Rate, prefix + "_cpu": per100k(cpu, l.Requests)}, nil
}

// dnsMeasure probes the DNS responder, warms it up for a second, then
// runs dnsperf for -duration over every name of the zone.
func dnsMeasure(c *config, ch *child, prefix string) (map[string]float64, error) {
	if ch.ports.UDP == 0 {
		return nil, fmt.Errorf("no UDP port in the READY line")
	}
	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(ch.ports.UDP))
	if err := probeDNS(addr); err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp(c.TmpDir, "netsh-bench-dns-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	file, err := writeDNSQueries(dir)
	if err != nil {
		return nil, err
	}
	if _, err := dnsperf(ch.ports.UDP, file, time.Second); err != nil {
		return nil, err
	}
	l, cpu, err := measureCPU(ch, func() (load, error) { return dnsperf(ch.ports.UDP, file, c.Duration) })
	if err != nil {
		return nil, err
	}
	return map[string]float64{prefix: l.Rate, prefix + "_cpu": per100k(cpu, l.Requests), prefix + "_lost": float64(l.Lost)}, nil
}
