package repl

import (
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

// pluginEnv keeps the user's own config plugins out of the test.
func pluginEnv(t *testing.T, extra ...string) []string {
	return append([]string{"XDG_CONFIG_HOME=" + t.TempDir()}, extra...)
}

// need returns the path of a program the test talks to; CI installs it.
func need(t *testing.T, prog string) string {
	t.Helper()
	p, err := exec.LookPath(prog)
	if err != nil {
		t.Fatalf("%s is not installed (.ci/run installs it)", prog)
	}
	return p
}

func TestREPLPluginCommands(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "a_greet.lua"), []byte(`
netsh.command('greet', 'NAME: say hello', function(args) print('hello, ' .. args .. '!') end)
netsh.module('answer', { value = 42 })`), 0o644)
	os.WriteFile(filepath.Join(dir, "b_broken.lua"), []byte("netsh.command('x', 'y', function() end\n"), 0o644)
	tm := startREPL(t, pluginEnv(t, "NETSH_PLUGIN_PATH="+dir))
	if !strings.Contains(tm.text(), "b_broken.lua:2:") || !strings.Contains(tm.text(), "(skipped)") {
		t.Fatalf("a broken plugin was not reported with file and line:\n%s", tm.text())
	}
	if got := tm.line(".greet world"); got != "hello, world!" {
		t.Fatalf(".greet printed %q", got)
	}
	help := tm.line(".help")
	for _, want := range []string{".greet", "NAME: say hello", "a_greet.lua", ".hexdump", ".connect"} {
		if !strings.Contains(help, want) {
			t.Fatalf(".help lacks %q:\n%s", want, help)
		}
	}
	plugins := tm.line(".plugins")
	if !strings.Contains(plugins, filepath.Join(dir, "a_greet.lua")) || !strings.Contains(plugins, "b_broken.lua (failed:") {
		t.Fatalf(".plugins printed:\n%s", plugins)
	}
	if got := tm.line("require('answer').value"); got != "42" {
		t.Fatalf("require of a plugin module printed %q", got)
	}
	tm.typeUntil(".gr\t", ".greet")
	tm.send("\x15") // Ctrl-U
	if code := tm.quitWith("\x04"); code != 0 {
		t.Fatalf("exit %d", code)
	}
}

func TestREPLNoPlugins(t *testing.T) {
	tm := startREPL(t, pluginEnv(t), "--no-plugins")
	if got := tm.line("hexdump"); got != "nil" {
		t.Fatalf("--no-plugins still loaded hexdump: %q", got)
	}
}

// .connect joins the terminal to a real redis-server: PING answers +PONG.
func TestREPLNcatConnectRedis(t *testing.T) {
	port := strconv.Itoa(testkit.FreePort(t))
	testkit.Start(t, exec.Command(need(t, "redis-server"), "--port", port, "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"))
	testkit.WaitDial(t, "127.0.0.1:"+port, 4*time.Second)
	tm := startREPL(t, pluginEnv(t))
	tm.typeUntil(".connect 127.0.0.1 "+port+"\r", "connected to 127.0.0.1:"+port)
	tm.typeUntil("PING\r", "+PONG")
	tm.typeUntil("SET netsh works\r", "+OK")
	tm.typeUntil("GET netsh\r", "works")
	tm.typeUntil(".detach\r", "detached")
	tm.expect("netsh> ")
	if got := tm.line("1 + 1"); got != "2" {
		t.Fatalf("after .detach the REPL printed %q", got)
	}
}

// sendOnce dials addr, writes msg and hangs up: a client for .listen.
func sendOnce(t *testing.T, network, addr, msg string) {
	t.Helper()
	c, err := net.Dial(network, addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := c.Write([]byte(msg)); err != nil {
		t.Fatal(err)
	}
}

// .listen prints what a socat client (and a Go client) sends.
func TestREPLNcatListen(t *testing.T) {
	socat := need(t, "socat")
	port := strconv.Itoa(testkit.FreePort(t))
	tm := startREPL(t, pluginEnv(t))
	tm.typeUntil(".listen "+port+"\r", "listening on tcp port "+port)
	cmd := exec.Command(socat, "-", "TCP:127.0.0.1:"+port)
	cmd.Stdin = strings.NewReader("hello from socat\n")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("socat: %v %s", err, out)
	}
	tm.expect("hello from socat")
	sendOnce(t, "tcp", "127.0.0.1:"+port, "and from Go\n")
	tm.expect("and from Go")
	tm.typeUntil(".unlisten "+port+"\r", "stopped listening on "+port)
}

func TestREPLHexdumpCommand(t *testing.T) {
	tm := startREPL(t, pluginEnv(t))
	tm.line(".hexdump on")
	tm.typeUntil("console.log(Buffer.from('hi there'))\r", "00000000  68 69 20 74 68 65 72 65")
	tm.expect("|hi there|")
	tm.expect("netsh> ")
	tm.line(".hexdump off")
	if got := tm.line("console.log(Buffer.from('hi'))"); !strings.Contains(got, "<Buffer 68 69>") {
		t.Fatalf("after .hexdump off: %q", got)
	}
}

// .listen --udp prints datagrams; .connect --udp sends typed lines as
// datagrams and prints the replies.
func TestREPLNcatUDP(t *testing.T) {
	port := strconv.Itoa(testkit.FreeUDPPort(t))
	tm := startREPL(t, pluginEnv(t))
	tm.typeUntil(".listen "+port+" --udp\r", "listening on udp port "+port)
	sendOnce(t, "udp", "127.0.0.1:"+port, "datagram one\n")
	tm.expect("datagram one")
	tm.typeUntil(".unlisten "+port+" --udp\r", "stopped listening")

	echo := testkit.UDPEcho(t, "echo: ")
	eport := strconv.Itoa(echo.LocalAddr().(*net.UDPAddr).Port)
	tm.typeUntil(".connect 127.0.0.1 "+eport+" --udp\r", "sending datagrams to 127.0.0.1:"+eport)
	tm.typeUntil("ping\r", "echo: ping")
	tm.typeUntil(".detach\r", "detached")
}

// Ctrl-C stops a callback that never returns; the session and the timers
// and servers started before it go on.
func TestREPLInterruptStuckCallback(t *testing.T) {
	tm := startREPL(t, pluginEnv(t))
	tm.line("ticks = 0; iv = setInterval(function() ticks = ticks + 1 end, 20)")
	tm.line("setTimeout(function() while true do end end, 50)")
	time.Sleep(400 * time.Millisecond) // the timer is now stuck in its loop
	tm.typeUntil("\x03", "error: interrupted a callback that did not return (Ctrl-C)")
	before := tm.line("ticks")
	time.Sleep(200 * time.Millisecond)
	after := tm.line("ticks")
	b, _ := strconv.Atoi(before)
	a, _ := strconv.Atoi(after)
	if a <= b {
		t.Fatalf("the interval stopped after the interrupt: ticks %q then %q", before, after)
	}
	if got := tm.line("1 + 1"); got != "2" {
		t.Fatalf("after the interrupt 1 + 1 printed %q", got)
	}
	// A line typed while a callback is stuck runs once Ctrl-C frees the loop.
	tm.line("setTimeout(function() while true do end end, 10)")
	time.Sleep(200 * time.Millisecond)
	tm.send("2 + 2\r")
	time.Sleep(300 * time.Millisecond)
	tm.typeUntil("\x03", "error: interrupted a callback that did not return (Ctrl-C)")
	if code := tm.quitWith("\x04"); code != 0 {
		t.Fatalf("exit %d", code)
	}
}
