package luabind

import (
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/netsh/netsh/internal/testkit"
)

// End-to-end tests of the lecture's UDP scripts (scripts/udp_*.lua) run
// through the real runtime, against each other and against the lecture's
// own Node files. The lecture files are used in place, from the checkout
// beside the repository (testkit.LectureJS finds it), never copied.

// port3000 serialises the tests that need the lecture's fixed port.
var port3000 sync.Mutex

// startScript runs scripts/name with the given trailing arguments.
func startScript(t *testing.T, name string, args ...string) *luaRun {
	t.Helper()
	path := filepath.Join("..", "scripts", name)
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("script %s: %v", path, err)
	}
	return startLua(t, luaScript{file: path, args: args})
}

// waitOutput waits until out contains want, failing after a bound.
func waitOutput(t *testing.T, what string, out *syncBuffer, errs *syncBuffer, want string) {
	t.Helper()
	if !testkit.Eventually(5*time.Second, func() bool { return strings.Contains(out.String(), want) }) {
		t.Fatalf("%s: no %q within 5 s\nstdout:\n%s\nstderr:\n%s", what, want, out.String(), errs.String())
	}
}

// need3000 takes the port lock and fails clearly if the lecture's fixed
// port is in use.
func need3000(t *testing.T) {
	t.Helper()
	port3000.Lock()
	t.Cleanup(port3000.Unlock)
	for _, n := range []string{"udp4", "udp6"} {
		addr := "0.0.0.0:3000"
		if n == "udp6" {
			addr = "[::]:3000"
		}
		pc, err := net.ListenPacket(n, addr)
		if err != nil {
			if n == "udp6" && strings.Contains(err.Error(), "address family") {
				continue
			}
			t.Fatalf("the lecture scripts use UDP port 3000 and it is taken: %v", err)
		}
		pc.Close()
	}
}

// startNode runs a lecture file under node, in the file's directory.
func startNode(t *testing.T, name string) (*syncBuffer, *syncBuffer) {
	t.Helper()
	p := testkit.LectureJS(t, name)
	var out, errs syncBuffer
	cmd := exec.Command("node", filepath.Base(p))
	cmd.Dir = filepath.Dir(p)
	cmd.Stdout, cmd.Stderr = &out, &errs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	return &out, &errs
}

const serverListening = "Server: слушает порт %P\n" +
	"Server: ip сервера 0.0.0.0\n" +
	"Server: семейство(IP4/IP6) IPv4\n"

const serverEchoes = "Server: от клиента получено Client: сообщение 01\n" +
	"Server: получено 29 байтов от 127.0.0.1:CLIENT\n\n" +
	"Server: данные отправлены клиенту\n" +
	"Server: от клиента получено Привет Мир\n" +
	"Server: получено 19 байтов от 127.0.0.1:CLIENT\n\n" +
	"Server: данные отправлены клиенту\n"

const clientLines = "Client: Сообщение отправлено серверу\n" +
	"Client: Сообщение отправлено серверу\n" +
	"Client: от сервера получено Client: сообщение 01\n" +
	"Client: получено 29 байтов от 127.0.0.1:%P\n\n" +
	"Client: от сервера получено Привет Мир\n" +
	"Client: получено 19 байтов от 127.0.0.1:%P\n\n"

var clientAddr = regexp.MustCompile(`127\.0\.0\.1:\d+`)

// serverView replaces the client's ephemeral port in a server log.
func serverView(s string) string { return clientAddr.ReplaceAllString(s, "127.0.0.1:CLIENT") }

func withPort(s string, port int) string { return strings.ReplaceAll(s, "%P", strconv.Itoa(port)) }

