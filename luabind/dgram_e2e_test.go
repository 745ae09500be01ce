package luabind

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/netsh/netsh/internal/testkit"
)

// End-to-end tests of the lecture's UDP scripts (scripts/udp_*.lua) run
// through the real runtime, against each other and against Node: the
// project's own Node peers (testdata/node/udp_*.js, the lecture's code
// with a port argument) on free ports, and the lecture's own files
// (testkit.LectureJS finds them beside the repository, used in place,
// never copied) on their fixed port 3000, skipped when absent or when the
// port is taken.

// lecturePort is the UDP port the lecture's files hard-code.
const lecturePort = 3000

// startScript runs scripts/name with the given trailing arguments.
func startScript(t *testing.T, name string, args ...string) *luaRun {
	t.Helper()
	path := filepath.Join("..", "scripts", name)
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("script %s: %v", path, err)
	}
	return startLua(t, luaScript{file: path, args: args})
}

// waitCount waits until out holds want n times, failing after a bound.
func waitCount(t *testing.T, what string, out, errs *syncBuffer, want string, n int) {
	t.Helper()
	if !testkit.Eventually(netLimit, func() bool { return strings.Count(out.String(), want) >= n }) {
		t.Fatalf("%s: %q not %d times within %v\nstdout:\n%s\nstderr:\n%s", what, want, n, netLimit, out.String(), errs.String())
	}
}

// waitOutput waits until out contains want, failing after a bound.
func waitOutput(t *testing.T, what string, out, errs *syncBuffer, want string) {
	t.Helper()
	waitCount(t, what, out, errs, want, 1)
}

// startNode runs a Node file (a testdata peer or a lecture file) in the
// file's directory, as the lecture runs it.
func startNode(t *testing.T, path string, args ...string) (*syncBuffer, *syncBuffer) {
	t.Helper()
	var out, errs syncBuffer
	cmd := exec.Command("node", append([]string{filepath.Base(path)}, args...)...)
	cmd.Dir = filepath.Dir(path)
	cmd.Stdout, cmd.Stderr = &out, &errs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	return &out, &errs
}

// eachNode runs f with a Node program in each of its two forms: the
// project's peer (testdata/node/peer) on a free port, and the lecture's
// own file on the lecture's port (skipped, saying why, if the lecture is
// absent or the port is taken); each over both I/O paths. f gets the
// program's path and the port; nodeArgs makes the program's command line.
func eachNode(t *testing.T, peer, lecture string, f func(t *testing.T, js string, port int)) {
	t.Run("testdata", func(t *testing.T) {
		js := testkit.NodePeer(t, peer)
		bothIO(t, func(t *testing.T) {
			checkPrereqs(t)
			f(t, js, testkit.FreeUDPPort(t))
		})
	})
	t.Run("lecture", func(t *testing.T) {
		js := testkit.LectureJS(t, lecture)
		testkit.LecturePort(t, "udp", lecturePort)
		bothIO(t, func(t *testing.T) {
			checkPrereqs(t)
			f(t, js, lecturePort)
		})
	})
}

