package repl

import (
	"bufio"
	"io"
	"net"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/netsh/netsh/internal/testkit"
)

// closedPort is a loopback port nobody listens on: one the kernel just
// gave out and took back.
func closedPort(t *testing.T) string {
	ln := testkit.Listen(t)
	port := strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
	ln.Close()
	return port
}

// TestShellConnectFailures: a refused connect and a failed lookup print
// their error once and give the netsh> prompt back at once; the line
// typed next runs as Lua.
func TestShellConnectFailures(t *testing.T) {
	sc := startScreen(t, nil, "")
	port := closedPort(t)
	out := sc.line(".connect 127.0.0.1 " + port)
	if out != "error: Error: connect ECONNREFUSED 127.0.0.1:"+port {
		t.Errorf(".connect to a closed port printed %q", out)
	}
	if got := sc.line("print('next ' .. 1)"); got != "next 1" {
		t.Errorf("the line after a refused .connect printed %q", got)
	}
	out = sc.line(".connect nosuch.invalid 80")
	if out != "error: Error: getaddrinfo ENOTFOUND nosuch.invalid" {
		t.Errorf(".connect to a name that does not resolve printed %q", out)
	}
	if got := sc.line("print('next ' .. 2)"); got != "next 2" {
		t.Errorf("the line after a failed lookup printed %q", got)
	}
	if n := strings.Count(sc.text(), "ECONNREFUSED"); n != 1 {
		t.Errorf("ECONNREFUSED shown %d times", n)
	}
}

// TestShellConnectPeerCloses: the peer's goodbye prints, then the prompt
// is back without a key pressed, and the next line runs.
func TestShellConnectPeerCloses(t *testing.T) {
	ln := testkit.Listen(t)
	port := strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
	go func() {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		line, _ := bufio.NewReader(c).ReadString('\n')
		c.Write([]byte("bye, " + line))
		c.Close()
	}()
	sc := startScreen(t, nil, "")
	name := "127.0.0.1:" + port
	sc.connect(port, name)
	got := sc.lineAt(name+">", "hello", "netsh>")
	if got != "bye, hello\nconnection closed by "+name {
		t.Errorf("after the peer closed: %q", got)
	}
	if got := sc.line("print('still here')"); got != "still here" {
		t.Errorf("the line after the peer closed printed %q", got)
	}
}

// TestShellConnectCtrlD: Ctrl-D half-closes the socket (ncat, the peer,
// sees the end of its input and ends too) and returns to the prompt; the
// shell and its servers live on.
func TestShellConnectCtrlD(t *testing.T) {
	ncat := need(t, "ncat")
	port := strconv.Itoa(testkit.FreePort(t))
	peer := exec.Command(ncat, "-l", "127.0.0.1", port)
	in, _ := peer.StdinPipe() // kept open: ncat ends because its peer did
	defer in.Close()
	p := testkit.Start(t, peer)
	sc := startScreen(t, nil, "")
	sc.line("srv = net.createServer():listen(0, '127.0.0.1')")
	name := "127.0.0.1:" + port
	defer func() {
		if t.Failed() {
			t.Logf("ncat said: %s", p.Output())
		}
	}()
	sc.connectRetrying(port, name)
	sc.lineAt(name+">", "hello ncat", name+">")
	p.WaitFor(t, "hello ncat", screenWait)
	sc.keys("C-d")
	sc.waitFor(0, `sent EOF to `+name+`; back to the prompt`)
	sc.waitFor(0, `connection closed by `+name)
	p.Wait(t, screenWait) // ncat saw our FIN and ended
	if got := sc.line("srv.listening, 1 + 1"); got != "true 2" {
		t.Errorf("after Ctrl-D in .connect: %q", got)
	}
}

// connect runs .connect 127.0.0.1 args and waits for its "connected to"
// line and the session's prompt under it. The prompt changes at once; the
// message follows the connect event, above the prompt, so a line typed
// before it shows would be measured from a prompt that then moves down.
func (sc *screen) connect(args, name string) {
	sc.t.Helper()
	before := sc.waitPrompt("netsh>")
	sc.typeText(".connect 127.0.0.1 " + args)
	sc.keys("Enter")
	sc.waitFor(len(before)-len("netsh>"), "connected to "+regexp.QuoteMeta(name))
	sc.waitPrompt(name + ">")
}

