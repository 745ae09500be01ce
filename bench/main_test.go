//go:build linux

package main

import (
	"io"
	"math"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/netsh/netsh/internal/testkit"
)

// These tests cover the runner's flags, targets and spawn helper without
// starting netsh or node; stats_test.go covers the statistics and the load
// generators.

func TestFormatAndTargets(t *testing.T) {
	for x, want := range map[float64]string{123456.7: "123457", 512.25: "512.2", 3.14159: "3.14", 0.5: "0.500", 0: "0"} {
		if got := formatValue(x); got != want {
			t.Errorf("formatValue(%v) = %q, want %q", x, got, want)
		}
	}
	if formatValue(math.NaN()) != "n/a" || !math.IsNaN(ratio(1, 0)) || !math.IsNaN(ratio(math.NaN(), 1)) || ratio(3, 2) != 1.5 {
		t.Error("n/a handling")
	}
	byKey := map[string]metric{}
	for _, m := range metrics {
		byKey[m.Key] = m
	}
	for _, c := range []struct {
		key  string
		n, o float64
		want string
	}{
		{"pp_rate", 130, 100, "yes"},
		{"pp_rate", 125, 100, "**no**"},
		{"pp_p99", 900, 1000, "yes"},
		{"pp_p99", 1100, 1000, "**no**"},
		{"idle", 1.5, 4.5, "yes"},
		{"idle", 2.5, 4.5, "**no**"},
		{"start_ms", 4, math.NaN(), "yes"}, // absolute: node not needed
		{"udp_rate", math.NaN(), 100, ""},
		{"pp_p50", 1, 2, ""}, // no target
	} {
		if got := byKey[c.key].met(c.n, ratio(c.n, c.o)); got != c.want {
			t.Errorf("%s met(%v, %v) = %q, want %q", c.key, c.n, c.o, got, c.want)
		}
	}
}

func TestParseFlags(t *testing.T) {
	c, err := parseFlags([]string{"-quick"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if c.Rounds != 1 || c.Duration != time.Second || c.Short != time.Second || c.IdleConns != 1000 || c.PipeSize != 64<<20 {
		t.Errorf("quick: %+v", c)
	}
	c, err = parseFlags([]string{"-quick", "-rounds", "2", "-pipe-size", "1M", "-only", "pingpong,idle"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if c.Rounds != 2 || c.PipeSize != 1<<20 || !c.Only["idle"] || c.Only["bulk"] {
		t.Errorf("explicit flags: %+v", c)
	}
	c, err = parseFlags(nil, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if c.Rounds != 3 || c.Duration != 5*time.Second || c.Conns != 50 || c.IdleConns != 10000 || c.PipeSize != 1<<30 {
		t.Errorf("defaults: %+v", c)
	}
	for _, bad := range [][]string{{"-only", "nope"}, {"-rounds", "0"}, {"-pipe-size", "x"}, {"extra"}} {
		if _, err := parseFlags(bad, io.Discard); err == nil {
			t.Errorf("parseFlags(%q) accepted", bad)
		}
	}
	if warmup(5*time.Second) != time.Second || warmup(time.Second) != 200*time.Millisecond {
		t.Error("warmup")
	}
}

func TestParseSpawn(t *testing.T) {
	r, err := parseSpawn("noise\nSPAWN wall_ns=5000000 maxrss=6291456 floor=4194304 exit=3\n")
	if err != nil || r.Wall != 5*time.Millisecond || r.MaxRSS != 6<<20 || r.Floor != 4<<20 || r.Exit != 3 {
		t.Fatalf("got %+v, %v", r, err)
	}
	for _, bad := range []string{"", "SPAWN wall_ns=1", "SPAWN wall_ns=0 maxrss=1 floor=1 exit=0"} {
		if _, err := parseSpawn(bad); err == nil {
			t.Errorf("parseSpawn(%q) accepted", bad)
		}
	}
	if checkFloor(spawnResult{MaxRSS: 6 << 20, Floor: 4 << 20}) != nil {
		t.Error("a peak well above the floor refused")
	}
	if checkFloor(spawnResult{MaxRSS: 4 << 20, Floor: 4 << 20}) == nil {
		t.Error("a peak equal to the floor accepted")
	}
}

// TestMain lets the test binary act as the spawn helper, as the bench
// binary does; testkit.Main removes the netsh that peers_test.go builds.
func TestMain(m *testing.M) {
	if len(os.Args) > 1 && os.Args[1] == helperFlag {
		os.Exit(spawnHelper(os.Args[2:]))
	}
	testkit.Main(m)
}

// TestRunMeasured runs a real program under the helper.
func TestRunMeasured(t *testing.T) {
	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Fatal(err)
	}
	r, err := runMeasured(nil, sh, "-c", "exit 0")
	if err != nil || r.Wall <= 0 || r.MaxRSS <= 0 || r.Floor <= 0 {
		t.Fatalf("got %+v, %v", r, err)
	}
	if _, err := runMeasured(nil, sh, "-c", "echo oops >&2; exit 3"); err == nil || !strings.Contains(err.Error(), "exit status 3: oops") {
		t.Fatalf("a failing program: %v", err)
	}
}
