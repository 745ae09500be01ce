//go:build linux

package e2e

import (
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/netsh/netsh/internal/testkit"
)

// echoLua is an echo server with no 'error' listener on the server: an
// accept error would be unhandled and end the process.
const echoLua = `local net = require('net')
local srv = net.createServer(function(sock)
  sock:on('data', function(d) sock:write(d) end)
  sock:on('error', function() end)
end)
srv:listen(0, '127.0.0.1', function()
  console.log('listening ' .. srv:address().port)
end)
`

// fdLimit is the server's descriptor limit: bash sets it (soft and hard,
// so the Go runtime cannot raise it again) before it becomes netsh.
const fdLimit = 64

// TestE2EServerOutOfDescriptors runs an echo server under ulimit -n 64
// and opens three times that many connections. As in Node, the server
// keeps echoing on those it accepted, closes the rest at once, neither
// dies nor spins, and accepts again once its connections close.
func TestE2EServerOutOfDescriptors(t *testing.T) {
	for _, mode := range []string{"epoll", "portable"} {
		t.Run(mode, func(t *testing.T) {
			dir := t.TempDir()
			js := filepath.Join(dir, "echo.lua")
			if err := os.WriteFile(js, []byte(echoLua), 0o644); err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command("bash", "-c", `ulimit -n `+strconv.Itoa(fdLimit)+` && exec "$0" "$@"`, testkit.Netsh(t), js)
			cmd.Dir = dir
			cmd.Env = append(os.Environ(), "NETSH_IO="+mode)
			srv := testkit.Start(t, cmd)
			out := srv.WaitFor(t, `listening \d+\n`, 20*time.Second)
			port := strings.TrimSpace(out[strings.LastIndex(out, "listening ")+len("listening "):])
			addr := net.JoinHostPort("127.0.0.1", port)

			conns := dialMany(t, srv, addr, 3*fdLimit)
			got := testkit.EchoAll(conns, 10*time.Second)
			t.Logf("%d connections: %v", len(conns), got)
			if got["echo"] < fdLimit/4 || got["echo"] > fdLimit || got["echo"]+got["closed"] != len(conns) {
				t.Errorf("outcomes %v: want between %d and %d echoes and every other connection closed",
					got, fdLimit/4, fdLimit)
			}
			if used := cpuOverASecond(t, srv.Cmd.Process.Pid); used > 200*time.Millisecond {
				t.Errorf("server used %v of CPU in 1 s while out of descriptors", used)
			}
			serverUp(t, srv)
			if again := testkit.EchoAll(conns, 5*time.Second); again["echo"] != got["echo"] {
				t.Errorf("second round on the kept connections: %v, want %d echoes", again, got["echo"])
			}
			for _, c := range conns {
				c.Close()
			}
			fresh := make([]net.Conn, 0, fdLimit/4)
			for len(fresh) < fdLimit/4 {
				fresh = append(fresh, testkit.DialUntilEcho(t, addr, 10*time.Second))
			}
			if r := testkit.EchoAll(fresh, 5*time.Second); r["echo"] != len(fresh) {
				t.Errorf("new connections: %v, want %d echoes", r, len(fresh))
			}
			serverUp(t, srv)
		})
	}
}

// serverUp fails if the server has exited or said anything after it
// started listening (an unhandled 'error', say).
func serverUp(t *testing.T, srv *testkit.Proc) {
	t.Helper()
	if code := srv.ExitCode(); code != -1 {
		t.Fatalf("server exited with %d:\n%s", code, srv.Output())
	}
	if out := srv.Output(); strings.Count(out, "\n") != 1 {
		t.Errorf("server output:\n%s", out)
	}
}

// cpuOverASecond is the user+system CPU time pid uses in the next second.
func cpuOverASecond(t *testing.T, pid int) time.Duration {
	t.Helper()
	ticks := func() int {
		b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
		if err != nil {
			t.Fatal(err)
		}
		// utime and stime are the 14th and 15th fields; the 2nd, the
		// command name in parentheses, may hold spaces.
		f := strings.Fields(string(b[strings.LastIndexByte(string(b), ')')+1:]))
		u, _ := strconv.Atoi(f[11])
		s, _ := strconv.Atoi(f[12])
		return u + s
	}
	before := ticks()
	time.Sleep(time.Second)
	return time.Duration(ticks()-before) * 10 * time.Millisecond // USER_HZ is 100
}

// dialMany opens n connections to srv at addr, closed when the test ends; the
// kernel completes each handshake whether or not the server accepts.
func dialMany(t *testing.T, srv *testkit.Proc, addr string, n int) []net.Conn {
	t.Helper()
	conns := make([]net.Conn, 0, n)
	t.Cleanup(func() {
		for _, c := range conns {
			c.Close()
		}
	})
	for i := 0; i < n; i++ {
		c, err := net.DialTimeout("tcp4", addr, 5*time.Second)
		if err != nil {
			t.Fatalf("dial %d: %v; server output:\n%s", i, err, srv.Output())
		}
		conns = append(conns, c)
	}
	return conns
}
