package e2e

import (
	"net"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/netsh/netsh/internal/testkit"
)

// netsh listen 0 takes one client, as ncat -l: what the client sends is
// printed, stdin goes back, and both ends close.
func TestModeListenOneNcatClient(t *testing.T) {
	p := startMode(t, strings.NewReader("reply from netsh\n"), nil, "listen", "0", "127.0.0.1")
	port := p.listening(t)
	nc := exec.Command(need(t, "ncat"), "127.0.0.1", port)
	nc.Stdin = strings.NewReader("hello from ncat\n")
	out, err := nc.Output()
	if err != nil {
		t.Fatalf("ncat: %v", err)
	}
	if code := p.wait(t); code != 0 {
		t.Fatalf("exit %d, stderr %q", code, p.err.String())
	}
	if p.out.String() != "hello from ncat\n" || string(out) != "reply from netsh\n" {
		t.Fatalf("netsh printed %q, ncat got %q", p.out.String(), out)
	}
}

// -k keeps accepting: two socat clients, each one's line printed.
func TestModeListenKeepOpen(t *testing.T) {
	p := startMode(t, nil, nil, "listen", "0", "127.0.0.1", "-k")
	defer p.stdin.Close()
	port := p.listening(t)
	for _, msg := range []string{"first client\n", "second client\n"} {
		c := exec.Command(need(t, "socat"), "-", "TCP:127.0.0.1:"+port)
		c.Stdin = strings.NewReader(msg)
		if out, err := c.CombinedOutput(); err != nil {
			t.Fatalf("socat: %v %s", err, out)
		}
		p.waitOut(t, msg)
	}
	p.waitErr(t, `connection from 127\.0\.0\.1:\d+[\s\S]*connection from 127\.0\.0\.1:\d+`)
}

// -e runs the code per connection, each with its own sock, reading it
// sequentially: two ncat clients at once get their lines upper-cased.
func TestModeListenEvalPerConnection(t *testing.T) {
	p := startMode(t, nil, nil, "listen", "0", "127.0.0.1", "-k", "-e", `
sock:setFraming('line')
local n = 0
while true do
  local line = sock:receive()
  if not line then break end
  n = n + 1
  sock:write(n .. ' ' .. line:upper() .. '\n')
end
sock:_end()`)
	defer p.stdin.Close()
	port := p.listening(t)
	results := make(chan string, 2)
	for _, in := range []string{"a\nb\n", "x\ny\nz\n"} {
		go func(in string) {
			c := exec.Command(need(t, "ncat"), "127.0.0.1", port)
			c.Stdin = strings.NewReader(in)
			out, _ := c.Output()
			results <- string(out)
		}(in)
	}
	got := map[string]bool{}
	for i := 0; i < 2; i++ {
		select {
		case r := <-results:
			got[r] = true
		case <-time.After(modeLimit):
			t.Fatal("a client never finished")
		}
	}
	if !got["1 A\n2 B\n"] || !got["1 X\n2 Y\n3 Z\n"] {
		t.Fatalf("clients got %v", got)
	}
}

// -u prints each datagram, its sender on stderr.
func TestModeListenUDP(t *testing.T) {
	p := startMode(t, nil, nil, "listen", "-u", "0", "127.0.0.1")
	defer p.stdin.Close()
	port := p.listening(t)
	c := exec.Command(need(t, "socat"), "-u", "-", "UDP4-SENDTO:127.0.0.1:"+port)
	c.Stdin = strings.NewReader("one datagram\n")
	if out, err := c.CombinedOutput(); err != nil {
		t.Fatalf("socat: %v %s", err, out)
	}
	p.waitOut(t, "one datagram\n")
	p.waitErr(t, `datagram from 127\.0\.0\.1:\d+, 13 bytes`)
}

// A taken port: exit 1 with Node's text.
func TestModeListenInUse(t *testing.T) {
	ln := testkit.Listen(t)
	port := ln.Addr().(*net.TCPAddr).Port
	_, errText, code := runMode(t, "", "listen", itoa(port), "127.0.0.1")
	if code != 1 || !strings.Contains(errText, "netsh: listen EADDRINUSE: address already in use 127.0.0.1:"+itoa(port)) {
		t.Fatalf("exit %d, stderr %q", code, errText)
	}
}
