package repl

import (
	"net"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

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

// .listen --tls makes a self-signed certificate and shows what openssl
// s_client sends; .connect --tls-insecure to it sends a typed line over
// TLS, and plain .connect --tls refuses the self-signed certificate.
func TestREPLListenConnectTLS(t *testing.T) {
	port := strconv.Itoa(testkit.FreePort(t))
	tm := startREPL(t, pluginEnv(t))
	tm.typeUntil(".listen "+port+" --tls\r", "SHA-256 fingerprint")
	tm.expect("listening on tcp port " + port)
	tm.typeUntil(".connect 127.0.0.1 "+port+" --tls-insecure\r", "connected to 127.0.0.1:"+port)
	tm.expect(" connected]") // the listener's side of the handshake
	tm.send("secret over tls\r")
	// The line shows twice: as typed, then as the listener prints it.
	if !testkit.Eventually(10*time.Second, func() bool { return strings.Count(tm.text(), "secret over tls\n") >= 2 }) {
		t.Fatalf("the listener never printed the line:\n%s", tm.text())
	}
	tm.typeUntil(".detach\r", "detached")
	tm.typeUntil(".connect 127.0.0.1 "+port+" --tls\r", "self-signed certificate")
}
