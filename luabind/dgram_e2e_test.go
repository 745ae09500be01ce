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
)

// End-to-end tests of the lecture's UDP scripts (scripts/udp_*.lua) run
// through the real runtime, against each other and against the lecture's
// own Node files. The lecture files are used in place, from the checkout
// beside the repository (../shared/lecture/js), never copied.

const (
	scriptsDir = "../scripts"
	lectureDir = "../../shared/lecture/js"
)

// port3000 serialises the tests that need the lecture's fixed port.
var port3000 sync.Mutex

// scriptRun is a Lua script running in its own runtime on its own goroutine.
type scriptRun struct {
	rt       *Runtime
	out, err syncBuffer
	done     chan int
}

// startScript runs scripts/name with the given trailing arguments.
func startScript(t *testing.T, name string, args ...string) *scriptRun {
	t.Helper()
	path := filepath.Join(scriptsDir, name)
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("script %s: %v", path, err)
	}
	r := &scriptRun{done: make(chan int, 1)}
	rt, err := New(Options{Argv: append([]string{"netsh", path}, args...), Stdout: &r.out, Stderr: &r.err, IO: ioFor(t)})
	if err != nil {
		t.Fatal(err)
	}
	r.rt = rt
	go func() {
		code, err := rt.RunFile(path)
		if err != nil {
			r.err.Write([]byte(err.Error()))
			code = 2
		}
		rt.Close()
		r.done <- code
	}()
	t.Cleanup(func() { r.stop() })
	return r
}

// stop ends the script's loop (the lecture's servers and clients never
// end by themselves) and waits for it; idempotent.
func (r *scriptRun) stop() int {
	r.rt.Loop().Stop()
	code, ok := <-r.done
	if ok {
		close(r.done)
	}
	return code
}

