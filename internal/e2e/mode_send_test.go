package e2e

import (
	"io"
	"net"
	"os/exec"
	"strconv"
	"testing"
	"time"

	"github.com/netsh/netsh/internal/testkit"
)

// send: one command to redis, the reply printed; it does not wait out -w
// once the reply has come.
func TestModeSendRedis(t *testing.T) {
	port := startRedis(t)
	p := startMode(t, nil, nil, "send", "127.0.0.1", port, `*2\r\n$4\r\nECHO\r\n$5\r\nhello\r\n`, "-w", "10")
	p.stdin.Close()
	if code := p.wait(t); code != 0 || p.out.String() != "$5\r\nhello\r\n" {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, p.out.String(), p.err.String())
	}
	if p.finishedAfter > 5*time.Second {
		t.Fatalf("send waited %v after the reply", p.finishedAfter)
	}
}

// DATA's words are joined by spaces and its escapes become their bytes.
func TestModeSendEscapes(t *testing.T) {
	port, res := peerOnce(t, func(c net.Conn) string {
		b := make([]byte, 64)
		n, _ := io.ReadAtLeast(c, b, 8)
		c.Write([]byte("ok"))
		return string(b[:n])
	})
	out, errText, code := runMode(t, "", "send", "127.0.0.1", port, `\x00\xff`, `A\t\\\r\n`)
	if code != 0 || out != "ok" {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, out, errText)
	}
	if got := receive(t, res); got != "\x00\xff A\t\\\r\n" {
		t.Fatalf("peer got %q", got)
	}
}

// -u: one datagram to a socat UDP service, its reply printed.
func TestModeSendUDP(t *testing.T) {
	port := strconv.Itoa(testkit.FreeUDPPort(t))
	testkit.Start(t, exec.Command(need(t, "socat"), "UDP4-RECVFROM:"+port+",bind=127.0.0.1,fork", "EXEC:rev"))
	var out string
	ok := testkit.Eventually(modeLimit, func() bool { // until socat is bound
		out, _, _ = runMode(t, "", "send", "-u", "127.0.0.1", port, `stressed\n`, "-w", "1")
		return out != ""
	})
	if !ok || out != "desserts\n" {
		t.Fatalf("stdout %q", out)
	}
}

// Nothing listens: exit 1, Node's text.
func TestModeSendRefused(t *testing.T) {
	port := closedPort(t)
	if _, errText, code := runMode(t, "", "send", "127.0.0.1", port, "x"); code != 1 || errText != "netsh: connect ECONNREFUSED 127.0.0.1:"+port+"\n" {
		t.Fatalf("exit %d, stderr %q", code, errText)
	}
}
