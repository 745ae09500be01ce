package pcap

import (
	"bytes"
	"math/rand"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/netsh/netsh/internal/testkit"
)

// A capture written here reads back with tcpdump: handshake, data whose
// sequence numbers follow the bytes, FIN and RST, IPv4 and IPv6, UDP,
// checksums correct, and every payload byte as written (a 200 KiB chunk
// cut into segments included).
func TestTcpdumpReadsCapture(t *testing.T) {
	file := filepath.Join(t.TempDir(), "t.pcap")
	f, err := os.Create(file)
	if err != nil {
		t.Fatal(err)
	}
	w := NewWriter(f)
	now := time.Now()
	c4, s4 := netip.MustParseAddrPort("127.0.0.1:45123"), netip.MustParseAddrPort("127.0.0.1:6379") // addresses in a file, never dialed
	big := make([]byte, 200<<10)
	rand.New(rand.NewSource(1)).Read(big)
	fl := w.TCPOpen(c4, s4, now)
	fl.Data(true, []byte("PING\r\n"), now)
	fl.Data(false, []byte("+PONG\r\n"), now)
	fl.Data(true, big, now)
	fl.Fin(true, now)
	fl.Fin(false, now)
	fl.Data(true, []byte("after FIN: never in the capture"), now)
	c6, s6 := netip.MustParseAddrPort("[::1]:50001"), netip.MustParseAddrPort("[::1]:80")
	fl = w.TCPOpen(c6, s6, now)
	fl.Data(true, []byte("GET / HTTP/1.0\r\n\r\n"), now)
	fl.Rst(false, now)
	u1, u2 := netip.MustParseAddrPort("[::ffff:127.0.0.1]:9999"), netip.MustParseAddrPort("127.0.0.1:53")
	w.UDP(u1, u2, []byte{0, 1, 2, 0xff}, now)
	if err := w.Err(); err != nil {
		t.Fatal(err)
	}
	f.Close()

	pkts := testkit.ReadPcap(t, file)
	var flags []string
	for _, p := range pkts {
		if p.Proto == "tcp" {
			flags = append(flags, p.Flags)
		}
	}
	// The big chunk needs 4 segments of at most 65495 bytes.
	want := "S S. . P. P. P. P. P. P. F. F. S S. . P. R."
	if got := strings.Join(flags, " "); got != want {
		t.Fatalf("TCP flags %q, want %q", got, want)
	}
	if got := testkit.Stream(pkts, c4, s4); !bytes.Equal(got, append([]byte("PING\r\n"), big...)) {
		t.Fatalf("client stream: %d bytes", len(got))
	}
	if got := testkit.Stream(pkts, s4, c4); string(got) != "+PONG\r\n" {
		t.Fatalf("server stream %q", got)
	}
	if got := testkit.Stream(pkts, c6, s6); string(got) != "GET / HTTP/1.0\r\n\r\n" {
		t.Fatalf("IPv6 stream %q", got)
	}
	last := pkts[len(pkts)-1]
	if last.Proto != "udp" || last.Src.String() != "127.0.0.1:9999" || !bytes.Equal(last.Payload, []byte{0, 1, 2, 0xff}) {
		t.Fatalf("datagram %+v", last)
	}
	if !strings.Contains(pkts[4].Summary, "seq 1:8, ack 7") {
		t.Fatalf("the server's reply does not acknowledge the client's bytes:\n%s", pkts[4].Summary)
	}
}
