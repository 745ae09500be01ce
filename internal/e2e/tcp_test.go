package e2e

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/netsh/netsh/internal/testkit"
)

// The TCP scripts in scripts/ run on the real netsh binary, against each
// other and against Node: the project's Node twins (testdata/node) on
// free ports, and the lecture's own files on the lecture's ports, which
// those tests skip, saying why, when the lecture is absent or the port is
// taken.

// 11-01 and 11-02: the client says Hello, the server echoes it back.
func TestE2ETCPServerAndClient(t *testing.T) {
	eachPair(t, func(t *testing.T, server, client impl) {
		port := strconv.Itoa(testkit.FreePort(t))
		srv := example(t, server, "", "tcp_server", port)
		srv.WaitFor(t, "TCP-сервер 0.0.0.0:"+port, 10*time.Second)
		// Node prints that line before it listens (as the lecture's does).
		testkit.WaitDial(t, "127.0.0.1:"+port, 5*time.Second)
		out := example(t, client, "", "tcp_client", port).Wait(t, 10*time.Second)
		for _, want := range []string{"Client CONNECTED:  127.0.0.1 " + port, "Client DATA:Сервер получил: Hello", "Client CLOSE"} {
			if !strings.Contains(out, want) {
				t.Fatalf("client output lacks %q:\n%s", want, out)
			}
		}
		srv.WaitFor(t, `(?s)Server CONNECTED: 127\.0\.0\.1:\d+.*Server DATA: 127\.0\.0\.1: Hello.*Server CLOSED:  127\.0\.0\.1 \d+`, 5*time.Second)
	})
}

func TestE2ELectureNodeClientAgainstLuaServer(t *testing.T) {
	js := testkit.LectureJS(t, "11-02.js")
	testkit.LecturePort(t, "tcp", 40000)
	srv := netsh(t, "", script(t, "tcp_server.lua"))
	srv.WaitFor(t, "TCP-сервер 0.0.0.0:40000", 5*time.Second)
	out := node(t, "", js).Wait(t, 10*time.Second)
	if !strings.Contains(out, "Client DATA:Сервер получил: Hello") || !strings.Contains(out, "Client CLOSE") {
		t.Fatalf("node client output:\n%s", out)
	}
	srv.WaitFor(t, "Server DATA: 127.0.0.1: Hello", 5*time.Second)
}

func TestE2ELuaClientAgainstLectureNodeServer(t *testing.T) {
	js := testkit.LectureJS(t, "11-01.js")
	testkit.LecturePort(t, "tcp", 40000)
	srv := node(t, "", js)
	srv.WaitFor(t, "TCP-сервер 0.0.0.0:40000", 10*time.Second)
	testkit.WaitDial(t, "127.0.0.1:40000", 5*time.Second)
	out := netsh(t, "", script(t, "tcp_client.lua")).Wait(t, 5*time.Second)
	if !strings.Contains(out, "Client DATA:Сервер получил: Hello") || !strings.Contains(out, "Client CLOSE") {
		t.Fatalf("lua client output:\n%s", out)
	}
	srv.WaitFor(t, "Server DATA: 127.0.0.1: Hello", 5*time.Second)
}

// 11-03a against 11-03, with the periods shortened: the sums received
// grow, and are sums of the numbers sent.
func TestE2ETCPSum(t *testing.T) {
	eachPair(t, func(t *testing.T, server, client impl) {
		port := strconv.Itoa(testkit.FreePort(t))
		srv := example(t, server, "", "tcp_sum", port, "300")
		srv.WaitFor(t, "TCP-server  0.0.0.0:"+port, 10*time.Second)
		out := example(t, client, "", "tcp_sum_client", port, "100", "2000").Wait(t, 15*time.Second)
		if !strings.Contains(out, "Client CONNECTED:  127.0.0.1 "+port) || !strings.Contains(out, "Client CLOSE") {
			t.Fatalf("client output:\n%s", out)
		}
		checkSums(t, out, 2000/100+1) // the interval may fire once more at the end
		// The first data event starts with the first number (more may
		// have come with it).
		srv.WaitFor(t, `Server DATA: <Buffer 00 00 00 00( [0-9a-f]{2})*> 0`, time.Second)
	})
}

