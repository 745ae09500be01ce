//go:build linux

package main

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"time"
)

// npmTests are the tests whose Node side needs an npm package (pinned in
// bench/package.json and package-lock.json).
var npmTests = []string{"resp-framing", "redis-client", "dns", "dns-codec"}

// npmPackages are the packages those tests load from bench/node_modules.
var npmPackages = []string{"redis-parser", "dns-packet"}

// ensureNodeModules installs the pinned npm packages into bench/node_modules
// (ignored by git) with `npm ci` when a selected test needs them and they
// are missing. A failure is only a warning: those tests then report n/a
// for node, with Node's own error.
func ensureNodeModules(c *config, root string, stderr io.Writer) {
	need := false
	for _, t := range npmTests {
		need = need || c.wants(t)
	}
	if !need || nodeModulesPresent(root) {
		return
	}
	npm, err := exec.LookPath("npm")
	if err != nil {
		fmt.Fprintln(stderr, "bench: warning: npm not found; the Node side of", npmTests, "needs bench/setup.sh")
		return
	}
	fmt.Fprintln(stderr, "bench: installing the pinned npm packages into bench/node_modules (npm ci)")
	cmd := exec.Command(npm, "ci", "--no-audit", "--no-fund", "--loglevel=error")
	cmd.Dir = filepath.Join(root, "bench")
	cmd.Stdout, cmd.Stderr = stderr, stderr
	done := make(chan error, 1)
	if err := cmd.Start(); err != nil {
		fmt.Fprintln(stderr, "bench: warning: npm ci:", err)
		return
	}
	go func() { done <- cmd.Wait() }()
	select {
	case err = <-done:
	case <-time.After(5 * time.Minute):
		cmd.Process.Kill()
		err = <-done
	}
	if err != nil {
		fmt.Fprintln(stderr, "bench: warning: npm ci:", err)
	}
}

// nodeModulesPresent reports whether every npm package is installed.
func nodeModulesPresent(root string) bool {
	for _, p := range npmPackages {
		if _, err := os.Stat(filepath.Join(root, "bench", "node_modules", p, "package.json")); err != nil {
			return false
		}
	}
	return true
}