// connectRetrying runs .connect until the peer, started just before,
// listens (a probe would take a one-client peer's only connection).
func (sc *screen) connectRetrying(port, name string) {
	sc.t.Helper()
	deadline := time.Now().Add(screenWait)
	for {
		before := sc.waitPrompt("netsh>")
		sc.typeText(".connect 127.0.0.1 " + port)
		sc.keys("Enter")
		for {
			txt := sc.text()
			last := txt[strings.LastIndexByte(txt, '\n')+1:]
			if last == name+">" {
				sc.waitFor(0, "connected to "+name)
				return
			}
			if last == "netsh>" && len(txt) > len(before) && strings.Contains(txt[len(before):], "ECONNREFUSED") {
				break
			}
			if time.Now().After(deadline) {
				sc.t.Fatalf(".connect never reached the peer")
			}
			time.Sleep(30 * time.Millisecond)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// acceptOne accepts one connection on ln and hands it over.
func acceptOne(t *testing.T, ln net.Listener) <-chan net.Conn {
	ch := make(chan net.Conn, 1)
	go func() {
		c, err := ln.Accept()
		if err != nil {
			close(ch)
			return
		}
		t.Cleanup(func() { c.Close() })
		ch <- c
	}()
	return ch
}

// readN reads n bytes from c within the screen's bound.
func readN(t *testing.T, c net.Conn, n int) string {
	t.Helper()
	c.SetReadDeadline(time.Now().Add(screenWait))
	b := make([]byte, n)
	if _, err := io.ReadFull(c, b); err != nil {
		t.Fatalf("the peer read %q: %v", b, err)
	}
	return string(b)
}

// TestShellConnectCRLFAndHex: -C ends typed lines with CRLF; -x sends
// typed hex as bytes and shows what arrives as a hex dump.
func TestShellConnectCRLFAndHex(t *testing.T) {
	ln := testkit.Listen(t)
	port := strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
	name := "127.0.0.1:" + port
	sc := startScreen(t, nil, "")

	conns := acceptOne(t, ln)
	sc.connect(port+" -C", name)
	c := <-conns
	sc.lineAt(name+">", "GET / HTTP/1.0", name+">")
	if got := readN(t, c, 16); got != "GET / HTTP/1.0\r\n" {
		t.Errorf("-C sent %q", got)
	}
	sc.lineAt(name+">", ".detach", "netsh>")

	conns = acceptOne(t, ln)
	sc.connect(port+" -x", name)
	c = <-conns
	sc.lineAt(name+">", "68 69 0a", name+">")
	if got := readN(t, c, 3); got != "hi\n" {
		t.Errorf("-x sent %q", got)
	}
	if got := sc.lineAt(name+">", "zz", name+">"); got != "not hex: zz" {
		t.Errorf("-x with a line that is not hex: %q", got)
	}
	c.Write([]byte{0, 1, 'A', 'B'})
	sc.waitFor(0, `00000000  00 01 41 42 +\|\.\.AB\|`)
	// Ctrl-C on an empty line says how to leave; it does not exit.
	sc.keys("C-c")
	sc.waitFor(0, `\(Ctrl\+D or \.detach returns to the prompt\)`)
	sc.keys("C-c")
	sc.waitPrompt(name + ">")
	sc.keys("C-d")
	sc.waitPrompt("netsh>")
}

// TestShellConnectUDPCtrlD: -u sends typed lines as datagrams; Ctrl-D
// closes the socket and gives the prompt back.
func TestShellConnectUDPCtrlD(t *testing.T) {
	pc := testkit.UDPEcho(t, "echo: ")
	port := strconv.Itoa(pc.LocalAddr().(*net.UDPAddr).Port)
	name := "127.0.0.1:" + port + "/udp"
	sc := startScreen(t, nil, "")
	sc.lineAt("netsh>", ".connect 127.0.0.1 "+port+" -u", name+">")
	sc.typeText("ping")
	sc.keys("Enter")
	sc.waitFor(0, `echo: ping`)
	sc.keys("C-d")
	sc.waitFor(0, `closed `+name)
	sc.waitPrompt("netsh>")
	if got := sc.line("1 + 1"); got != "2" {
		t.Errorf("after Ctrl-D in .connect -u: %q", got)
	}
}
