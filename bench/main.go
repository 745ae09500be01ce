//go:build linux

// Command bench measures netsh against Node.js running the same programs:
// bench/echo.lua under netsh and bench/echo.js under node (and pipe.lua /
// pipe.js for the file-to-socket pipe), driven by a Go load generator on
// 127.0.0.1; and protocol servers written twice, bench/servers/*.lua and
// *.js, loaded by redis-benchmark, wrk and dnsperf (protocols.go). The two are run alternately, each test on a freshly started
// server, for several rounds; it prints a markdown table of the medians
// with the ratio netsh/node. See bench/README.md.
//
//	go run ./bench            # the full run, a few minutes
//	go run ./bench -quick     # one short round, a smoke test
//
// It is Linux only: it reads /proc and wait4's ru_maxrss.
package main

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"time"
)

func main() {
	if len(os.Args) > 1 && os.Args[1] == helperFlag {
		os.Exit(spawnHelper(os.Args[2:]))
	}
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

// run is the whole benchmark: check the machine, build netsh unless
// given one, run the rounds, print the report and maybe profile.
func run(args []string, stdout, stderr io.Writer) error {
	c, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	root, err := findRoot()
	if err != nil {
		return err
	}
	if err := checkMachine(c, stderr); err != nil {
		return err
	}
	if c.NetshBin == "" {
		// The build lives until the end: the profile run uses it too.
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
	ensureNodeModules(c, root, stderr)
	var pipe pipeInput
	if c.wants("pipe") {
		if pipe, err = preparePipe(c, stderr); err != nil {
			return err
		}
		defer os.Remove(pipe.path)
	}

	started := time.Now()
	res := runRounds(c, root, impls, pipe, stderr)
	elapsed := time.Since(started)
	facts = append(facts, "load average at end: "+loadAvg(), fmt.Sprintf("run time: %s", elapsed.Round(time.Second)))

	if err := writeReport(c, facts, res, stdout); err != nil {
		return err
	}
	if c.CPUProfile != "" {
		profile(c, root, impls[0], stderr)
	}
	return nil
}

// checkMachine fails without node and warns when the open file limit
// cannot be raised enough for the idle test.
func checkMachine(c *config, stderr io.Writer) error {
	if _, err := exec.LookPath(c.NodeBin); err != nil {
		return fmt.Errorf("node not found: %v", err)
	}
	if nofile, err := raiseNoFile(uint64(2*c.IdleConns + 1024)); err != nil || nofile < uint64(c.IdleConns+256) {
		fmt.Fprintf(stderr, "bench: warning: open file limit %d (%v): the idle test may fail\n", nofile, err)
	}
	return nil
}

// runRounds runs every selected test on both programs, round after
// round. A test that fails leaves n/a and a note, and the run goes on.
func runRounds(c *config, root string, impls []impl, pipe pipeInput, stderr io.Writer) *results {
	res := newResults(c)
	for round := 0; round < c.Rounds; round++ {
		order := impls
		if round%2 == 1 { // alternate who goes first
			order = []impl{impls[1], impls[0]}
		}
		for _, t := range testNames {
			if !c.wants(t) {
				continue
			}
			programs := order
			if hasCeiling(t) { // redis-server last: the ceiling, not a contestant
				programs = append(append([]impl(nil), order...), impl{Name: ceilingName, Bin: c.RedisBin})
			}
			for _, im := range programs {
				fmt.Fprintf(stderr, "bench: round %d/%d: %s: %s\n", round+1, c.Rounds, t, im.Name)
				vals, err := runTest(t, c, root, im, pipe)
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
	return res
}