// checkPrereqs makes sure the runtime has what the lecture scripts use
// besides dgram: msg:toString() and console.log's %d.
func checkPrereqs(t *testing.T) {
	t.Helper()
	r := runLua(t, shortLimit, `print(pcall(function() return Buffer.from('ab'):toString() .. require('util').format('%d', 7) end))`)
	if got := r.Out + r.Err; got != "true\tab7\n" {
		t.Skipf("the lecture scripts need Buffer:toString and util.format's %%d, not in this tree yet (Buffer and util are completed in their own branches): %q", got)
	}
}

func TestDgramE2ELuaServerLuaClient(t *testing.T) {
	checkPrereqs(t)
	port := testkit.FreeUDPPort(t)
	p := strconv.Itoa(port)
	srv := startScript(t, "udp_server.lua", p)
	waitOutput(t, "udp_server.lua", &srv.out, &srv.err, "IPv4\n")
	cli := startScript(t, "udp_client.lua", p)
	waitOutput(t, "udp_client.lua", &cli.out, &cli.err, "19 байтов")
	waitOutput(t, "udp_server.lua", &srv.out, &srv.err, "Привет Мир\n")
	time.Sleep(50 * time.Millisecond) // the server's last send callback
	cliOut := cli.stop().wantClean(t).Out
	srvOut := srv.stop().wantClean(t).Out
	checkOutput(t, "client output", cliOut, withPort(clientLines, port))
	checkOutput(t, "server output", serverView(srvOut), withPort(serverListening+serverEchoes, port))
}

func TestDgramE2ENodeClientLuaServer(t *testing.T) {
	checkPrereqs(t)
	need3000(t)
	testkit.LectureJS(t, "udp-client.js") // before the server starts
	srv := startScript(t, "udp_server.lua")
	waitOutput(t, "udp_server.lua", &srv.out, &srv.err, "IPv4\n")
	out, errs := startNode(t, "udp-client.js")
	waitOutput(t, "node udp-client.js", out, errs, "19 байтов")
	waitOutput(t, "udp_server.lua", &srv.out, &srv.err, "Привет Мир\n")
	time.Sleep(50 * time.Millisecond)
	srvOut := srv.stop().wantClean(t).Out
	checkOutput(t, "server output", serverView(srvOut), withPort(serverListening+serverEchoes, 3000))
	checkOutput(t, "node client output", out.String(), withPort(clientLines, 3000))
}

func TestDgramE2ELuaClientNodeServer(t *testing.T) {
	checkPrereqs(t)
	need3000(t)
	out, errs := startNode(t, "udp-server.js")
	waitOutput(t, "node udp-server.js", out, errs, "IPv4\n")
	cli := startScript(t, "udp_client.lua")
	waitOutput(t, "udp_client.lua", &cli.out, &cli.err, "19 байтов")
	waitOutput(t, "node udp-server.js", out, errs, "Привет Мир\n")
	time.Sleep(50 * time.Millisecond)
	cliOut := cli.stop().wantClean(t).Out
	checkOutput(t, "client output", cliOut, withPort(clientLines, 3000))
	checkOutput(t, "node server output", serverView(out.String()), withPort(serverListening+serverEchoes, 3000))
}

func TestDgramE2EConnectClient(t *testing.T) {
	checkPrereqs(t)
	need3000(t)
	srv := startScript(t, "udp_server.lua")
	waitOutput(t, "udp_server.lua", &srv.out, &srv.err, "IPv4\n")
	// The connect client ends by itself, having printed nothing.
	cli := startScript(t, "udp_connect_client.lua")
	if out := cli.wait(t, 5*time.Second).wantClean(t).Out; out != "" {
		t.Fatalf("connect client printed:\n%s", out)
	}
	waitOutput(t, "udp_server.lua", &srv.out, &srv.err, "данные отправлены клиенту\n")
	srvOut := srv.stop().wantClean(t).Out
	want := withPort(serverListening, 3000) + "Server: от клиента получено Client: сообщение 01\n" +
		"Server: получено 29 байтов от 127.0.0.1:CLIENT\n\n" +
		"Server: данные отправлены клиенту\n"
	checkOutput(t, "server output", serverView(srvOut), want)
}
