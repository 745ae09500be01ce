//go:build linux

package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

// testNames are the runnable groups, in run order; each fills some metrics.
var testNames = append(append([]string(nil), echoTests...), protoTests...)

// echoTests are the echo server's tests (issue 7); protoTests the
// realistic protocol workloads (issue 13, protocols.go). -only takes
// "echo" and "protocols" for each whole group.
var (
	echoTests  = []string{"pingpong", "bulk", "udp", "churn", "tls", "idle", "startup", "pipe"}
	protoTests = []string{"resp", "resp-framing", "http", "http-framing", "redis-client", "dns", "dns-codec"}
)

// config is the parsed command line.
type config struct {
	Rounds       int
	Duration     time.Duration // ping-pong
	Short        time.Duration // bulk, UDP, churn
	Conns        int           // ping-pong connections
	IdleConns    int
	StartupRuns  int
	PipeSize     int64
	Requests     int     // redis-benchmark -n, per command
	ClientOps    int     // the Redis client's SETs (and GETs)
	PipeRate     float64 // bytes/s the pipe's reader accepts
	Only         map[string]bool
	NetshBin     string
	NodeBin      string
	RedisBin     string
	MDFile       string
	CPUProfile   string
	TmpDir       string
	Quick        bool
	CommandLine  string
	PipeSizeText string
}

// wants reports whether test t was selected (-only; all by default).
func (c *config) wants(t string) bool { return c.Only == nil || c.Only[t] }

// parseFlags reads the command line into a config, checking the values.
func parseFlags(args []string, stderr io.Writer) (*config, error) {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	c := &config{}
	quick := fs.Bool("quick", false, "smoke test: 1 round, 1 s tests, 1000 idle conns, 64 MiB pipe, 10000 requests per redis-benchmark command, 20000 client ops (explicit flags still win)")
	rounds := fs.Int("rounds", 3, "rounds; each runs every test once per program, alternating which goes first")
	dur := fs.Duration("duration", 5*time.Second, "measured time of the TCP ping-pong (after a warm-up of a fifth of it, at most 1 s)")
	short := fs.Duration("short", 3*time.Second, "measured time of the bulk, UDP and churn tests")
	conns := fs.Int("conns", 50, "TCP ping-pong connections")
	idle := fs.Int("idle", 10000, "idle connections for the memory test")
	startup := fs.Int("startup-runs", 10, "start-up runs per program per round")
	pipeSize := fs.String("pipe-size", "1G", "size of the file piped to a socket (K, M, G suffixes)")
	pipeRate := fs.Float64("pipe-rate", 300, "MB/s the pipe's reader accepts (0: as fast as it can)")
	requests := fs.Int("requests", 100000, "redis-benchmark -n: requests per command (PING_INLINE, PING_MBULK, SET, GET, INCR) at each -P")
	clientOps := fs.Int("client-ops", 100000, "the Redis client test's pipelined SETs, then as many GETs")
	only := fs.String("only", "", "comma-separated tests to run: "+strings.Join(testNames, ",")+", or the groups echo, protocols")
	fs.StringVar(&c.NetshBin, "netsh", "", "netsh binary to test (default: go build the repository into a temporary directory)")
	fs.StringVar(&c.NodeBin, "node", "node", "node binary")
	fs.StringVar(&c.RedisBin, "redis-server", "redis-server", "redis-server binary: the RESP rows' ceiling and the Redis client's server")
	fs.StringVar(&c.MDFile, "md", "", "also write the markdown report to this file")
	fs.StringVar(&c.CPUProfile, "cpuprofile", "", "after the rounds, run one extra netsh ping-pong with NETSH_CPUPROFILE set to this file (needs the command line to call startCPUProfile)")
	fs.StringVar(&c.TmpDir, "tmpdir", os.TempDir(), "directory for the netsh build and the pipe's file")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	c.Quick = *quick
	c.Rounds, c.Duration, c.Short, c.Conns, c.IdleConns, c.StartupRuns = *rounds, *dur, *short, *conns, *idle, *startup
	c.PipeSizeText = *pipeSize
	c.Requests, c.ClientOps = *requests, *clientOps
	if c.Quick {
		applyQuick(c, fs)
	}
	var err error
	if c.PipeSize, err = parseSize(c.PipeSizeText); err != nil {
		return nil, fmt.Errorf("-pipe-size: %v", err)
	}
	c.PipeRate = *pipeRate * 1e6
	if c.Rounds < 1 || c.Conns < 1 || c.IdleConns < 1 || c.StartupRuns < 1 || c.Duration <= 0 || c.Short <= 0 || c.Requests < 1 || c.ClientOps < 1 {
		return nil, fmt.Errorf("rounds, conns, idle, startup-runs, requests, client-ops and durations must be positive")
	}
	if *only != "" {
		if c.Only, err = parseOnly(*only); err != nil {
			return nil, err
		}
	}
	c.CommandLine = "go run ./bench"
	if len(args) > 0 {
		c.CommandLine += " " + strings.Join(args, " ")
	}
	return c, nil
}

// applyQuick sets -quick's smaller sizes, except where a flag given on
// the command line already chose.
func applyQuick(c *config, fs *flag.FlagSet) {
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	pick := func(name string, apply func()) {
		if !set[name] {
			apply()
		}
	}
	pick("rounds", func() { c.Rounds = 1 })
	pick("duration", func() { c.Duration = time.Second })
	pick("short", func() { c.Short = time.Second })
	pick("idle", func() { c.IdleConns = 1000 })
	pick("startup-runs", func() { c.StartupRuns = 5 })
	pick("pipe-size", func() { c.PipeSizeText = "64M" })
	pick("requests", func() { c.Requests = 10000 })
	pick("client-ops", func() { c.ClientOps = 20000 })
}

// parseOnly reads -only's comma-separated test names into a set,
// refusing a name that is not a test.
func parseOnly(list string) (map[string]bool, error) {
	only := map[string]bool{}
	for _, t := range strings.Split(list, ",") {
		t = strings.TrimSpace(t)
		group := map[string][]string{"echo": echoTests, "protocols": protoTests}[t]
		for _, g := range group {
			only[g] = true
		}
		if group != nil {
			continue
		}
		known := false
		for _, n := range testNames {
			known = known || n == t
		}
		if !known {
			return nil, fmt.Errorf("-only: unknown test %q (have %s, echo, protocols)", t, strings.Join(testNames, ","))
		}
		only[t] = true
	}
	return only, nil
}

// warmup is the unmeasured lead-in of a timed test: a fifth, at most 1 s.
func warmup(d time.Duration) time.Duration {
	w := d / 5
	if w > time.Second {
		w = time.Second
	}
	return w
}
