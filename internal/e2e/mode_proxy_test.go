package e2e

import (
	"bytes"
	"errors"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/netsh/netsh/internal/testkit"
)

// startProxy runs netsh proxy 0 TARGET with args and returns it and its port.
func startProxy(t *testing.T, target string, args ...string) (*modeProc, string) {
	t.Helper()
	p := startMode(t, nil, nil, append([]string{"proxy", "0", target}, args...)...)
	t.Cleanup(func() { p.stdin.Close() })
	return p, p.listening(t)
}

func dialProxy(t *testing.T, port string) net.Conn {
	t.Helper()
	c, err := net.DialTimeout("tcp", "127.0.0.1:"+port, modeLimit)
	if err != nil {
		t.Fatal(err)
	}
	c.SetDeadline(time.Now().Add(modeLimit))
	t.Cleanup(func() { c.Close() })
	return c
}

// redis-cli through the proxy: commands and a 300 KiB value, both ways.
func TestModeProxyRedisCli(t *testing.T) {
	rport := startRedis(t)
	_, port := startProxy(t, "127.0.0.1:"+rport)
	if out := run(t, "redis-cli", "-p", port, "PING"); out != "PONG\n" {
		t.Fatalf("PING: %q", out)
	}
	big := strings.Repeat("netsh-proxy ", 300<<10/12)
	file := filepath.Join(t.TempDir(), "big")
	os.WriteFile(file, []byte(big), 0o644)
	cmd := exec.Command(need(t, "redis-cli"), "-p", port, "-x", "SET", "big")
	f, _ := os.Open(file)
	defer f.Close()
	cmd.Stdin = f
	if out, err := cmd.CombinedOutput(); err != nil || string(out) != "OK\n" {
		t.Fatalf("SET: %v %q", err, out)
	}
	if out := run(t, "redis-cli", "-p", port, "GET", "big"); out != big+"\n" {
		t.Fatalf("GET gave %d bytes, want %d", len(out), len(big)+1)
	}
}

// --delay 150 holds each direction back: a PING's round trip takes at
// least 300 ms.
func TestModeProxyDelay(t *testing.T) {
	rport := startRedis(t)
	_, port := startProxy(t, "127.0.0.1:"+rport, "--delay", "150")
	c := dialProxy(t, port)
	start := time.Now()
	c.Write([]byte("PING\r\n"))
	b := make([]byte, 7)
	if _, err := io.ReadFull(c, b); err != nil || string(b) != "+PONG\r\n" {
		t.Fatalf("%q %v", b, err)
	}
	if rtt := time.Since(start); rtt < 300*time.Millisecond {
		t.Fatalf("round trip %v with 150 ms each way", rtt)
	}
}

// --throttle down:200k: 200 KiB from the target take about a second, and
// arrive whole.
func TestModeProxyThrottle(t *testing.T) {
	data := randomBytes(200<<10, 3)
	tport, _ := peerOnce(t, func(c net.Conn) string {
		c.Write(data)
		return ""
	})
	_, port := startProxy(t, "127.0.0.1:"+tport, "--throttle", "down:200k")
	c := dialProxy(t, port)
	start := time.Now()
	got, err := io.ReadAll(c)
	if err != nil || !bytes.Equal(got, data) {
		t.Fatalf("got %d bytes (%v), want %d", len(got), err, len(data))
	}
	if d := time.Since(start); d < 900*time.Millisecond {
		t.Fatalf("200 KiB at 200 KiB/s took %v", d)
	}
}

// --fragment up:3: the target gets every byte, written 3 at most at a
// time (the proxy's own trace, -x, shows each write).
func TestModeProxyFragment(t *testing.T) {
	tport, res := peerOnce(t, func(c net.Conn) string {
		b, _ := io.ReadAll(c)
		return string(b)
	})
	p, port := startProxy(t, "127.0.0.1:"+tport, "--fragment", "up:3", "-x")
	c := dialProxy(t, port)
	c.Write([]byte("abcdefghij"))
	c.(*net.TCPConn).CloseWrite()
	if got := receive(t, res); got != "abcdefghij" {
		t.Fatalf("target got %q", got)
	}
	rx := regexp.MustCompile(`> 127\.0\.0\.1:` + tport + ` (\d+) "`)
	var sizes []int
	testkit.Eventually(modeLimit, func() bool {
		sizes = nil
		total := 0
		for _, m := range rx.FindAllStringSubmatch(p.err.String(), -1) {
			n, _ := strconv.Atoi(m[1])
			sizes, total = append(sizes, n), total+n
		}
		return total == 10
	})
	if len(sizes) != 4 || sizes[0] != 3 || sizes[3] != 1 {
		t.Fatalf("writes to the target of %v bytes, want 3 3 3 1; trace:\n%s", sizes, p.err.String())
	}
}

// --drop-after up:5: the target gets 5 bytes, then only the FIN.
func TestModeProxyDropAfter(t *testing.T) {
	tport, res := peerOnce(t, func(c net.Conn) string {
		b, _ := io.ReadAll(c)
		return string(b)
	})
	_, port := startProxy(t, "127.0.0.1:"+tport, "--drop-after", "up:5")
	c := dialProxy(t, port)
	c.Write([]byte("012"))
	time.Sleep(20 * time.Millisecond)
	c.Write([]byte("3456789"))
	c.(*net.TCPConn).CloseWrite()
	if got := receive(t, res); got != "01234" {
		t.Fatalf("target got %q", got)
	}
}

