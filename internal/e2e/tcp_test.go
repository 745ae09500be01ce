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
// other and against the lecture's Node originals.

func TestE2ETCPServerAndClient(t *testing.T) {
	port := strconv.Itoa(testkit.FreePort(t))
	srv := netsh(t, "", script(t, "tcp_server.lua"), port)
	srv.WaitFor(t, "TCP-сервер 0.0.0.0:"+port, 5*time.Second)
	cli := netsh(t, "", script(t, "tcp_client.lua"), port)
	out := cli.Wait(t, 5*time.Second)
	for _, want := range []string{"Client CONNECTED:  127.0.0.1 " + port, "Client DATA:Сервер получил: Hello", "Client CLOSE"} {
		if !strings.Contains(out, want) {
			t.Fatalf("client output lacks %q:\n%s", want, out)
		}
	}
	srv.WaitFor(t, `(?s)Server CONNECTED: 127\.0\.0\.1:\d+.*Server DATA: 127\.0\.0\.1: Hello.*Server CLOSED:  127\.0\.0\.1 \d+`, 5*time.Second)
}

func TestE2ELectureNodeClientAgainstLuaServer(t *testing.T) {
	js := testkit.LectureJS(t, "11-02.js")
	needPort(t, 40000)
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
	needPort(t, 40000)
	srv := node(t, "", js)
	srv.WaitFor(t, "TCP-сервер 0.0.0.0:40000", 10*time.Second)
	testkit.WaitDial(t, "127.0.0.1:40000", 5*time.Second)
	out := netsh(t, "", script(t, "tcp_client.lua")).Wait(t, 5*time.Second)
	if !strings.Contains(out, "Client DATA:Сервер получил: Hello") || !strings.Contains(out, "Client CLOSE") {
		t.Fatalf("lua client output:\n%s", out)
	}
	srv.WaitFor(t, "Server DATA: 127.0.0.1: Hello", 5*time.Second)
}

// tcp_sum_client against tcp_sum, with the periods shortened: every sum
// received is a prefix sum 0+1+...+k, and they increase.
func TestE2ETCPSum(t *testing.T) {
	port := strconv.Itoa(testkit.FreePort(t))
	srv := netsh(t, "", script(t, "tcp_sum.lua"), port, "300")
	srv.WaitFor(t, "TCP-server  0.0.0.0:"+port, 5*time.Second)
	out := netsh(t, "", script(t, "tcp_sum_client.lua"), port, "100", "2000").Wait(t, 10*time.Second)
	if !strings.Contains(out, "Client CONNECTED:  127.0.0.1 "+port) || !strings.Contains(out, "Client CLOSE") {
		t.Fatalf("client output:\n%s", out)
	}
	prefix := map[int]bool{}
	for k, s := 0, 0; k < 100; k++ {
		s += k
		prefix[s] = true
	}
	var sums []int
	for _, m := range regexp.MustCompile(`Client DATA: (-?\d+)`).FindAllStringSubmatch(out, -1) {
		v, _ := strconv.Atoi(m[1])
		if !prefix[v] {
			t.Fatalf("received %d, which is no prefix sum 0+1+...+k:\n%s", v, out)
		}
		if len(sums) > 0 && v < sums[len(sums)-1] {
			t.Fatalf("sums went down: %v", sums)
		}
		sums = append(sums, v)
	}
	if len(sums) < 3 || sums[len(sums)-1] == 0 {
		t.Fatalf("too few or only zero sums received: %v\n%s", sums, out)
	}
	srv.WaitFor(t, `Server DATA: <Buffer 00 00 00 00> 0`, time.Second)
}

// tcp_port_client 50000-style against tcp_two_ports: the echo comes back
// from the right port, printed as Node prints a Buffer.
func TestE2ETwoPorts(t *testing.T) {
	p1, p2 := strconv.Itoa(testkit.FreePort(t)), strconv.Itoa(testkit.FreePort(t))
	srv := netsh(t, "", script(t, "tcp_two_ports.lua"), p1, p2)
	srv.WaitFor(t, "(?s)TCP-server 0.0.0.0:"+p1+".*TCP-server 0.0.0.0:"+p2+"|(?s)TCP-server 0.0.0.0:"+p2+".*TCP-server 0.0.0.0:"+p1, 5*time.Second)
	out := netsh(t, "", script(t, "tcp_port_client.lua"), p2, "100", "450").Wait(t, 5*time.Second)
	want := "ECHO" + p2 + ":client: 0"
	hex := make([]string, 0, len(want))
	for _, b := range []byte(want) {
		hex = append(hex, fmt.Sprintf("%02x", b))
	}
	if !strings.Contains(out, "Client DATA:  <Buffer "+strings.Join(hex, " ")+">") {
		t.Fatalf("client output lacks the echo %q as a Buffer:\n%s", want, out)
	}
	srv.WaitFor(t, "DATA"+p2+": 127.0.0.1: client: 0", 2*time.Second)
}

// The lecture's 11-06a client (node) against the Lua two-port server on the
// lecture's ports gets ECHO50000:client: 0.
func TestE2ELectureNodePortClientAgainstLuaTwoPorts(t *testing.T) {
	js := testkit.LectureJS(t, "11-06a.js")
	needPort(t, 40000)
	needPort(t, 50000)
	srv := netsh(t, "", script(t, "tcp_two_ports.lua"))
	srv.WaitFor(t, "TCP-server 0.0.0.0:50000", 5*time.Second)
	srv.WaitFor(t, "TCP-server 0.0.0.0:40000", 5*time.Second)
	cli := node(t, "", js, "50000")
	cli.WaitFor(t, `Client DATA:  <Buffer 45 43 48 4f 35 30 30 30 30 3a 63 6c 69 65 6e 74 3a 20 30>`, 10*time.Second)
	srv.WaitFor(t, "CONNECTED50000: 127.0.0.1:", time.Second)
}
