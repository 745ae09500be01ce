package luabind

import (
	"context"
	"io"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/netsh/netsh/internal/testkit"
	"github.com/netsh/netsh/luabind/internal/dnsmsg"
)

// The zone the tests' dnsmasq serves (ttl 300 for every record).
var dnsmasqZone = []string{
	"--mx-host=example.test,mail.example.test,10",
	"--txt-record=example.test,v=spf1 -all,second string",
	"--srv-host=_sip._tcp.example.test,sip.example.test,5060,10,20",
	"--cname=alias.example.test,www.example.test",
	"--ptr-record=10.2.0.192.in-addr.arpa,www.example.test",
	`--naptr-record=example.test,100,10,S,SIP+D2U,,_sip._udp.example.test`,
	"--dns-rr=example.test,257,000569737375656361", // CAA 0 issue "ca"
}

const dnsmasqHosts = "192.0.2.10 www.example.test\n2001:db8::10 www.example.test\n192.0.2.20 mail.example.test\n"

// dnsPeer is a dnsmasq on 127.0.0.1 serving the test zone, behind a UDP
// proxy that keeps every datagram that crosses it (queries and answers),
// for the tests that decode them.
type dnsPeer struct {
	port int // the proxy's: where the tests send their queries
	mu   sync.Mutex
	seen [][]byte
}

// dnsPeerPath finds a peer program: on PATH, or in /usr/sbin (where
// Debian puts dnsmasq, outside a plain user's PATH).
func dnsPeerPath(t testing.TB, name string) string {
	t.Helper()
	if p, err := exec.LookPath(name); err == nil {
		return p
	}
	if p := "/usr/sbin/" + name; fileExists(p) {
		return p
	}
	t.Fatalf("%s is not installed (.ci/run installs it)", name)
	return ""
}

func fileExists(p string) bool { _, err := os.Stat(p); return err == nil }

// startDnsmasq starts the peer and waits until it answers.
func startDnsmasq(t *testing.T) *dnsPeer {
	t.Helper()
	bin := dnsPeerPath(t, "dnsmasq")
	dir := t.TempDir()
	hosts := filepath.Join(dir, "hosts")
	if err := os.WriteFile(hosts, []byte(dnsmasqHosts), 0o644); err != nil {
		t.Fatal(err)
	}
	me, _ := user.Current()
	var port int
	var proc *testkit.Proc
	for try := 0; ; try++ { // the free port may be taken before dnsmasq binds it
		port = testkit.FreeUDPPort(t)
		args := append([]string{"--keep-in-foreground", "--conf-file=/dev/null", "--no-resolv", "--no-hosts",
			"--addn-hosts=" + hosts, "--listen-address=127.0.0.1", "--bind-interfaces", "--port=" + strconv.Itoa(port),
			"--local=/test/", "--local-ttl=300", "--pid-file=", "--user=" + me.Username, "--cache-size=0"}, dnsmasqZone...)
		proc = testkit.Start(t, exec.Command(bin, args...))
		if dnsAnswers(port, 5*time.Second) {
			break
		}
		proc.Stop()
		if try == 4 {
			t.Fatalf("dnsmasq did not answer on port %d:\n%s", port, proc.Output())
		}
	}
	p := &dnsPeer{}
	p.port = p.proxy(t, port)
	return p
}

// dnsAnswers reports whether a DNS server answers on 127.0.0.1:port
// within limit.
func dnsAnswers(port int, limit time.Duration) bool {
	q, _ := (&dnsmsg.Message{ID: 1, Questions: []dnsmsg.Question{{Name: "www.example.test", Type: dnsmsg.TypeA, Class: dnsmsg.ClassIN}}}).Encode()
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) {
		c, err := net.Dial("udp", "127.0.0.1:"+strconv.Itoa(port))
		if err != nil {
			return false
		}
		c.SetDeadline(time.Now().Add(200 * time.Millisecond))
		c.Write(q)
		buf := make([]byte, 512)
		n, err := c.Read(buf)
		c.Close()
		if err == nil && n > 12 {
			return true
		}
		time.Sleep(50 * time.Millisecond)
	}
	return false
}

// proxy relays datagrams between the tests' clients and the server on
// port, and TCP connections on the same port number (where a client asks
// again after a truncated answer), keeping a copy of each message; it
// returns its own port.
func (p *dnsPeer) proxy(t *testing.T, port int) int {
	var front net.PacketConn
	var ln net.Listener
	for {
		front = testkit.ListenUDP(t)
		var err error
		if ln, err = net.Listen("tcp", front.LocalAddr().String()); err == nil {
			break
		}
		front.Close()
	}
	t.Cleanup(func() { ln.Close() })
	go p.relayTCP(ln, "127.0.0.1:"+strconv.Itoa(port))
	server := &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1), Port: port}
	var mu sync.Mutex
	backs := map[string]net.PacketConn{}
	t.Cleanup(func() {
		mu.Lock()
		defer mu.Unlock()
		for _, b := range backs {
			b.Close()
		}
	})
	go func() {
		buf := make([]byte, 65535)
		for {
			n, from, err := front.ReadFrom(buf)
			if err != nil {
				return
			}
			p.keep(buf[:n])
			mu.Lock()
			back, ok := backs[from.String()]
			if !ok {
				if back, err = net.ListenPacket("udp4", "127.0.0.1:0"); err != nil {
					mu.Unlock()
					continue
				}
				backs[from.String()] = back
				go p.relayBack(back, front, from)
			}
			mu.Unlock()
			back.WriteTo(buf[:n], server)
		}
	}()
	return front.LocalAddr().(*net.UDPAddr).Port
}

func (p *dnsPeer) relayBack(back, front net.PacketConn, client net.Addr) {
	buf := make([]byte, 65535)
	for {
		n, _, err := back.ReadFrom(buf)
		if err != nil {
			return
		}
		p.keep(buf[:n])
		front.WriteTo(buf[:n], client)
	}
}

// relayTCP relays each connection to the server, message by message.
func (p *dnsPeer) relayTCP(ln net.Listener, server string) {
	for {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		go func() {
			defer c.Close()
			up, err := net.DialTimeout("tcp", server, 5*time.Second)
			if err != nil {
				return
			}
			defer up.Close()
			deadline := time.Now().Add(10 * time.Second)
			c.SetDeadline(deadline)
			up.SetDeadline(deadline)
			go p.copyMessages(c, up)
			p.copyMessages(up, c)
		}()
	}
}

// copyMessages copies length-prefixed messages from src to dst, keeping each.
func (p *dnsPeer) copyMessages(dst, src net.Conn) {
	defer dst.Close()
	for {
		var size [2]byte
		if _, err := io.ReadFull(src, size[:]); err != nil {
			return
		}
		msg := make([]byte, int(size[0])<<8|int(size[1]))
		if _, err := io.ReadFull(src, msg); err != nil {
			return
		}
		p.keep(msg)
		if _, err := dst.Write(append(size[:], msg...)); err != nil {
			return
		}
	}
}

func (p *dnsPeer) keep(b []byte) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.seen = append(p.seen, append([]byte(nil), b...))
}

// packets is every datagram the proxy has relayed so far.
func (p *dnsPeer) packets() [][]byte {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([][]byte(nil), p.seen...)
}

// dig runs dig with args (after @127.0.0.1 -p port) and returns its output.
func dig(t *testing.T, port int, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, dnsPeerPath(t, "dig"), append([]string{"@127.0.0.1", "-p", strconv.Itoa(port), "+time=2", "+tries=2"}, args...)...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("dig %v: %v\n%s", args, err, out)
	}
	return strings.TrimSpace(string(out))
}
