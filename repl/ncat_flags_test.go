package repl

import (
	"net"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/netsh/netsh/internal/testkit"
)

// .connect -C -x against redis-server: typed lines go out with CRLF
// (redis answers them), and both directions show as hex dumps.
func TestREPLConnectCRLFHex(t *testing.T) {
	port := strconv.Itoa(testkit.FreePort(t))
	testkit.Start(t, exec.Command(need(t, "redis-server"), "--port", port, "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"))
	testkit.WaitDial(t, "127.0.0.1:"+port, 4*time.Second)
	tm := startREPL(t, pluginEnv(t))
	tm.typeUntil(".connect 127.0.0.1 "+port+" -C -x\r", "connected to 127.0.0.1:"+port)
	tm.typeUntil("PING\r", `> 00000000  50 49 4e 47 0d 0a`)
	tm.expect(`< 00000000  2b 50 4f 4e 47 0d 0a                              |+PONG..|`)
	tm.typeUntil("PING\r", `> 00000006  50 49 4e 47 0d 0a`) // the offsets run on
	tm.typeUntil(".detach\r", "detached")
}

// .listen with .hexdump on prints what arrives as a hex dump; .trace on
// adds a line per chunk.
func TestREPLListenHexdumpAndTrace(t *testing.T) {
	port := strconv.Itoa(testkit.FreePort(t))
	tm := startREPL(t, pluginEnv(t))
	tm.line(".hexdump on")
	tm.typeUntil(".listen "+port+"\r", "listening on tcp port "+port)
	tm.typeUntil(".trace on\r", "trace on")
	c, err := net.Dial("tcp", "127.0.0.1:"+port)
	if err != nil {
		t.Fatal(err)
	}
	c.Write([]byte("hi there"))
	tm.expect(`8 "hi there"`)
	if !regexp.MustCompile(`tcp 127\.0\.0\.1:` + port + ` < 127\.0\.0\.1:\d+ 8 "hi there"`).MatchString(tm.text()) {
		t.Fatalf("no trace line for the chunk:\n%s", tm.text())
	}
	tm.expect(`00000000  68 69 20 74 68 65 72 65                           |hi there|`)
	c.Close()
	tm.typeUntil(".trace off\r", "trace off")
	tm.typeUntil(".unlisten "+port+"\r", "stopped listening")
}

// .listen -u -x dumps each datagram.
func TestREPLListenUDPHex(t *testing.T) {
	port := strconv.Itoa(testkit.FreeUDPPort(t))
	tm := startREPL(t, pluginEnv(t))
	tm.typeUntil(".listen "+port+" -u -x\r", "listening on udp port "+port)
	c, err := net.Dial("udp", "127.0.0.1:"+port)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.Write([]byte{0, 1, 'A'})
	tm.expect(`< 00000000  00 01 41                                          |..A|`)
	if strings.Contains(tm.text(), "usage") {
		t.Fatal(tm.text())
	}
}
