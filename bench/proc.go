//go:build linux

package main

import (
	"bufio"
	"bytes"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// impl is one of the two programs under test.
type impl struct {
	Name string // "netsh" or "node"
	Bin  string
	Ext  string   // script extension: ".lua" or ".js"
	Env  []string // extra environment for the child
}

// tailBuffer keeps the last few KiB a child wrote to stderr, for errors.
type tailBuffer struct {
	mu sync.Mutex
	b  []byte
}

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.b = append(t.b, p...)
	if len(t.b) > 4096 {
		t.b = append([]byte(nil), t.b[len(t.b)-4096:]...)
	}
	return len(p), nil
}

func (t *tailBuffer) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return strings.TrimSpace(string(t.b))
}

// child is a running echo server.
type child struct {
	cmd    *exec.Cmd
	ports  readyPorts
	stderr *tailBuffer
	exited chan struct{}
	err    error // Wait's result, once exited is closed
}

// startEcho starts root/bench/echo.{lua,js} and waits for its READY line.
func startEcho(root string, im impl, extraEnv ...string) (*child, error) {
	c, err := startScript(im, filepath.Join(root, "bench", "echo"+im.Ext), extraEnv...)
	if err == nil && c.ports.TCP == 0 {
		c.stop()
		return nil, fmt.Errorf("%s: no TCP port in the READY line", im.Name)
	}
	return c, err
}

// earlyExit is a server that exited before its READY line.
type earlyExit struct {
	name, stderr string
	code         int
	err          error
}

func (e *earlyExit) Error() string {
	return fmt.Sprintf("%s exited before READY (%v): %s", e.name, e.err, e.stderr)
}

// startScript starts im's program on script (port 0 for everything it
// serves) and waits for its READY line, at most 15 s.
func startScript(im impl, script string, extraEnv ...string) (*child, error) {
	return startScriptArgs(im, script, []string{"0", "0"}, extraEnv...)
}

// startScriptArgs is startScript with the script's own arguments.
func startScriptArgs(im impl, script string, args []string, extraEnv ...string) (*child, error) {
	cmd := exec.Command(im.Bin, append([]string{script}, args...)...)
	cmd.Env = append(append(os.Environ(), im.Env...), extraEnv...)
	c := &child{cmd: cmd, stderr: &tailBuffer{}, exited: make(chan struct{})}
	cmd.Stderr = c.stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	lines := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		if sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
		for sc.Scan() { // drain anything else so the child never blocks
		}
	}()
	go func() {
		c.err = cmd.Wait()
		close(c.exited)
	}()
	select {
	case line, ok := <-lines:
		if !ok {
			<-c.exited
			return nil, &earlyExit{name: im.Name, stderr: c.stderr.String(), code: cmd.ProcessState.ExitCode(), err: c.err}
		}
		p, err := parseReadyPorts(line)
		if err != nil {
			c.stop()
			return nil, err
		}
		c.ports = p
		return c, nil
	case <-time.After(15 * time.Second):
		c.stop()
		return nil, fmt.Errorf("%s: no READY line within 15 s: %s", im.Name, c.stderr)
	}
}

// tcpAddr is the child's TCP address.
func (c *child) tcpAddr() string { return net.JoinHostPort("127.0.0.1", strconv.Itoa(c.ports.TCP)) }

// pid is the child's process id.
func (c *child) pid() int { return c.cmd.Process.Pid }

// alive reports whether the child is still running.
func (c *child) alive() bool {
	select {
	case <-c.exited:
		return false
	default:
		return true
	}
}

// stop ends the child: SIGTERM (so a profiling netsh can flush its
// profile), then SIGKILL after 5 s.
func (c *child) stop() {
	if !c.alive() {
		return
	}
	c.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-c.exited:
	case <-time.After(5 * time.Second):
		c.cmd.Process.Kill()
		<-c.exited
	}
}

// rss reads a process's resident set size, in bytes.
func rss(pid int) (int64, error) { return procStatusField(pid, "VmRSS:") }

