//go:build linux

package main

import (
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
)

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
