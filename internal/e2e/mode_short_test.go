package e2e

import (
	"net"
	"os/exec"
	"strings"
	"testing"
)

// The short forms docs/cli.md counts keystrokes for work as written: a
// mode's letter with its flags' letters, and localhost when the host is
// left out.
func TestModeShortForms(t *testing.T) {
	port := startRedis(t)
	if out, errText, code := runMode(t, "PING\r\n", "c", port); code != 0 || out != "+PONG\r\n" {
		t.Fatalf("netsh c PORT: exit %d, %q, %q", code, out, errText)
	}
	if out, errText, code := runMode(t, "PING\n", "cC", port); code != 0 || out != "+PONG\r\n" {
		t.Fatalf("netsh cC PORT: exit %d, %q, %q", code, out, errText)
	}
	if out, errText, code := runMode(t, "", "s", port, `PING\r\n`); code != 0 || out != "+PONG\r\n" {
		t.Fatalf("netsh s PORT DATA: exit %d, %q, %q", code, out, errText)
	}
	p := startMode(t, nil, nil, "p", "0", port)
	defer p.stdin.Close()
	pport := p.listening(t)
	if out := run(t, "redis-cli", "-p", pport, "PING"); out != "PONG\n" {
		t.Fatalf("netsh p 0 PORT: redis-cli got %q", out)
	}
	l := startMode(t, nil, nil, "lkx", "0")
	defer l.stdin.Close()
	lport := l.listening(t)
	c := exec.Command(need(t, "ncat"), "localhost", lport)
	c.Stdin = strings.NewReader("via lkx\n")
	if out, err := c.CombinedOutput(); err != nil {
		t.Fatalf("ncat: %v %s", err, out)
	}
	l.waitOut(t, "via lkx\n")
	l.waitErr(t, `< 00000000  76 69 61 20 6c 6b 78 0a`)
	u := startMode(t, nil, nil, "lu", "0", "127.0.0.1")
	defer u.stdin.Close()
	uport := u.listening(t)
	uc, err := net.Dial("udp", "127.0.0.1:"+uport)
	if err != nil {
		t.Fatal(err)
	}
	defer uc.Close()
	uc.Write([]byte("dgram\n"))
	u.waitOut(t, "dgram\n")
}
