//go:build linux

package main

import (
	"fmt"
	"os"
	"strconv"
	"strings"
)

// userHZ is the unit of /proc/PID/stat's utime and stime: the kernel
// reports them in USER_HZ ticks, 100 a second on every Linux architecture
// Go runs on (sysconf(_SC_CLK_TCK)).
const userHZ = 100

// cpuSeconds is the CPU time (user + system, all threads) a process has
// used so far, from /proc/PID/stat.
func cpuSeconds(pid int) (float64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	return parseProcStatCPU(string(b))
}

// parseProcStatCPU reads utime + stime (fields 14 and 15) of a
// /proc/PID/stat line, in seconds. The command name (field 2) is in
// parentheses and may hold spaces and parentheses itself, so the fields
// are counted from its last ')'.
func parseProcStatCPU(stat string) (float64, error) {
	i := strings.LastIndexByte(stat, ')')
	if i < 0 {
		return 0, fmt.Errorf("bad /proc stat line %q", stat)
	}
	f := strings.Fields(stat[i+1:])
	// f[0] is field 3 (state): utime, field 14, is f[11]; stime f[12].
	if len(f) < 13 {
		return 0, fmt.Errorf("short /proc stat line %q", stat)
	}
	u, err1 := strconv.ParseUint(f[11], 10, 64)
	s, err2 := strconv.ParseUint(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0, fmt.Errorf("bad utime/stime in /proc stat line %q", stat)
	}
	return float64(u+s) / userHZ, nil
}

// cpuMeter measures the CPU a process uses between start and stop.
type cpuMeter struct {
	pid   int
	start float64
}

// startCPU reads the process's CPU time so far.
func startCPU(pid int) (*cpuMeter, error) {
	s, err := cpuSeconds(pid)
	return &cpuMeter{pid: pid, start: s}, err
}

// stop returns the CPU seconds used since startCPU.
func (m *cpuMeter) stop() (float64, error) {
	s, err := cpuSeconds(m.pid)
	return s - m.start, err
}
