//go:build linux

// Command bench measures netsh against Node.js running the same programs:
// bench/echo.lua under netsh and bench/echo.js under node (and pipe.lua /
// pipe.js for the file-to-socket pipe), driven by a Go load generator on
// 127.0.0.1. The two are run alternately, each test on a freshly started
// server, for several rounds; it prints a markdown table of the medians
// with the ratio netsh/node. See bench/README.md.
//
//	go run ./bench            # the full run, a few minutes
//	go run ./bench -quick     # one short round, a smoke test
//
// It is Linux only: it reads /proc and wait4's ru_maxrss.
package main

import (
	"flag"
	"fmt"
	"io"
	"math"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
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

var metrics = []metric{
	{Key: "pp_rate", Name: "TCP ping-pong, 50 conns × 64 B", Unit: "msg/s", TargetKind: "min", TargetX: 1.25},
	{Key: "pp_p50", Name: "TCP ping-pong p50 latency", Unit: "µs", Lower: true},
	{Key: "pp_p99", Name: "TCP ping-pong p99 latency", Unit: "µs", Lower: true, TargetKind: "max", TargetX: 1},
	{Key: "bulk", Name: "TCP bulk echo, 1 conn, 64 KiB writes", Unit: "MB/s", TargetKind: "min", TargetX: 1},
	{Key: "udp_rate", Name: "UDP ping-pong, 8 sockets × 64 B", Unit: "dgram/s", TargetKind: "min", TargetX: 1},
	{Key: "udp_loss", Name: "UDP losses (no answer in 200 ms)", Unit: "dgrams", Lower: true},
	{Key: "churn", Name: "Connection churn, 8 workers", Unit: "conn/s", TargetKind: "min", TargetX: 1.5},
	{Key: "churn_fail", Name: "Churn: failed connects or echoes (not counted)", Unit: "conns", Lower: true},
	{Key: "idle", Name: "Idle memory per connection", Unit: "KiB", Lower: true, TargetKind: "abs", TargetX: 2},
	{Key: "start_ms", Name: "Start-up (`-e ''`) wall time", Unit: "ms", Lower: true, TargetKind: "abs", TargetX: 10},
	{Key: "start_rss", Name: "Start-up peak RSS", Unit: "MiB", Lower: true, TargetKind: "abs", TargetX: 15},
	{Key: "pipe_rss", Name: "File-to-socket pipe peak RSS", Unit: "MiB", Lower: true, TargetKind: "abs", TargetX: 64},
}

// tests are the runnable groups, in run order; each fills some metrics.
var testNames = []string{"pingpong", "bulk", "udp", "churn", "idle", "startup", "pipe"}

// config is the parsed command line.
type config struct {
	Rounds       int
	Duration     time.Duration // ping-pong
	Short        time.Duration // bulk, UDP, churn
	Conns        int           // ping-pong connections
	IdleConns    int
	StartupRuns  int
	PipeSize     int64
	PipeRate     float64 // bytes/s the pipe's reader accepts
	Only         map[string]bool
	NetshBin     string
	NodeBin      string
	MDFile       string
	CPUProfile   string
	TmpDir       string
	Quick        bool
	CommandLine  string
	PipeSizeText string
}

func main() {
	if len(os.Args) > 1 && os.Args[1] == helperFlag {
		os.Exit(spawnHelper(os.Args[2:]))
	}
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func parseFlags(args []string, stderr io.Writer) (*config, error) {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	c := &config{}
	quick := fs.Bool("quick", false, "smoke test: 1 round, 1 s tests, 1000 idle conns, 64 MiB pipe (explicit flags still win)")
	rounds := fs.Int("rounds", 3, "rounds; each runs every test once per program, alternating which goes first")
	dur := fs.Duration("duration", 5*time.Second, "measured time of the TCP ping-pong (after a warm-up of a fifth of it, at most 1 s)")
	short := fs.Duration("short", 3*time.Second, "measured time of the bulk, UDP and churn tests")
	conns := fs.Int("conns", 50, "TCP ping-pong connections")
	idle := fs.Int("idle", 10000, "idle connections for the memory test")
	startup := fs.Int("startup-runs", 10, "start-up runs per program per round")
	pipeSize := fs.String("pipe-size", "1G", "size of the file piped to a socket (K, M, G suffixes)")
	pipeRate := fs.Float64("pipe-rate", 300, "MB/s the pipe's reader accepts (0: as fast as it can)")
	only := fs.String("only", "", "comma-separated tests to run: "+strings.Join(testNames, ","))
	fs.StringVar(&c.NetshBin, "netsh", "", "netsh binary to test (default: go build the repository into a temporary directory)")
	fs.StringVar(&c.NodeBin, "node", "node", "node binary")
	fs.StringVar(&c.MDFile, "md", "", "also write the markdown report to this file")
	fs.StringVar(&c.CPUProfile, "cpuprofile", "", "after the rounds, run one extra netsh ping-pong with NETSH_CPUPROFILE set to this file (needs the command line to call startCPUProfile)")
	fs.StringVar(&c.TmpDir, "tmpdir", os.TempDir(), "directory for the netsh build and the pipe's file")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	c.Quick = *quick
	c.Rounds, c.Duration, c.Short, c.Conns, c.IdleConns, c.StartupRuns = *rounds, *dur, *short, *conns, *idle, *startup
	c.PipeSizeText = *pipeSize
	if c.Quick {
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
	}
	var err error
	if c.PipeSize, err = parseSize(c.PipeSizeText); err != nil {
		return nil, fmt.Errorf("-pipe-size: %v", err)
	}
	c.PipeRate = *pipeRate * 1e6
	if c.Rounds < 1 || c.Conns < 1 || c.IdleConns < 1 || c.StartupRuns < 1 || c.Duration <= 0 || c.Short <= 0 {
		return nil, fmt.Errorf("rounds, conns, idle, startup-runs and durations must be positive")
	}
	if *only != "" {
		c.Only = map[string]bool{}
		for _, t := range strings.Split(*only, ",") {
			t = strings.TrimSpace(t)
			known := false
			for _, n := range testNames {
				known = known || n == t
			}
			if !known {
				return nil, fmt.Errorf("-only: unknown test %q (have %s)", t, strings.Join(testNames, ","))
			}
			c.Only[t] = true
		}
	}
	c.CommandLine = "go run ./bench"
	if len(args) > 0 {
		c.CommandLine += " " + strings.Join(args, " ")
	}
	return c, nil
}

// warmup is the unmeasured lead-in of a timed test: a fifth, at most 1 s.
func warmup(d time.Duration) time.Duration {
	w := d / 5
	if w > time.Second {
		w = time.Second
	}
	return w
}

// results holds every round's value: results[impl][metric][round].
type results struct {
	vals  map[string]map[string][]float64
	notes map[string]bool // error notes, printed under the table
	order []string
}

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

func (r *results) set(im string, round int, key string, v float64) { r.vals[im][key][round] = v }

func (r *results) note(s string) {
	if !r.notes[s] {
		r.notes[s] = true
		r.order = append(r.order, s)
	}
}

func run(args []string, stdout, stderr io.Writer) error {
	c, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	root, err := findRoot()
	if err != nil {
		return err
	}
	if _, err := exec.LookPath(c.NodeBin); err != nil {
		return fmt.Errorf("node not found: %v", err)
	}
	if nofile, err := raiseNoFile(uint64(2*c.IdleConns + 1024)); err != nil || nofile < uint64(c.IdleConns+256) {
		fmt.Fprintf(stderr, "bench: warning: open file limit %d (%v): the idle test may fail\n", nofile, err)
	}
	if c.NetshBin == "" {
		dir, err := os.MkdirTemp(c.TmpDir, "netsh-bench-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		fmt.Fprintln(stderr, "bench: building netsh")
		if c.NetshBin, err = buildNetsh(root, dir); err != nil {
			return err
		}
	}
	facts := machineFacts(root, c.NodeBin)
	impls := []impl{
		{Name: "netsh", Bin: c.NetshBin, Ext: ".lua"},
		{Name: "node", Bin: c.NodeBin, Ext: ".js"},
	}
	res := newResults(c)
	want := func(t string) bool { return c.Only == nil || c.Only[t] }

	var pipeFile string
	var pipeSum [32]byte
	if want("pipe") {
		fmt.Fprintf(stderr, "bench: writing a %s file for the pipe test\n", c.PipeSizeText)
		if pipeFile, pipeSum, err = makePipeFile(c.TmpDir, c.PipeSize); err != nil {
			return err
		}
		defer os.Remove(pipeFile)
	}

	started := time.Now()
	for round := 0; round < c.Rounds; round++ {
		order := impls
		if round%2 == 1 { // alternate who goes first
			order = []impl{impls[1], impls[0]}
		}
		for _, t := range testNames {
			if !want(t) {
				continue
			}
			for _, im := range order {
				fmt.Fprintf(stderr, "bench: round %d/%d: %s: %s\n", round+1, c.Rounds, t, im.Name)
				vals, err := runTest(t, c, root, im, pipeFile, pipeSum)
				if err != nil {
					msg := fmt.Sprintf("%s, %s: %v", t, im.Name, err)
					fmt.Fprintln(stderr, "bench:   n/a:", msg)
					res.note(msg)
				}
				for k, v := range vals {
					res.set(im.Name, round, k, v)
				}
				time.Sleep(200 * time.Millisecond) // let sockets and the CPU settle
			}
		}
	}
	elapsed := time.Since(started)
	facts = append(facts, "load average at end: "+loadAvg(), fmt.Sprintf("run time: %s", elapsed.Round(time.Second)))

	report := markdown(c, facts, res)
	fmt.Fprint(stdout, report)
	if c.MDFile != "" {
		if err := os.WriteFile(c.MDFile, []byte(report), 0o644); err != nil {
			return err
		}
	}
	if c.CPUProfile != "" {
		profile(c, root, impls[0], stderr)
	}
	return nil
}

// runTest runs one test against one program and returns its metrics.
func runTest(t string, c *config, root string, im impl, pipeFile string, pipeSum [32]byte) (map[string]float64, error) {
	out := map[string]float64{}
	switch t {
	case "startup":
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
	case "pipe":
		r, err := pipeTest(c, root, im, pipeFile, pipeSum)
		if err != nil {
			return out, err
		}
		if err := checkFloor(r); err != nil {
			return out, err
		}
		out["pipe_rss"] = float64(r.MaxRSS) / (1 << 20)
		return out, nil
	}
	ch, err := startEcho(root, im)
	if err != nil {
		return out, err
	}
	defer ch.stop()
	addr := net.JoinHostPort("127.0.0.1", fmt.Sprint(ch.ports.TCP))
	switch t {
	case "pingpong":
		r, err := tcpPingPong(addr, c.Conns, warmup(c.Duration), c.Duration)
		if err != nil {
			return out, diedOr(ch, err)
		}
		out["pp_rate"] = r.Rate
		out["pp_p50"] = float64(r.P50) / float64(time.Microsecond)
		out["pp_p99"] = float64(r.P99) / float64(time.Microsecond)
	case "bulk":
		mbs, err := tcpBulk(addr, warmup(c.Short), c.Short)
		if err != nil {
			return out, diedOr(ch, err)
		}
		out["bulk"] = mbs
	case "udp":
		if ch.ports.UDP == 0 {
			return out, fmt.Errorf("no UDP server: echo%s printed udp=n/a (no dgram module?)", im.Ext)
		}
		r, err := udpPingPong(net.JoinHostPort("127.0.0.1", fmt.Sprint(ch.ports.UDP)), 8, warmup(c.Short), c.Short)
		if err != nil {
			return out, diedOr(ch, err)
		}
		out["udp_rate"], out["udp_loss"] = r.Rate, float64(r.Losses)
	case "churn":
		rate, failures, err := churn(addr, 8, warmup(c.Short), c.Short)
		if err != nil {
			return out, diedOr(ch, err)
		}
		out["churn"], out["churn_fail"] = rate, float64(failures)
	case "idle":
		before, err := settledRSS(ch.pid())
		if err != nil {
			return out, err
		}
		conns, err := idleConns(addr, c.IdleConns)
		if err != nil {
			return out, diedOr(ch, err)
		}
		defer closeAll(conns)
		after, err := settledRSS(ch.pid())
		if err != nil {
			return out, diedOr(ch, err)
		}
		out["idle"] = float64(after-before) / float64(c.IdleConns) / 1024
	}
	if !ch.alive() {
		return map[string]float64{}, fmt.Errorf("server exited during the test: %s", ch.stderr)
	}
	return out, nil
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

// pipeTest runs pipe.{lua,js} FILE PORT (under the spawn helper) against
// a slow reader, checks the SHA-256 of what arrived, and returns the
// script's measurements.
func pipeTest(c *config, root string, im impl, file string, sum [32]byte) (spawnResult, error) {
	var res spawnResult
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return res, err
	}
	defer ln.Close()
	port := ln.Addr().(*net.TCPAddr).Port
	limit := 60 * time.Second
	if c.PipeRate > 0 {
		limit += time.Duration(float64(c.PipeSize) / c.PipeRate * 3 * float64(time.Second))
	}
	cmd, err := helperCmd(im.Env, im.Bin, filepath.Join(root, "bench", "pipe"+im.Ext), file, fmt.Sprint(port))
	if err != nil {
		return res, err
	}
	var out strings.Builder
	errb := &tailBuffer{}
	cmd.Stdout, cmd.Stderr = &out, errb
	if err := cmd.Start(); err != nil {
		return res, err
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	type got struct {
		n   int64
		sum [32]byte
		err error
	}
	rc := make(chan got, 1)
	go func() {
		n, s, err := slowReader(ln, c.PipeRate, limit)
		rc <- got{n, s, err}
	}()
	var werr error
	var r got
	select {
	case r = <-rc:
		select {
		case werr = <-exited:
		case <-time.After(15 * time.Second):
			killGroup(cmd)
			<-exited
			return res, fmt.Errorf("pipe%s did not exit 15 s after the stream ended", im.Ext)
		}
	case werr = <-exited:
		ln.Close() // an early exit: unblock the reader
		r = <-rc
	case <-time.After(limit + 20*time.Second):
		killGroup(cmd)
		<-exited
		return res, fmt.Errorf("timed out")
	}
	if werr != nil {
		return res, fmt.Errorf("helper: %v: %s", werr, firstLines(errb.String(), 1))
	}
	if res, err = parseSpawn(out.String()); err != nil {
		return res, err
	}
	if res.Exit != 0 {
		return res, fmt.Errorf("pipe%s: exit status %d: %s", im.Ext, res.Exit, firstLines(errb.String(), 1))
	}
	if r.err != nil {
		return res, r.err
	}
	if r.n != c.PipeSize || r.sum != sum {
		return res, fmt.Errorf("received %d bytes, want %d, SHA-256 %s", r.n, c.PipeSize, map[bool]string{true: "matches", false: "differs"}[r.sum == sum])
	}
	return res, nil
}

// firstLines keeps the first n lines of s, joined by " | ".
func firstLines(s string, n int) string {
	ls := strings.Split(strings.TrimSpace(s), "\n")
	if len(ls) > n {
		ls = ls[:n]
	}
	return strings.Join(ls, " | ")
}

// profile runs one extra netsh ping-pong with NETSH_CPUPROFILE set and
// prints pprof's top functions.
func profile(c *config, root string, im impl, stderr io.Writer) {
	path, _ := filepath.Abs(c.CPUProfile)
	os.Remove(path)
	fmt.Fprintf(stderr, "bench: profiling netsh during a %s ping-pong into %s\n", c.Duration, path)
	ch, err := startEcho(root, im, "NETSH_CPUPROFILE="+path)
	if err != nil {
		fmt.Fprintln(stderr, "bench: profile:", err)
		return
	}
	addr := net.JoinHostPort("127.0.0.1", fmt.Sprint(ch.ports.TCP))
	r, err := tcpPingPong(addr, c.Conns, warmup(c.Duration), c.Duration)
	ch.stop()
	if err != nil {
		fmt.Fprintln(stderr, "bench: profile:", err)
	} else {
		fmt.Fprintf(stderr, "bench: profiled run: %.0f msg/s (not in the table)\n", r.Rate)
	}
	if st, err := os.Stat(path); err != nil || st.Size() == 0 {
		fmt.Fprintln(stderr, "bench: netsh wrote no profile: cli.Run must call startCPUProfile (see internal/cli/profile.go)")
		return
	}
	cmd := exec.Command("go", "tool", "pprof", "-top", "-nodecount=30", im.Bin, path)
	cmd.Dir = root
	cmd.Stdout, cmd.Stderr = stderr, stderr
	cmd.Run()
	fmt.Fprintf(stderr, "bench: more: go tool pprof -top %s  (or -http=:8080; the profile carries its symbols)\n", path)
}

// markdown renders the report.
func markdown(c *config, facts []string, r *results) string {
	var b strings.Builder
	fmt.Fprintf(&b, "### netsh vs Node.js, rounds: %d\n\n", c.Rounds)
	for _, f := range facts {
		fmt.Fprintf(&b, "- %s\n", f)
	}
	fmt.Fprintf(&b, "- command: `%s`\n", c.CommandLine)
	if maxFloor > 0 {
		fmt.Fprintf(&b, "- peak RSS (start-up, pipe) is wait4's ru_maxrss of a child of a small helper; a value below the helper's own %.1f MiB could not be told apart\n", float64(maxFloor)/(1<<20))
	}
	fmt.Fprintf(&b, "- ping-pong %s, bulk/UDP/churn %s each (after a warm-up of a fifth, at most 1 s), %d idle connections, start-up median of %d runs per round, pipe %s (reader at %g MB/s)\n\n",
		c.Duration, c.Short, c.IdleConns, c.StartupRuns, c.PipeSizeText, c.PipeRate/1e6)
	b.WriteString("| metric | unit | netsh | node | netsh/node | better | target | met |\n")
	b.WriteString("| --- | --- | ---: | ---: | ---: | --- | --- | --- |\n")
	for _, m := range metrics {
		n, o := median(r.vals["netsh"][m.Key]), median(r.vals["node"][m.Key])
		if math.IsNaN(n) && math.IsNaN(o) && !anyRun(r, m.Key) {
			continue // test not selected
		}
		better := "higher"
		if m.Lower {
			better = "lower"
		}
		rs := formatValue(ratio(n, o))
		if rs != "n/a" {
			rs += "×"
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s | %s | %s |\n",
			m.Name, m.Unit, formatValue(n), formatValue(o), rs, better, m.target(), m.met(n, o))
	}
	if c.Rounds > 1 {
		b.WriteString("\nEvery round (the table shows the medians):\n\n| metric | netsh | node |\n| --- | --- | --- |\n")
		for _, m := range metrics {
			if !anyRun(r, m.Key) {
				continue
			}
			fmt.Fprintf(&b, "| %s | %s | %s |\n", m.Name, joinVals(r.vals["netsh"][m.Key]), joinVals(r.vals["node"][m.Key]))
		}
	}
	if len(r.order) > 0 {
		b.WriteString("\nNot measured (n/a):\n\n")
		for _, n := range r.order {
			fmt.Fprintf(&b, "- %s\n", strings.ReplaceAll(n, "\n", " "))
		}
	}
	return b.String()
}

// anyRun reports whether the metric's test ran (some value or some note).
func anyRun(r *results, key string) bool {
	for _, im := range []string{"netsh", "node"} {
		for _, v := range r.vals[im][key] {
			if !math.IsNaN(v) {
				return true
			}
		}
	}
	prefix := map[string]string{
		"pp_rate": "pingpong", "pp_p50": "pingpong", "pp_p99": "pingpong", "bulk": "bulk",
		"udp_rate": "udp", "udp_loss": "udp", "churn": "churn", "churn_fail": "churn", "idle": "idle",
		"start_ms": "startup", "start_rss": "startup", "pipe_rss": "pipe",
	}[key]
	for _, n := range r.order {
		if strings.HasPrefix(n, prefix+",") {
			return true
		}
	}
	return false
}

func joinVals(v []float64) string {
	s := make([]string, len(v))
	for i, x := range v {
		s[i] = formatValue(x)
	}
	return strings.Join(s, ", ")
}
