//go:build linux && benchpeers

package main

import (
	"errors"
	"net"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/netsh/netsh/internal/testkit"
)

// The protocol workloads' real peers: every server of bench/servers under
// netsh (built from this tree) and node, probed and then loaded briefly by
// the real redis-benchmark, wrk, ab and dnsperf; the Redis clients against
// a real redis-server. They need those tools and bench/node_modules, which
// bench/setup.sh installs, so they run with -tags benchpeers (.ci/run runs
// them after bench/setup.sh); `go test ./bench/` stays hermetic.

// peerImpls are netsh and node as the runner starts them.
func peerImpls(t *testing.T) []impl {
	return []impl{{Name: "netsh", Bin: testkit.Netsh(t), Ext: ".lua"}, {Name: "node", Bin: "node", Ext: ".js"}}
}

// peerConfig is a small configuration for the runner's functions.
func peerConfig(t *testing.T) *config {
	return &config{Requests: 1000, ClientOps: 2000, Duration: time.Second, RedisBin: "redis-server", TmpDir: t.TempDir()}
}

// hasCodec reports whether netsh's require('dns') has encode and decode.
func hasCodec(t *testing.T) bool {
	err := exec.Command(testkit.Netsh(t), "-e", "local ok, d = pcall(require, 'dns') "+
		"if not (ok and type(d) == 'table' and d.encode and d.decode) then os.exit(3) end").Run()
	return err == nil
}

func TestPeerServers(t *testing.T) {
	root, c := testkit.Root(t), peerConfig(t)
	codec := hasCodec(t)
	for _, test := range []string{"resp", "resp-framing", "http", "http-framing", "dns", "dns-codec"} {
		for _, im := range peerImpls(t) {
			t.Run(test+"/"+im.Name, func(t *testing.T) {
				out, err := protoTest(test, c, root, im)
				var ee *earlyExit
				if test == "dns-codec" && im.Name == "netsh" && !codec {
					if !errors.As(err, &ee) || ee.code != 3 {
						t.Fatalf("without a codec dns_codec.lua must exit with status 3 before READY: %v", err)
					}
					return
				}
				if err != nil {
					t.Fatal(err)
				}
				checkRates(t, out, test)
			})
		}
	}
}

// checkRates checks that every row of the test came out as a number:
// rates positive, CPU and losses not negative.
func checkRates(t *testing.T, out map[string]float64, test string) {
	t.Helper()
	n := 0
	for _, m := range metrics {
		if m.Test != test {
			continue
		}
		n++
		v, ok := out[m.Key]
		if !ok || v < 0 || (m.Unit != cpuUnit && m.Unit != "queries" && v <= 0) {
			t.Errorf("%s = %v (measured: %v) in %v", m.Key, v, ok, out)
		}
	}
	if n == 0 || n != len(out) {
		t.Errorf("%d rows of %s, measured %v", n, test, out)
	}
}

func TestPeerRedisCeiling(t *testing.T) {
	out, err := protoTest("resp", peerConfig(t), testkit.Root(t), impl{Name: ceilingName, Bin: "redis-server"})
	if err != nil {
		t.Fatal(err) // the probe passes against the real redis-server too
	}
	checkRates(t, out, "resp")
}

func TestPeerRedisClient(t *testing.T) {
	root, c := testkit.Root(t), peerConfig(t)
	for _, im := range peerImpls(t) {
		out, err := redisClientTest(c, root, im)
		if err != nil {
			t.Fatalf("%s: %v", im.Name, err)
		}
		if out["rc_wall"] <= 0 || out["rc_cpu"] < 0 {
			t.Errorf("%s: %v", im.Name, out)
		}
	}
	// A client that finds a wrong value fails: a server answering "OK" to
	// every GET too (the ceiling's RESP probe rejects that; here the
	// client's own check must).
	addr := fakeRedis(t, true)
	_, port, _ := net.SplitHostPort(addr)
	p, _ := strconv.Atoi(port)
	for _, im := range peerImpls(t) {
		script := filepath.Join(root, "bench", protoScripts["redis-client"][im.Name])
		if _, _, err := runClient(im, script, p, 10); err == nil {
			t.Errorf("%s: a client took +OK for a GET's value", im.Name)
		}
	}
}

func TestPeerHTTPAb(t *testing.T) {
	// wrk is httpLoad's first choice; ab is the fallback where it is missing.
	bin, err := lookTool("ab")
	if err != nil {
		t.Fatal(err)
	}
	im := peerImpls(t)[1]
	ch, err := startScript(im, filepath.Join(testkit.Root(t), "bench", "servers", "http.js"))
	if err != nil {
		t.Fatal(err)
	}
	defer ch.stop()
	l, err := abLoad(bin, "http://"+ch.tcpAddr()+"/", time.Second)
	if err != nil || l.Requests <= 0 || l.Rate <= 0 {
		t.Fatalf("ab: %+v, %v", l, err)
	}
}
