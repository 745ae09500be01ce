package e2e

import (
	"bytes"
	"crypto/sha256"
	"io"
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

// The issue's own example: printf 'PING\r\n' | netsh connect 127.0.0.1
// PORT prints +PONG and exits 0 (redis-server closes after our FIN).
func TestModeConnectRedisPing(t *testing.T) {
	port := startRedis(t)
	out, errText, code := runMode(t, "PING\r\nSET k v\r\nGET k\r\n", "connect", "127.0.0.1", port)
	if code != 0 || out != "+PONG\r\n+OK\r\n$1\r\nv\r\n" || errText != "" {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, out, errText)
	}
}

// -C turns LF line ends into CRLF (ncat -C): redis answers a line typed
// with LF, and an ncat listener receives exactly the converted bytes.
func TestModeConnectCRLF(t *testing.T) {
	port := startRedis(t)
	if out, _, code := runMode(t, "PING\n", "connect", "-C", "127.0.0.1", port); code != 0 || out != "+PONG\r\n" {
		t.Fatalf("exit %d, stdout %q", code, out)
	}
	lport := strconv.Itoa(testkit.FreePort(t))
	ncat := exec.Command(need(t, "ncat"), "-l", "-k", "127.0.0.1", lport, "--recv-only")
	var got testkit.SyncBuffer
	ncat.Stdout = &got
	ncat.WaitDelay = time.Second
	if err := ncat.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { ncat.Process.Kill(); ncat.Wait() }()
	testkit.WaitDial(t, "127.0.0.1:"+lport, modeLimit) // an empty connection: ncat prints nothing for it
	if _, errText, code := runMode(t, "a\nb\r\nc\n", "connect", "-C", "127.0.0.1", lport, "-q", "0"); code != 0 {
		t.Fatalf("exit %d: %s", code, errText)
	}
	want := "a\r\nb\r\nc\r\n"
	if !testkit.Eventually(modeLimit, func() bool { return got.String() == want }) {
		t.Fatalf("ncat received %q, want %q", got.String(), want)
	}
}

// A refused connection: exit 1 and Node's error text, as ncat's status.
func TestModeConnectRefused(t *testing.T) {
	port := closedPort(t)
	out, errText, code := runMode(t, "", "connect", "127.0.0.1", port)
	if code != 1 || out != "" || errText != "netsh: connect ECONNREFUSED 127.0.0.1:"+port+"\n" {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, out, errText)
	}
}

// At the end of stdin connect half-closes and still prints what the peer
// sends afterwards, until the peer closes.
func TestModeConnectHalfCloseWaitsForPeer(t *testing.T) {
	port, res := peerOnce(t, func(c net.Conn) string {
		b, _ := io.ReadAll(c) // until our FIN
		time.Sleep(200 * time.Millisecond)
		c.Write([]byte("got " + strconv.Itoa(len(b)) + " bytes\n"))
		return string(b)
	})
	out, _, code := runMode(t, "hello\nworld\n", "connect", "127.0.0.1", port)
	if code != 0 || out != "got 12 bytes\n" {
		t.Fatalf("exit %d, stdout %q", code, out)
	}
	if got := receive(t, res); got != "hello\nworld\n" {
		t.Fatalf("peer got %q", got)
	}
}

// -q SECS: exit that long after the end of stdin though the peer stays.
func TestModeConnectQuitAfter(t *testing.T) {
	port, _ := peerOnce(t, func(c net.Conn) string {
		io.ReadAll(c)
		time.Sleep(modeLimit) // never closes by itself
		return ""
	})
	p := startMode(t, strings.NewReader("x\n"), nil, "connect", "127.0.0.1", port, "-q", "0.3")
	if code := p.wait(t); code != 0 {
		t.Fatalf("exit %d, stderr %q", code, p.err.String())
	}
	if p.finishedAfter < 300*time.Millisecond {
		t.Fatalf("exited after %v, before -q's 0.3 s", p.finishedAfter)
	}
}