// waitOutput waits until out contains want, failing after a bound.
func waitOutput(t *testing.T, what string, out *syncBuffer, errs *syncBuffer, want string) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(out.String(), want) {
		if time.Now().After(deadline) {
			t.Fatalf("%s: no %q within 5 s\nstdout:\n%s\nstderr:\n%s", what, want, out.String(), errs.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// freeUDPPort finds a port to hand a script as its optional argument.
func freeUDPPort(t *testing.T) int {
	t.Helper()
	pc, err := net.ListenPacket("udp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer pc.Close()
	return pc.LocalAddr().(*net.UDPAddr).Port
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

// lectureFile returns the path of a lecture example, failing if it or
// node is missing.
func lectureFile(t *testing.T, name string) string {
	t.Helper()
	if _, err := exec.LookPath("node"); err != nil {
		t.Fatalf("node is needed to run the lecture's %s: %v", name, err)
	}
	p := filepath.Join(lectureDir, name)
	if _, err := os.Stat(p); err != nil {
		t.Fatalf("lecture file missing (expected the lecture checkout beside the repo): %v", err)
	}
	return p
}

// startNode runs a lecture file under node.
func startNode(t *testing.T, name string) (*syncBuffer, *syncBuffer) {
	t.Helper()
	p := lectureFile(t, name)
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
	var out syncBuffer
	rt, err := New(Options{Stdout: &out, Stderr: &out, IO: ioFor(t)})
	if err != nil {
		t.Fatal(err)
	}
	defer rt.Close()
	rt.RunString(`print(pcall(function() return Buffer.from('ab'):toString() .. require('util').format('%d', 7) end))`, "prereq")
	if out.String() != "true\tab7\n" {
		t.Skipf("the lecture scripts need Buffer:toString and util.format's %%d, not in this tree yet (Buffer and util are completed in their own branches): %q", out.String())
	}
}

func TestDgramE2ELuaServerLuaClient(t *testing.T) {
	checkPrereqs(t)
	port := freeUDPPort(t)
	p := strconv.Itoa(port)
	srv := startScript(t, "udp_server.lua", p)
	waitOutput(t, "udp_server.lua", &srv.out, &srv.err, "IPv4\n")
	cli := startScript(t, "udp_client.lua", p)
	waitOutput(t, "udp_client.lua", &cli.out, &cli.err, "19 байтов")
	waitOutput(t, "udp_server.lua", &srv.out, &srv.err, "Привет Мир\n")
	time.Sleep(50 * time.Millisecond) // the server's last send callback
	if code := cli.stop(); code != 0 || cli.err.String() != "" {
		t.Fatalf("client exit %d, stderr %s", code, cli.err.String())
	}
	if code := srv.stop(); code != 0 || srv.err.String() != "" {
		t.Fatalf("server exit %d, stderr %s", code, srv.err.String())
	}
	if got, want := cli.out.String(), withPort(clientLines, port); got != want {
		t.Errorf("client output:\n%s\nwant:\n%s", got, want)
	}
	if got, want := serverView(srv.out.String()), withPort(serverListening+serverEchoes, port); got != want {
		t.Errorf("server output:\n%s\nwant:\n%s", got, want)
	}
}

func TestDgramE2ENodeClientLuaServer(t *testing.T) {
	checkPrereqs(t)
	need3000(t)
	lectureFile(t, "udp-client.js")
	srv := startScript(t, "udp_server.lua")
	waitOutput(t, "udp_server.lua", &srv.out, &srv.err, "IPv4\n")
	out, errs := startNode(t, "udp-client.js")
	waitOutput(t, "node udp-client.js", out, errs, "19 байтов")
	waitOutput(t, "udp_server.lua", &srv.out, &srv.err, "Привет Мир\n")
	time.Sleep(50 * time.Millisecond)
	if code := srv.stop(); code != 0 || srv.err.String() != "" {
		t.Fatalf("server exit %d, stderr %s", code, srv.err.String())
	}
	if got, want := serverView(srv.out.String()), withPort(serverListening+serverEchoes, 3000); got != want {
		t.Errorf("server output:\n%s\nwant:\n%s", got, want)
	}
	if got, want := out.String(), withPort(clientLines, 3000); got != want {
		t.Errorf("node client output:\n%s\nwant:\n%s", got, want)
	}
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
	if code := cli.stop(); code != 0 || cli.err.String() != "" {
		t.Fatalf("client exit %d, stderr %s", code, cli.err.String())
	}
	if got, want := cli.out.String(), withPort(clientLines, 3000); got != want {
		t.Errorf("client output:\n%s\nwant:\n%s", got, want)
	}
	if got, want := serverView(out.String()), withPort(serverListening+serverEchoes, 3000); got != want {
		t.Errorf("node server output:\n%s\nwant:\n%s", got, want)
	}
}

func TestDgramE2EConnectClient(t *testing.T) {
	checkPrereqs(t)
	need3000(t)
	srv := startScript(t, "udp_server.lua")
	waitOutput(t, "udp_server.lua", &srv.out, &srv.err, "IPv4\n")
	cli := startScript(t, "udp_connect_client.lua")
	select {
	case code := <-cli.done:
		cli.done <- code // for stop in Cleanup
		if code != 0 || cli.out.String() != "" || cli.err.String() != "" {
			t.Fatalf("connect client exit %d\nstdout:\n%s\nstderr:\n%s", code, cli.out.String(), cli.err.String())
		}
	case <-time.After(5 * time.Second):
		t.Fatalf("udp_connect_client.lua did not end by itself within 5 s")
	}
	waitOutput(t, "udp_server.lua", &srv.out, &srv.err, "данные отправлены клиенту\n")
	if code := srv.stop(); code != 0 || srv.err.String() != "" {
		t.Fatalf("server exit %d, stderr %s", code, srv.err.String())
	}
	want := withPort(serverListening, 3000) + "Server: от клиента получено Client: сообщение 01\n" +
		"Server: получено 29 байтов от 127.0.0.1:CLIENT\n\n" +
		"Server: данные отправлены клиенту\n"
	if got := serverView(srv.out.String()); got != want {
		t.Errorf("server output:\n%s\nwant:\n%s", got, want)
	}
}