// procStatusField reads a kB field of /proc/PID/status, in bytes.
func procStatusField(pid int, field string) (int64, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	defer f.Close()
	return parseStatusKB(f, field)
}

// settledRSS waits until the RSS stops moving (two readings 200 ms apart
// within 1%), or 3 s, and returns the last reading.
func settledRSS(pid int) (int64, error) {
	prev, err := rss(pid)
	if err != nil {
		return 0, err
	}
	deadline := time.Now().Add(3 * time.Second)
	for time.Now().Before(deadline) {
		time.Sleep(200 * time.Millisecond)
		cur, err := rss(pid)
		if err != nil {
			return 0, err
		}
		d := cur - prev
		if d < 0 {
			d = -d
		}
		prev = cur
		if d*100 <= cur {
			break
		}
	}
	return prev, nil
}

// Peak RSS comes from wait4's ru_maxrss, which has a trap: Go starts a
// child with vfork (CLONE_VM), and at exec the kernel folds the high-water
// RSS of the memory the child was using, the parent's, into the child's
// ru_maxrss. A child of this runner, whose RSS grows to tens of MiB with
// 10,000 connections open, would report at least that. So measured
// programs are started through a small helper, this same binary run with
// -spawn-helper, whose own high-water RSS (reported as the floor) is the
// most it can add.

const helperFlag = "-spawn-helper"

// spawnHelper is the helper's main: it runs args[0] args[1:] once with
// stdout sent to stderr, and prints its measurements on stdout.
func spawnHelper(args []string) int {
	if len(args) == 0 {
		fmt.Fprintln(os.Stderr, "bench -spawn-helper: no program")
		return 2
	}
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	t0 := time.Now()
	err := cmd.Run()
	wall := time.Since(t0)
	code := 0
	if err != nil {
		ee, ok := err.(*exec.ExitError)
		if !ok {
			fmt.Fprintln(os.Stderr, "bench -spawn-helper:", err)
			return 127
		}
		code = ee.ExitCode()
	}
	var maxrss int64
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		maxrss = ru.Maxrss * 1024
	}
	floor, _ := procStatusField(os.Getpid(), "VmHWM:")
	fmt.Printf("SPAWN wall_ns=%d maxrss=%d floor=%d exit=%d\n", wall.Nanoseconds(), maxrss, floor, code)
	return 0
}

// spawnResult is what the helper measured.
type spawnResult struct {
	Wall          time.Duration
	MaxRSS, Floor int64 // bytes
	Exit          int
}

// parseSpawn parses the helper's `SPAWN wall_ns=.. maxrss=.. floor=.. exit=..` line.
func parseSpawn(out string) (spawnResult, error) {
	var r spawnResult
	var wall int64
	line := strings.TrimSpace(out)
	if i := strings.LastIndex(line, "SPAWN "); i >= 0 {
		line = line[i:]
	}
	n, err := fmt.Sscanf(line, "SPAWN wall_ns=%d maxrss=%d floor=%d exit=%d", &wall, &r.MaxRSS, &r.Floor, &r.Exit)
	if err != nil || n != 4 || wall <= 0 || r.MaxRSS <= 0 {
		return r, fmt.Errorf("bad helper output %q", out)
	}
	r.Wall = time.Duration(wall)
	return r, nil
}

// helperCmd is the command that runs bin args under the helper.
func helperCmd(env []string, bin string, args ...string) (*exec.Cmd, error) {
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(self, append([]string{helperFlag, bin}, args...)...)
	cmd.Env = append(os.Environ(), env...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true} // kill the group on timeout
	return cmd, nil
}

// killGroup kills a helper and the program it runs.
func killGroup(cmd *exec.Cmd) {
	if cmd.Process != nil {
		syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	}
}

