package e2e

import (
	"net"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/netsh/netsh/internal/testkit"
)

// The example responder answers dig for each record type it holds and
// NXDOMAIN for other names; garbage does not stop it; and a burst of
// queries, 64 in flight at a time, all get their own answers.
func TestExampleDNSResponder(t *testing.T) {
	port := strconv.Itoa(testkit.FreeUDPPort(t))
	p := netsh(t, "", script(t, "examples/dns_responder.lua"), port)
	p.WaitFor(t, "dns responder on 127.0.0.1:"+port, 10*time.Second)
	digShort := func(args ...string) string {
		return strings.TrimSpace(run(t, "dig", append([]string{"@127.0.0.1", "-p", port, "+time=2", "+tries=2", "+short"}, args...)...))
	}
	for _, c := range []struct{ args, want string }{
		{"www.example.test A", "192.0.2.10"},
		{"www.example.test AAAA", "2001:db8::10"},
		{"example.test MX", "10 mail.example.test."},
		{"example.test TXT", `"v=spf1 mx -all"`},
		{"WWW.EXAMPLE.TEST A", "192.0.2.10"},
		{"www.example.test MX", ""},
	} {
		if got := digShort(strings.Fields(c.args)...); got != c.want {
			t.Errorf("dig %s = %q, want %q", c.args, got, c.want)
		}
	}
	full := run(t, "dig", "@127.0.0.1", "-p", port, "+time=2", "+tries=2", "nope.example.test")
	if !strings.Contains(full, "status: NXDOMAIN") || !strings.Contains(full, "flags: qr aa rd;") {
		t.Fatalf("NXDOMAIN answer:\n%s", full)
	}

	c, err := net.Dial("udp", "127.0.0.1:"+port)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.Write([]byte("\x00\x01garbage")) // dropped; the next queries are still answered
	const total, window = 2000, 64
	query := func(id int) []byte {
		return append([]byte{byte(id >> 8), byte(id), 1, 0, 0, 1, 0, 0, 0, 0, 0, 0}, "\x03www\x07example\x04test\x00\x00\x01\x00\x01"...)
	}
	answered := make(map[int]bool)
	c.SetDeadline(time.Now().Add(20 * time.Second))
	sent, buf := 0, make([]byte, 512)
	for len(answered) < total {
		for sent < total && sent-len(answered) < window {
			c.Write(query(sent))
			sent++
		}
		n, err := c.Read(buf)
		if err != nil {
			t.Fatalf("%d of %d answered: %v", len(answered), total, err)
		}
		id := int(buf[0])<<8 | int(buf[1])
		// The answer: the question echoed, then one A record 192.0.2.10.
		if n < 16 || buf[2]&0x80 == 0 || buf[7] != 1 || string(buf[n-4:n]) != "\xc0\x00\x02\x0a" || answered[id] {
			t.Fatalf("bad answer %x", buf[:n])
		}
		answered[id] = true
	}
}
