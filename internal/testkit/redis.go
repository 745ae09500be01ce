package testkit

import (
	"net"
	"os/exec"
	"strconv"
	"testing"
	"time"
)

// RedisServer starts a real redis-server on a free port of 127.0.0.1,
// with nothing saved to disk, and returns its port once it accepts; it is
// stopped when the test ends.
func RedisServer(t testing.TB) int {
	t.Helper()
	path, err := exec.LookPath("redis-server")
	if err != nil {
		t.Fatalf("redis-server is not installed (.ci/run installs it)")
	}
	port := FreePort(t)
	cmd := exec.Command(path, "--port", strconv.Itoa(port), "--bind", "127.0.0.1",
		"--save", "", "--appendonly", "no", "--dir", t.TempDir())
	p := Start(t, cmd)
	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
	if !Eventually(10*time.Second, func() bool {
		c, err := net.DialTimeout("tcp", addr, time.Second)
		if err == nil {
			c.Close()
		}
		return err == nil
	}) {
		t.Fatalf("redis-server on %s never accepted:\n%s", addr, p.Output())
	}
	return port
}