// nodeArgs is the command line a Node program gets for port: none for the
// lecture's own port, which its files hard-code.
func nodeArgs(port int) []string {
	if port == lecturePort {
		return nil
	}
	return []string{strconv.Itoa(port)}
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

// records splits a UDP script's output into what one callback prints: a
// received datagram's three lines (its text, its size and sender, the
// blank line of the trailing \n), or one line.
func records(s string) []string {
	lines := strings.SplitAfter(s, "\n")
	var recs []string
	for i := 0; i < len(lines); i++ {
		if lines[i] == "" {
			continue
		}
		if strings.Contains(lines[i], " получено ") && !strings.Contains(lines[i], "байтов") && i+2 < len(lines) {
			recs = append(recs, lines[i]+lines[i+1]+lines[i+2])
			i += 2
			continue
		}
		recs = append(recs, lines[i])
	}
	return recs
}

// checkUnordered compares two outputs of the UDP scripts as multisets of
// records: both datagrams go to 'localhost', which Node looks up for each
// send, so they may leave, arrive and be answered in either order, and
// the send callbacks interleave with the answers. A datagram's own lines
// stay together, and prefix (the 'listening' lines) comes first.
func checkUnordered(t *testing.T, what, got, prefix, rest string) {
	t.Helper()
	if d := unorderedDiff(got, prefix, rest); d != "" {
		t.Errorf("%s: %s", what, d)
	}
}

// unorderedDiff is checkUnordered's comparison: "" if got is prefix and
// then rest's records in some order, else what differs.
func unorderedDiff(got, prefix, rest string) string {
	if !strings.HasPrefix(got, prefix) {
		return fmt.Sprintf("does not start with %q:\n%q", prefix, got)
	}
	g, w := records(strings.TrimPrefix(got, prefix)), records(rest)
	sort.Strings(g)
	sort.Strings(w)
	if strings.Join(g, "") != strings.Join(w, "") {
		return fmt.Sprintf("in any order:\n got: %q\nwant: %q", g, w)
	}
	return ""
}

// checkPrereqs makes sure the runtime has what the lecture scripts use
// besides dgram: msg:toString() and console.log's %d.
func checkPrereqs(t *testing.T) {
	t.Helper()
	r := runLua(t, shortLimit, `print(pcall(function() return Buffer.from('ab'):toString() .. require('util').format('%d', 7) end))`)
	if got := r.Out + r.Err; got != "true\tab7\n" {
		t.Fatalf("the lecture scripts need Buffer:toString and util.format's %%d: %q", got)
	}
}

// TestDgramE2ERecords: the unordered comparison takes the datagrams in
// either order, keeps each one's lines together and sees a lost record.
func TestDgramE2ERecords(t *testing.T) {
	first := "Client: от сервера получено Client: сообщение 01\n" +
		"Client: получено 29 байтов от 127.0.0.1:%P\n\n"
	second := "Client: от сервера получено Привет Мир\n" +
		"Client: получено 19 байтов от 127.0.0.1:%P\n\n"
	sent := "Client: Сообщение отправлено серверу\n"
	if r := records(clientLines); len(r) != 4 {
		t.Fatalf("records: %q", r)
	}
	if d := unorderedDiff(second+sent+first+sent, "", clientLines); d != "" {
		t.Errorf("the datagrams in the other order: %s", d)
	}
	mixed := strings.Replace(first, "29", "19", 1) + strings.Replace(second, "19", "29", 1)
	for what, bad := range map[string]string{
		"a record lost":              second + sent + first,
		"a size with the other text": sent + sent + mixed,
		"one datagram twice":         sent + sent + first + first,
	} {
		if unorderedDiff(bad, "", clientLines) == "" {
			t.Errorf("%s: not reported", what)
		}
	}
	if unorderedDiff(clientLines, "Server: ", clientLines) == "" {
		t.Error("a missing prefix is not reported")
	}
}

func TestDgramE2ELuaServerLuaClient(t *testing.T) {
	bothIO(t, func(t *testing.T) {
		checkPrereqs(t)
		port := testkit.FreeUDPPort(t)
		p := strconv.Itoa(port)
		srv := startScript(t, "udp_server.lua", p)
		waitOutput(t, "udp_server.lua", &srv.out, &srv.err, "IPv4\n")
		cli := startScript(t, "udp_client.lua", p)
		waitCount(t, "udp_client.lua", &cli.out, &cli.err, "байтов от", 2)
		waitCount(t, "udp_server.lua", &srv.out, &srv.err, "данные отправлены клиенту", 2)
		cliOut := cli.stop().wantClean(t).Out
		srvOut := srv.stop().wantClean(t).Out
		checkUnordered(t, "client output", cliOut, "", withPort(clientLines, port))
		checkUnordered(t, "server output", serverView(srvOut), withPort(serverListening, port), serverEchoes)
	})
}

// The Node client (udp-client.js) against the Lua server.
func TestDgramE2ENodeClientLuaServer(t *testing.T) {
	eachNode(t, "udp_client.js", "udp-client.js", func(t *testing.T, js string, port int) {
		srv := startScript(t, "udp_server.lua", strconv.Itoa(port))
		waitOutput(t, "udp_server.lua", &srv.out, &srv.err, "IPv4\n")
		out, errs := startNode(t, js, nodeArgs(port)...)
		waitCount(t, "node client", out, errs, "байтов от", 2)
		waitCount(t, "udp_server.lua", &srv.out, &srv.err, "данные отправлены клиенту", 2)
		srvOut := srv.stop().wantClean(t).Out
		checkUnordered(t, "server output", serverView(srvOut), withPort(serverListening, port), serverEchoes)
		checkUnordered(t, "node client output", out.String(), "", withPort(clientLines, port))
	})
}

// The Lua client against the Node server (udp-server.js).
func TestDgramE2ELuaClientNodeServer(t *testing.T) {
	eachNode(t, "udp_server.js", "udp-server.js", func(t *testing.T, js string, port int) {
		out, errs := startNode(t, js, nodeArgs(port)...)
		waitOutput(t, "node server", out, errs, "IPv4\n")
		cli := startScript(t, "udp_client.lua", strconv.Itoa(port))
		waitCount(t, "udp_client.lua", &cli.out, &cli.err, "байтов от", 2)
		waitCount(t, "node server", out, errs, "данные отправлены клиенту", 2)
		cliOut := cli.stop().wantClean(t).Out
		checkUnordered(t, "client output", cliOut, "", withPort(clientLines, port))
		checkUnordered(t, "node server output", serverView(out.String()), withPort(serverListening, port), serverEchoes)
	})
}

// connectEcho is what a server prints for the connect client's one datagram.
const connectEcho = "Server: от клиента получено Client: сообщение 01\n" +
	"Server: получено 29 байтов от 127.0.0.1:CLIENT\n\n" +
	"Server: данные отправлены клиенту\n"

// The connect client ends by itself, having printed nothing; the server
// got its one datagram.
func TestDgramE2EConnectClient(t *testing.T) {
	bothIO(t, func(t *testing.T) {
		checkPrereqs(t)
		port := testkit.FreeUDPPort(t)
		srv := startScript(t, "udp_server.lua", strconv.Itoa(port))
		waitOutput(t, "udp_server.lua", &srv.out, &srv.err, "IPv4\n")
		cli := startScript(t, "udp_connect_client.lua", strconv.Itoa(port))
		if out := cli.wait(t, netLimit).wantClean(t).Out; out != "" {
			t.Fatalf("connect client printed:\n%s", out)
		}
		waitOutput(t, "udp_server.lua", &srv.out, &srv.err, "данные отправлены клиенту\n")
		srvOut := srv.stop().wantClean(t).Out
		checkOutput(t, "server output", serverView(srvOut), withPort(serverListening, port)+connectEcho)
	})
}

// The Node connect client (udp-connect-client.js) against the Lua server.
func TestDgramE2ENodeConnectClientLuaServer(t *testing.T) {
	eachNode(t, "udp_connect_client.js", "udp-connect-client.js", func(t *testing.T, js string, port int) {
		srv := startScript(t, "udp_server.lua", strconv.Itoa(port))
		waitOutput(t, "udp_server.lua", &srv.out, &srv.err, "IPv4\n")
		out, errs := startNode(t, js, nodeArgs(port)...)
		waitOutput(t, "udp_server.lua", &srv.out, &srv.err, "данные отправлены клиенту\n")
		srvOut := srv.stop().wantClean(t).Out
		checkOutput(t, "server output", serverView(srvOut), withPort(serverListening, port)+connectEcho)
		if out.String() != "" || errs.String() != "" {
			t.Errorf("node connect client printed %q, %q", out.String(), errs.String())
		}
	})
}

// The Lua connect client against the Node server.
func TestDgramE2ELuaConnectClientNodeServer(t *testing.T) {
	eachNode(t, "udp_server.js", "udp-server.js", func(t *testing.T, js string, port int) {
		out, errs := startNode(t, js, nodeArgs(port)...)
		waitOutput(t, "node server", out, errs, "IPv4\n")
		cli := startScript(t, "udp_connect_client.lua", strconv.Itoa(port))
		if got := cli.wait(t, netLimit).wantClean(t).Out; got != "" {
			t.Fatalf("connect client printed:\n%s", got)
		}
		waitOutput(t, "node server", out, errs, "данные отправлены клиенту\n")
		checkOutput(t, "node server output", serverView(out.String()), withPort(serverListening, port)+connectEcho)
	})
}

// The scripts' one argument is checked: a port that is no number is an
// error, not the lecture's port in silence.
func TestDgramE2EBadPortArgument(t *testing.T) {
	for _, name := range []string{"udp_server.lua", "udp_client.lua", "udp_connect_client.lua"} {
		r := startScript(t, name, "30O0").wait(t, shortLimit)
		if r.Code != 2 || !strings.Contains(r.Err, "port must be a number, got '30O0'") {
			t.Errorf("%s 30O0: exit %d, stderr %q, stdout %q", name, r.Code, r.Err, r.Out)
		}
	}
}