// checkSums checks the sums a tcp_sum_client printed, having sent 0, 1,
// ... k: never going down, each at most 0+1+...+k, at least three and not
// all zero. They need not be sums 0+1+...+j: the server (the lecture's
// code) adds only the first Int32LE of each data event, and TCP may hand
// two numbers over in one.
func checkSums(t *testing.T, out string, k int) {
	t.Helper()
	limit := k * (k + 1) / 2
	var sums []int
	for _, m := range regexp.MustCompile(`Client DATA: (-?\d+)`).FindAllStringSubmatch(out, -1) {
		v, _ := strconv.Atoi(m[1])
		if v < 0 || v > limit {
			t.Fatalf("received %d, which is no sum of numbers from 0 to %d:\n%s", v, k, out)
		}
		if len(sums) > 0 && v < sums[len(sums)-1] {
			t.Fatalf("sums went down: %v", sums)
		}
		sums = append(sums, v)
	}
	if len(sums) < 3 || sums[len(sums)-1] == 0 {
		t.Fatalf("too few or only zero sums received: %v\n%s", sums, out)
	}
}

// bufferHex is how Node prints s as a Buffer's bytes: "45 43 48 ...".
func bufferHex(s string) string {
	hex := make([]string, 0, len(s))
	for _, b := range []byte(s) {
		hex = append(hex, fmt.Sprintf("%02x", b))
	}
	return strings.Join(hex, " ")
}

// 11-06a against 11-06: the echo comes back from the right port, printed
// as Node prints a Buffer.
func TestE2ETwoPorts(t *testing.T) {
	eachPair(t, func(t *testing.T, server, client impl) {
		p1, p2 := strconv.Itoa(testkit.FreePort(t)), strconv.Itoa(testkit.FreePort(t))
		srv := example(t, server, "", "tcp_two_ports", p1, p2)
		srv.WaitFor(t, "(?s)TCP-server 0.0.0.0:"+p1+".*TCP-server 0.0.0.0:"+p2+"|(?s)TCP-server 0.0.0.0:"+p2+".*TCP-server 0.0.0.0:"+p1, 10*time.Second)
		out := example(t, client, "", "tcp_port_client", p2, "100", "450").Wait(t, 10*time.Second)
		want := "ECHO" + p2 + ":client: 0"
		if !strings.Contains(out, "Client DATA:  <Buffer "+bufferHex(want)+">") {
			t.Fatalf("client output lacks the echo %q as a Buffer:\n%s", want, out)
		}
		srv.WaitFor(t, "DATA"+p2+": 127.0.0.1: client: 0", 2*time.Second)
	})
}

// The lecture's 11-06a client (node) against the Lua two-port server on the
// lecture's ports gets ECHO50000:client: 0.
func TestE2ELectureNodePortClientAgainstLuaTwoPorts(t *testing.T) {
	js := testkit.LectureJS(t, "11-06a.js")
	testkit.LecturePort(t, "tcp", 40000)
	testkit.LecturePort(t, "tcp", 50000)
	srv := netsh(t, "", script(t, "tcp_two_ports.lua"))
	srv.WaitFor(t, "TCP-server 0.0.0.0:50000", 5*time.Second)
	srv.WaitFor(t, "TCP-server 0.0.0.0:40000", 5*time.Second)
	cli := node(t, "", js, "50000")
	cli.WaitFor(t, `Client DATA:  <Buffer `+bufferHex("ECHO50000:client: 0")+`>`, 10*time.Second)
	srv.WaitFor(t, "CONNECTED50000: 127.0.0.1:", time.Second)
}

// The scripts' arguments are checked: a port or a period that is no
// number stops the script with a clear message and status 2, instead of
// the lecture's default in silence.
func TestE2EScriptArgumentsChecked(t *testing.T) {
	for _, c := range []struct{ script, args, want string }{
		{"tcp_server.lua", "4000O", "port must be a number, got '4000O'"},
		{"tcp_client.lua", "x", "port must be a number, got 'x'"},
		{"tcp_sum.lua", "0 3s", "period_ms must be a number, got '3s'"},
		{"tcp_sum_client.lua", "0 100 2s", "duration_ms must be a number, got '2s'"},
		{"tcp_two_ports.lua", "0 fifty", "port2 must be a number, got 'fifty'"},
		{"tcp_port_client.lua", "p", "port must be a number, got 'p'"},
		{"tcp_pipe_server.lua", "p", "port must be a number, got 'p'"},
		{"tcp_pipe_client.lua", "p", "port must be a number, got 'p'"},
		{"udp_server.lua", "p", "port must be a number, got 'p'"},
	} {
		p := netsh(t, "", append([]string{script(t, c.script)}, strings.Fields(c.args)...)...)
		out := p.Wait(t, 5*time.Second)
		if p.ExitCode() != 2 || !strings.Contains(out, c.script+": "+c.want) || strings.Contains(out, "traceback") {
			t.Errorf("%s %s: exit %d, output %q; want status 2 and %q", c.script, c.args, p.ExitCode(), out, c.want)
		}
	}
}
