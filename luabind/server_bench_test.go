package luabind

import (
	"bytes"
	"io"
	"net"
	"regexp"
	"testing"
	"time"

	"github.com/netsh/netsh/internal/testkit"
)

// serverCases are the protocol servers of the end-to-end benchmark
// (bench/servers/), each with a request a load generator sends and the
// reply it gets.
var serverCases = []struct {
	name, file, req, reply string
}{
	{"resp-hand", "../bench/servers/resp.lua", "*3\r\n$3\r\nSET\r\n$16\r\nkey:__rand_int__\r\n$3\r\nxxx\r\n", "+OK\r\n"},
	{"resp-framing", "../bench/servers/resp_framing.lua", "*3\r\n$3\r\nSET\r\n$16\r\nkey:__rand_int__\r\n$3\r\nxxx\r\n", "+OK\r\n"},
	{"http-hand", "../bench/servers/http.lua", "GET / HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n\r\n",
		"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 13\r\nConnection: keep-alive\r\n\r\nHello, World!"},
	{"http-framing", "../bench/servers/http_framing.lua", "GET / HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n\r\n", ""},
}

var readyPort = regexp.MustCompile(`READY tcp=(\d+)`)

// BenchmarkServers runs each protocol server in a Runtime and sends it
// b.N requests, one at a time, over one loopback connection: the cost of
// a request's whole path (read, the script's Lua, write) and its
// allocations, on the I/O path the tests run by default.
func BenchmarkServers(b *testing.B) {
	for _, c := range serverCases {
		b.Run(c.name, func(b *testing.B) {
			r := startLua(b, luaScript{file: c.file, args: []string{"0"}})
			var port string
			if !testkit.Eventually(netLimit, func() bool {
				m := readyPort.FindStringSubmatch(r.out.String())
				if m != nil {
					port = m[1]
				}
				return m != nil
			}) {
				b.Fatalf("%s did not print READY: %s%s", c.file, r.out.String(), r.err.String())
			}
			conn, err := net.Dial("tcp", "127.0.0.1:"+port)
			if err != nil {
				b.Fatal(err)
			}
			defer conn.Close()
			conn.SetDeadline(time.Now().Add(2 * time.Minute))
			want := []byte(c.reply)
			if c.reply == "" { // the reply is the server's: take the first as the pattern
				if _, err := conn.Write([]byte(c.req)); err != nil {
					b.Fatal(err)
				}
				want = readHTTPReply(b, conn)
			}
			got := make([]byte, len(want))
			req := []byte(c.req)
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if _, err := conn.Write(req); err != nil {
					b.Fatal(err)
				}
				if _, err := io.ReadFull(conn, got); err != nil {
					b.Fatal(err)
				}
				if !bytes.Equal(got, want) {
					b.Fatalf("reply %q, want %q", got, want)
				}
			}
		})
	}
}

// readHTTPReply reads one response whose body is the 13 bytes the
// benchmark servers send.
func readHTTPReply(b *testing.B, conn net.Conn) []byte {
	b.Helper()
	var out []byte
	buf := make([]byte, 1024)
	for {
		n, err := conn.Read(buf)
		if err != nil {
			b.Fatal(err)
		}
		out = append(out, buf[:n]...)
		if i := bytes.Index(out, []byte("\r\n\r\n")); i >= 0 && len(out) >= i+4+13 {
			return out
		}
	}
}