// --reset-after down:4: the client reads 4 bytes, then a reset.
func TestModeProxyResetAfter(t *testing.T) {
	tport, _ := peerOnce(t, func(c net.Conn) string {
		c.Write([]byte("0123456789"))
		time.Sleep(time.Second)
		return ""
	})
	_, port := startProxy(t, "127.0.0.1:"+tport, "--reset-after", "down:4")
	c := dialProxy(t, port)
	got, err := io.ReadAll(c)
	if string(got) != "0123" || !errors.Is(err, syscall.ECONNRESET) {
		t.Fatalf("client read %q, then %v; want 0123 and a reset", got, err)
	}
}

// --exec's on_data rewrites what goes up and drops what comes down.
func TestModeProxyHook(t *testing.T) {
	tport, _ := peerOnce(t, func(c net.Conn) string {
		io.Copy(c, c)
		return ""
	})
	hook := filepath.Join(t.TempDir(), "hook.lua")
	os.WriteFile(hook, []byte(`
function on_data(dir, chunk)
  if dir == 'up' then return chunk:upper() end
  if chunk:find('DROP') then return nil end
  return chunk
end`), 0o644)
	_, port := startProxy(t, "127.0.0.1:"+tport, "--exec", hook)
	c := dialProxy(t, port)
	expect := func(want string) {
		b := make([]byte, len(want))
		if _, err := io.ReadFull(c, b); err != nil || string(b) != want {
			t.Fatalf("read %q (%v), want %q", b, err, want)
		}
	}
	c.Write([]byte("hello\n"))
	expect("HELLO\n")
	c.Write([]byte("drop me\n"))
	time.Sleep(100 * time.Millisecond)
	c.Write([]byte("after\n"))
	expect("AFTER\n")
}

// -u --loss with --seed: about the share asked is lost, and the same
// datagrams each time.
func TestModeProxyUDPLossSeeded(t *testing.T) {
	echo := testkit.UDPEcho(t, "")
	target := echo.LocalAddr().String()
	back := func() []int {
		_, port := startProxy(t, target, "-u", "--loss", "0.3", "--seed", "42")
		c, err := net.Dial("udp", "127.0.0.1:"+port)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		for i := 0; i < 60; i++ {
			c.Write([]byte(strconv.Itoa(i)))
			time.Sleep(2 * time.Millisecond)
		}
		var ids []int
		b := make([]byte, 64)
		c.SetReadDeadline(time.Now().Add(time.Second))
		for {
			n, err := c.Read(b)
			if err != nil {
				break
			}
			id, _ := strconv.Atoi(string(b[:n]))
			ids = append(ids, id)
		}
		sort.Ints(ids)
		return ids
	}
	a, b := back(), back()
	if len(a) < 10 || len(a) > 50 {
		t.Fatalf("%d of 60 came back through 30%% loss each way", len(a))
	}
	if !slicesEqual(a, b) {
		t.Fatalf("the same seed lost other datagrams:\n%v\n%v", a, b)
	}
}

func slicesEqual(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// A hook that fails ends its connection, reported; the proxy serves on.
func TestModeProxyHookError(t *testing.T) {
	rport := startRedis(t)
	hook := filepath.Join(t.TempDir(), "bad.lua")
	os.WriteFile(hook, []byte("function on_data(dir, chunk) if chunk:find('boom') then error('boom!') end return chunk end\n"), 0o644)
	p, port := startProxy(t, "127.0.0.1:"+rport, "--exec", hook)
	c := dialProxy(t, port)
	c.Write([]byte("boom\r\n"))
	if _, err := io.ReadAll(c); err != nil && !errors.Is(err, syscall.ECONNRESET) {
		t.Fatalf("the failing connection: %v", err)
	}
	p.waitErr(t, `netsh: on_data: \S*bad\.lua:1: boom!`)
	if out := run(t, "redis-cli", "-p", port, "PING"); out != "PONG\n" {
		t.Fatalf("after the error: %q", out)
	}
}

// -u: a hook that fails drops that datagram, reported; the next ones pass.
func TestModeProxyUDPHookError(t *testing.T) {
	echo := testkit.UDPEcho(t, "")
	hook := filepath.Join(t.TempDir(), "bad.lua")
	os.WriteFile(hook, []byte("function on_data(dir, chunk) if chunk:find('boom') then error('boom!') end return chunk end\n"), 0o644)
	p, port := startProxy(t, echo.LocalAddr().String(), "-u", "--exec", hook)
	c, err := net.Dial("udp", "127.0.0.1:"+port)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.Write([]byte("boom"))
	p.waitErr(t, `netsh: on_data: \S*bad\.lua:1: boom!`)
	b := make([]byte, 64)
	for i := 0; i < 50; i++ { // datagrams may be lost: try a few times
		c.Write([]byte("fine"))
		c.SetReadDeadline(time.Now().Add(200 * time.Millisecond))
		if n, err := c.Read(b); err == nil {
			if string(b[:n]) != "fine" {
				t.Fatalf("came back %q", b[:n])
			}
			return
		}
	}
	t.Fatal("nothing came back through the proxy after the hook's error")
}
