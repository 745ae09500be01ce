package repl

import (
	"net"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/netsh/netsh/internal/testkit"
)

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
