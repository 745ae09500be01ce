//go:build !linux

package main

import (
	"fmt"
	"os"
)

// The runner reads /proc and wait4's ru_maxrss: Linux only. This stub keeps
// `go build ./...` working for the other platforms netsh builds on.
func main() {
	fmt.Fprintln(os.Stderr, "bench: the benchmark runs on Linux only")
	os.Exit(2)
}
