//go:build linux

package main

import (
	"bufio"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// startRedis starts a fresh redis-server on a free port of 127.0.0.1,
// saving nothing, and waits until it answers PING (at most 15 s).
func startRedis(c *config) (*child, error) {
	bin, err := exec.LookPath(c.RedisBin)
	if err != nil {
		return nil, fmt.Errorf("redis-server is not installed (apt-get install redis-server): %v", err)
	}
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp(c.TmpDir, "netsh-bench-redis-")
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(bin, "--port", strconv.Itoa(port), "--bind", "127.0.0.1", "--save", "",
		"--appendonly", "no", "--dir", dir)
	ch := &child{cmd: cmd, stderr: &tailBuffer{}, exited: make(chan struct{}), ports: readyPorts{TCP: port}}
	cmd.Stdout, cmd.Stderr = ch.stderr, ch.stderr
	if err := cmd.Start(); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	go func() {
		ch.err = cmd.Wait()
		os.RemoveAll(dir)
		close(ch.exited)
	}()
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) && ch.alive() {
		if redisCall(ch.tcpAddr(), "PING") == "+PONG" {
			return ch, nil
		}
		time.Sleep(50 * time.Millisecond)
	}
	ch.stop()
	return nil, fmt.Errorf("redis-server on port %d never answered PING: %s", port, ch.stderr)
}

// freePort picks a TCP port of 127.0.0.1 that was free a moment ago.
func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

// redisCall sends one command and returns the first line of the reply,
// "" on any error.
func redisCall(addr string, args ...string) string {
	c, err := net.DialTimeout("tcp", addr, time.Second)
	if err != nil {
		return ""
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(2 * time.Second))
	if _, err := c.Write([]byte(resp(args...))); err != nil {
		return ""
	}
	line, _ := bufio.NewReader(c).ReadString('\n')
	return strings.TrimSuffix(line, "\r\n")
}

// redisClientTest runs the pipelining client against a fresh redis-server
// and measures it from its READY line (connected) to its DONE line: wall
// time and CPU (/proc/PID/stat at each). The client checks every reply;
// afterwards redis-server must hold every key.
func redisClientTest(c *config, root string, im impl) (map[string]float64, error) {
	rs, err := startRedis(c)
	if err != nil {
		return nil, err
	}
	defer rs.stop()
	script := filepath.Join(root, "bench", protoScripts["redis-client"][im.Name])
	wall, cpu, err := runClient(im, script, rs.ports.TCP, c.ClientOps)
	if err != nil {
		return nil, err
	}
	if got := redisCall(rs.tcpAddr(), "DBSIZE"); got != ":"+strconv.Itoa(c.ClientOps) {
		return nil, fmt.Errorf("redis-server holds %q keys after the run, want %d", got, c.ClientOps)
	}
	return map[string]float64{"rc_wall": wall.Seconds(), "rc_cpu": cpu}, nil
}

// runClient runs one client to completion, at most 5 minutes, and returns
// its wall time and CPU seconds between READY and DONE.
func runClient(im impl, script string, port, ops int) (time.Duration, float64, error) {
	cmd := exec.Command(im.Bin, script, strconv.Itoa(port), strconv.Itoa(ops))
	cmd.Env = append(os.Environ(), im.Env...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	errb := &tailBuffer{}
	cmd.Stderr = errb
	out, err := cmd.StdoutPipe()
	if err != nil {
		return 0, 0, err
	}
	if err := cmd.Start(); err != nil {
		return 0, 0, err
	}
	timer := time.AfterFunc(5*time.Minute, func() { killGroup(cmd) })
	defer timer.Stop()
	var t0, t1 time.Time
	var m *cpuMeter
	cpu, cpuErr := 0.0, error(nil)
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		switch line := sc.Text(); {
		case line == "READY" && m == nil:
			t0 = time.Now()
			m, err = startCPU(cmd.Process.Pid)
		case line == "DONE "+strconv.Itoa(2*ops) && m != nil:
			t1 = time.Now()
			cpu, cpuErr = m.stop() // not reaped yet: /proc still has it
		}
	}
	werr := cmd.Wait()
	switch {
	case werr != nil:
		return 0, 0, fmt.Errorf("%s: %v: %s", im.Name, werr, firstLines(errb.String(), 3))
	case err != nil:
		return 0, 0, err
	case m == nil || t1.IsZero():
		return 0, 0, fmt.Errorf("%s: no READY and DONE %d lines: %s", im.Name, 2*ops, firstLines(errb.String(), 3))
	}
	if cpuErr != nil { // then what it used until its exit
		cpu = (cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()).Seconds() - m.start
	}
	return t1.Sub(t0), cpu, nil
}