// -x shows both directions as a hex dump on stderr, stdout keeps the data.
func TestModeConnectHexDump(t *testing.T) {
	port := startRedis(t)
	out, errText, code := runMode(t, "PING\r\n", "connect", "-x", "127.0.0.1", port)
	if code != 0 || out != "+PONG\r\n" {
		t.Fatalf("exit %d, stdout %q", code, out)
	}
	for _, want := range []string{
		"> 00000000  50 49 4e 47 0d 0a                                 |PING..|\n",
		"< 00000000  2b 50 4f 4e 47 0d 0a                              |+PONG..|\n",
		"> 127.0.0.1:" + port + " 6 \"PING\\r\\n\"",
	} {
		if !strings.Contains(errText, want) {
			t.Fatalf("stderr lacks %q:\n%s", want, errText)
		}
	}
}

// -e hands the socket to Lua: the main chunk reads sequentially.
func TestModeConnectEval(t *testing.T) {
	port := startRedis(t)
	out, errText, code := runMode(t, "", "connect", "127.0.0.1", port, "-e", `
sock:write('PING\r\n')
print(sock:receive('*l'))
sock:write('ECHO hi\r\n')
print(sock:receive('*l'), sock:receive('*l'))
sock:destroy()`)
	if code != 0 || out != "+PONG\n$2\thi\n" {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, out, errText)
	}
	file := filepath.Join(t.TempDir(), "ping.lua")
	os.WriteFile(file, []byte("sock:setFraming('resp')\nsock:write(require('resp').command('PING'))\nprint(sock:receive())\nsock:_end()\n"), 0o644)
	if out, errText, code := runMode(t, "", "connect", "127.0.0.1", port, "--exec", file); code != 0 || out != "PONG\n" {
		t.Fatalf("--exec: exit %d, stdout %q, stderr %q", code, out, errText)
	}
	if _, errText, code := runMode(t, "", "connect", "127.0.0.1", port, "-e", "error('boom')"); code != 1 || !strings.Contains(errText, "[command line]:1: boom") {
		t.Fatalf("an error in -e: exit %d, stderr %q", code, errText)
	}
}

// -u: stdin as datagrams to a socat UDP echo, the replies on stdout.
func TestModeConnectUDP(t *testing.T) {
	port := strconv.Itoa(testkit.FreeUDPPort(t))
	testkit.Start(t, exec.Command(need(t, "socat"), "UDP4-RECVFROM:"+port+",bind=127.0.0.1,fork", "EXEC:tr a-z A-Z"))
	var out string
	ok := testkit.Eventually(modeLimit, func() bool { // until socat is bound
		out, _, _ = runMode(t, "hello\n", "connect", "-u", "127.0.0.1", port, "-q", "0.5")
		return out != ""
	})
	if !ok || out != "HELLO\n" {
		t.Fatalf("stdout %q", out)
	}
}

// A MiB each way through connect and a socat echo, byte for byte (ncat
// -e cat loses the tail: ncat itself as the client gets ~970 KiB back).
func TestModeConnectBulkThroughSocat(t *testing.T) {
	lport := strconv.Itoa(testkit.FreePort(t))
	echo := exec.Command(need(t, "socat"), "TCP-LISTEN:"+lport+",bind=127.0.0.1,reuseaddr,fork", "EXEC:cat")
	echo.WaitDelay = time.Second // its forked children may hold the output pipe after the kill
	testkit.Start(t, echo)
	testkit.WaitDial(t, "127.0.0.1:"+lport, modeLimit)
	data := randomBytes(1<<20, 7)
	p := startMode(t, bytes.NewReader(data), nil, "connect", "127.0.0.1", lport)
	if code := p.wait(t); code != 0 {
		t.Fatalf("exit %d, stderr %q", code, p.err.String())
	}
	if got := p.out.String(); sha256.Sum256([]byte(got)) != sha256.Sum256(data) {
		t.Fatalf("echoed %d bytes, not the %d sent", len(got), len(data))
	}
}
