//go:build linux

package main

import (
	"bytes"
	"fmt"
	"os/exec"
	"strings"
	"syscall"
	"time"
)

// The external load generators of the protocol tests (redis-benchmark,
// wrk or ab, dnsperf): each runs to completion within a deadline, and its
// report is parsed by toolparse.go.

// toolInstall names the Debian package of each load generator, for the
// error when one is missing (bench/setup.sh installs them).
var toolInstall = map[string]string{
	"redis-benchmark": "redis-tools", "redis-server": "redis-server",
	"wrk": "wrk", "ab": "apache2-utils", "dnsperf": "dnsperf",
}

// lookTool finds a load generator on PATH, or says how to install it.
func lookTool(name string) (string, error) {
	p, err := exec.LookPath(name)
	if err != nil {
		return "", fmt.Errorf("%s is not installed (apt-get install %s, or bench/setup.sh as root)", name, toolInstall[name])
	}
	return p, nil
}

// runTool runs bin args and returns its standard output; past limit the
// tool (and anything it started) is killed and that is an error, as is a
// non-zero exit.
func runTool(limit time.Duration, bin string, args ...string) (string, error) {
	cmd := exec.Command(bin, args...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	var out bytes.Buffer
	errb := &tailBuffer{}
	cmd.Stdout, cmd.Stderr = &out, errb
	if err := cmd.Start(); err != nil {
		return "", err
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			return out.String(), fmt.Errorf("%s: %v: %s", bin, err, firstLines(errb.String()+"\n"+out.String(), 3))
		}
		return out.String(), nil
	case <-time.After(limit):
		killGroup(cmd)
		<-done
		return out.String(), fmt.Errorf("%s %s: still running after %s", bin, strings.Join(args, " "), limit)
	}
}

// load is what one load-generator run measured.
type load struct {
	Requests int     // answered requests (queries)
	Rate     float64 // requests per second
	Lost     int     // queries not answered (dnsperf)
}

// redisBenchmark runs redis-benchmark -t ping,set,get,incr -c 50 with n
// requests per command and pipeline depth p.
func redisBenchmark(port, n, p int) (load, error) {
	bin, err := lookTool("redis-benchmark")
	if err != nil {
		return load{}, err
	}
	// Each command's n requests at no less than 2,000/s, and a margin.
	limit := time.Duration(len(respCommands)*n/2000)*time.Second + 30*time.Second
	out, err := runTool(limit, bin, "-h", "127.0.0.1", "-p", fmt.Sprint(port), "-t", "ping,set,get,incr",
		"-c", "50", "-n", fmt.Sprint(n), "-P", fmt.Sprint(p), "-e", "--csv")
	if err != nil {
		return load{}, err
	}
	return parseRedisBenchmark(out, n)
}

// httpLoad runs wrk (one thread, so the server has the other core; 50
// keep-alive connections) for d against url; where wrk is missing, ab -k.
func httpLoad(url string, d time.Duration) (load, error) {
	if bin, err := exec.LookPath("wrk"); err == nil {
		return wrkLoad(bin, url, d)
	}
	bin, err := lookTool("ab")
	if err != nil {
		return load{}, fmt.Errorf("neither wrk nor ab: %v", err)
	}
	return abLoad(bin, url, d)
}

// wholeSeconds rounds d up to whole seconds, which wrk and ab take.
func wholeSeconds(d time.Duration) int { return int((d + time.Second - 1) / time.Second) }

// wrkLoad runs wrk -t 1 -c 50 -d d.
func wrkLoad(bin, url string, d time.Duration) (load, error) {
	out, err := runTool(d+30*time.Second, bin, "-t", "1", "-c", "50", "-d", fmt.Sprintf("%ds", wholeSeconds(d)), url)
	if err != nil {
		return load{}, err
	}
	return parseWrk(out)
}

// abLoad runs ab -k -c 50 -t d (-n only bounds it: ab stops at the time).
func abLoad(bin, url string, d time.Duration) (load, error) {
	out, err := runTool(d+30*time.Second, bin, "-q", "-k", "-c", "50", "-t", fmt.Sprint(wholeSeconds(d)), "-n", "100000000", url)
	if err != nil {
		return load{}, err
	}
	return parseAB(out)
}

// dnsperf runs dnsperf for d against the responder at port with the
// query file.
func dnsperf(port int, file string, d time.Duration) (load, error) {
	bin, err := lookTool("dnsperf")
	if err != nil {
		return load{}, err
	}
	out, err := runTool(d+30*time.Second, bin, "-s", "127.0.0.1", "-p", fmt.Sprint(port), "-d", file,
		"-l", fmt.Sprintf("%.3f", d.Seconds()), "-t", "1", "-q", "100")
	if err != nil {
		return load{}, err
	}
	return parseDnsperf(out)
}

// httpTool names the HTTP load generator httpLoad uses, for the report.
func httpTool() string {
	if _, err := exec.LookPath("wrk"); err == nil {
		return "wrk -t 1"
	}
	return "ab -k"
}