// runMeasured runs bin args to completion under the helper and returns its
// wall time and peak RSS; a non-zero exit is an error.
func runMeasured(env []string, bin string, args ...string) (spawnResult, error) {
	cmd, err := helperCmd(env, bin, args...)
	if err != nil {
		return spawnResult{}, err
	}
	var out bytes.Buffer
	errb := &tailBuffer{}
	cmd.Stdout, cmd.Stderr = &out, errb
	if err := cmd.Start(); err != nil {
		return spawnResult{}, err
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err = <-done:
	case <-time.After(30 * time.Second):
		killGroup(cmd)
		<-done
		return spawnResult{}, fmt.Errorf("%s: timed out", bin)
	}
	if err != nil {
		return spawnResult{}, fmt.Errorf("helper: %v: %s", err, errb)
	}
	r, err := parseSpawn(out.String())
	if err != nil {
		return r, err
	}
	if r.Exit != 0 {
		return r, fmt.Errorf("%s %s: exit status %d: %s", filepath.Base(bin), strings.Join(args, " "), r.Exit, firstLines(errb.String(), 1))
	}
	return r, nil
}

// raiseNoFile raises RLIMIT_NOFILE for this process and, since an explicit
// Setrlimit makes os/exec stop restoring the original, for its children.
func raiseNoFile(want uint64) (uint64, error) {
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		return 0, err
	}
	if lim.Cur >= want {
		// Still set it explicitly, so that children inherit it as is.
		return lim.Cur, syscall.Setrlimit(syscall.RLIMIT_NOFILE, &lim)
	}
	nl := syscall.Rlimit{Cur: want, Max: lim.Max}
	if want > lim.Max {
		nl.Max = want // works as root
	}
	if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &nl); err != nil {
		nl = syscall.Rlimit{Cur: lim.Max, Max: lim.Max} // as far as allowed
		if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &nl); err != nil {
			return lim.Cur, err
		}
	}
	return nl.Cur, nil
}

// findRoot walks up from the working directory to the module root.
func findRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			if _, err := os.Stat(filepath.Join(dir, "bench", "echo.lua")); err == nil {
				return dir, nil
			}
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("run from inside the netsh repository (no go.mod with bench/echo.lua above %s)", dir)
		}
		dir = parent
	}
}

// buildNetsh builds the repository's netsh into dir.
func buildNetsh(root, dir string) (string, error) {
	out := filepath.Join(dir, "netsh-bench")
	cmd := exec.Command("go", "build", "-o", out, ".")
	cmd.Dir = root
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("go build: %v", err)
	}
	return out, nil
}

// machineFacts describes where the numbers came from.
func machineFacts(root string, nodeBin string) []string {
	cpu := "unknown"
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if k, v, ok := strings.Cut(l, ":"); ok && strings.TrimSpace(k) == "model name" {
				cpu = strings.TrimSpace(v)
				break
			}
		}
	}
	kernel := "unknown"
	if b, err := os.ReadFile("/proc/sys/kernel/osrelease"); err == nil {
		kernel = strings.TrimSpace(string(b))
	}
	mem := "unknown"
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		var kb int64
		fmt.Sscanf(string(b), "MemTotal: %d kB", &kb)
		mem = fmt.Sprintf("%.1f GiB", float64(kb)/(1<<20))
	}
	nodeV := "unknown"
	if out, err := exec.Command(nodeBin, "--version").Output(); err == nil {
		nodeV = strings.TrimSpace(string(out))
	}
	commit := "unknown"
	if out, err := exec.Command("git", "-C", root, "rev-parse", "--short", "HEAD").Output(); err == nil {
		commit = strings.TrimSpace(string(out))
		if st, err := exec.Command("git", "-C", root, "status", "--porcelain", "--untracked-files=no").Output(); err == nil && len(bytes.TrimSpace(st)) > 0 {
			commit += " (with uncommitted changes)"
		}
	}
	return []string{
		"date: " + time.Now().UTC().Format("2006-01-02 15:04 UTC"),
		"CPU: " + cpu,
		fmt.Sprintf("cores: %d, memory: %s, kernel: Linux %s", runtime.NumCPU(), mem, kernel),
		"Go: " + runtime.Version() + ", Node: " + nodeV,
		"netsh commit: " + commit,
		"load average at start: " + loadAvg(),
	}
}

// loadAvg is /proc/loadavg's first three fields: how busy the machine was.
func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}
