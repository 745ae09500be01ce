//go:build linux

package main

import (
	"fmt"
	"io"
	"net"
	"path/filepath"
	"strings"
	"time"
)

// pipeInput is the pipe test's file, written once per run, and the
// SHA-256 the reader must receive.
type pipeInput struct {
	path string
	sum  [32]byte
}

// preparePipe writes the pipe test's file into -tmpdir.
func preparePipe(c *config, stderr io.Writer) (pipeInput, error) {
	var in pipeInput
	var err error
	fmt.Fprintf(stderr, "bench: writing a %s file for the pipe test\n", c.PipeSizeText)
	in.path, in.sum, err = makePipeFile(c.TmpDir, c.PipeSize)
	return in, err
}

// pipeMetrics runs the pipe test and reports the script's peak RSS.
func pipeMetrics(c *config, root string, im impl, in pipeInput) (map[string]float64, error) {
	out := map[string]float64{}
	r, err := pipeTest(c, root, im, in.path, in.sum)
	if err != nil {
		return out, err
	}
	if err := checkFloor(r); err != nil {
		return out, err
	}
	out["pipe_rss"] = float64(r.MaxRSS) / (1 << 20)
	return out, nil
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
