package luabind

import (
	"os"
	"os/exec"
	"runtime"
	"strings"
	"testing"
	"time"

	"net"

	"github.com/netsh/netsh/internal/testkit"
)

// smtpServer is a netsh server that speaks just enough SMTP for STARTTLS:
// the greeting, EHLO offering STARTTLS, then TLS over the same socket
// (tls.TLSSocket with isServer), where each line is answered.
const smtpServer = `
local srv = net.createServer(function(sock)
  sock:write('220 netsh ESMTP\r\n')
  sock:setFraming('line')
  local function onLine(l)
    if l:match('^EHLO') then
      sock:write('250-netsh greets you\r\n250 STARTTLS\r\n')
    elseif l == 'STARTTLS' then
      sock:write('220 go ahead\r\n')
      local s = tls.TLSSocket(sock, { isServer = true, key = pem('ss.key'), cert = pem('ss.pem') })
      s:on('secure', function() print('upgraded', s:getProtocol(), s.encrypted) end)
      s:setFraming('line')
      s:on('data', function(line)
        s:write('250 you said ' .. line .. '\r\n')
        if line == 'QUIT' then s:_end() end
      end)
      s:on('error', function(e) print('error', e.code) end)
    end
  end
  sock:on('data', onLine)
end)
srv:listen(0, '127.0.0.1', function() print('port', srv:address().port) end)
`

// STARTTLS mid-stream: openssl s_client -starttls smtp against a netsh
// server that upgrades its accepted socket, then a netsh client that
// upgrades a net.dial socket with tls.connect{ socket = ... }.
func TestTLSStartTLS(t *testing.T) {
	openssl := needTool(t, "openssl")
	f := makeTLSFixtures(t)
	bothIO(t, func(t *testing.T) {
		srv, port := startTLSScript(t, f, smtpServer)
		cmd := exec.Command(openssl, "s_client", "-connect", "127.0.0.1:"+port, "-starttls", "smtp",
			"-CAfile", f.path("ss.pem"), "-verify_return_error", "-brief", "-ign_eof")
		cmd.Stdin = strings.NewReader("hello over tls\nQUIT\n")
		out := testkit.Start(t, cmd).Wait(t, netLimit)
		mustContain(t, out, "Verification: OK", "250 you said hello over tls", "250 you said QUIT")

		r := runTLS(t, f, netLimit, `
local sock = net.dial(tonumber(process.argv[3]), '127.0.0.1')
print(sock:receive('*l'))
sock:write('EHLO me\r\n')
print(sock:receive('*l'), sock:receive('*l'))
sock:write('STARTTLS\r\n')
print(sock:receive('*l'))
local s = tls.connect({ socket = sock, ca = pem('ss.pem'), servername = 'localhost' })
netsh.wait(s, 'secureConnect')
print('secure', s.authorized, s.encrypted, s.remotePort == tonumber(process.argv[3]))
s:write('over tls\r\nQUIT\r\n')
print(s:receive('*l'), s:receive('*l'))
print('eof', s:receive('*a') == '')
`, port)
		r.wantClean(t)
		checkOutput(t, "client", r.Out, "220 netsh ESMTP\n250-netsh greets you\t250 STARTTLS\n220 go ahead\n"+
			"secure\ttrue\ttrue\ttrue\n250 you said over tls\t250 you said QUIT\neof\ttrue\n")
		res := srv.stop()
		if got := strings.Count(res.Out, "upgraded\tTLSv1.3\ttrue"); got != 2 {
			t.Fatalf("server upgraded %d sockets, want 2:\n%s\n%s", got, res.Out, res.Err)
		}
	})
}

// 100 MiB through a netsh TLS echo server and back, against Node's tls
// as the client: the SHA-256 of what Node sent equals that of what came
// back, both ways through netsh's TLS, and pause/resume backpressure
// holds memory (pipe).
func TestTLSBulkThroughNode(t *testing.T) {
	peer := testkit.NodePeer(t, "tls_peer.js")
	f := makeTLSFixtures(t)
	const mib = "100"
	bothIO(t, func(t *testing.T) {
		srv, port := startTLSScript(t, f, `
local srv
srv = tls.createServer({ key = pem('ss.key'), cert = pem('ss.pem') }, function(s)
  s:pipe(s)
  s:on('close', function() srv:close() end)
end)
srv:listen(0, '127.0.0.1', function() print('port', srv:address().port) end)
`)
		out := testkit.Start(t, exec.Command("node", peer, "bulk", f.dir, "127.0.0.1", port, mib)).Wait(t, 120*time.Second)
		mustContain(t, out, "bulk true true")
		srv.wait(t, netLimit).wantClean(t)
	})
}

// Peers that close mid-handshake, again and again, leave no descriptor
// and no goroutine behind.
func TestTLSMidHandshakeCloseLeaksNothing(t *testing.T) {
	f := makeTLSFixtures(t)
	bothIO(t, func(t *testing.T) {
		srv, port := startTLSScript(t, f, `
local n = 0
local srv = tls.createServer({ key = pem('ss.key'), cert = pem('ss.pem') }, function() end)
srv:on('tlsClientError', function() n = n + 1; print('failed', n) end)
srv:listen(0, '127.0.0.1', function() print('port', srv:address().port) end)
`)
		hello := func() {
			c, err := net.Dial("tcp", "127.0.0.1:"+port)
			if err != nil {
				t.Fatal(err)
			}
			c.Write([]byte{0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc}) // a ClientHello cut short
			c.Close()
		}
		hello() // the first one sets up what stays (the poller, the system roots)
		waitFor(t, srv, "failed\t1\n")
		fds, goroutines := openFDs(t), runtime.NumGoroutine()
		const rounds = 30
		for i := 0; i < rounds; i++ {
			hello()
		}
		waitFor(t, srv, "failed\t31\n")
		if !testkit.Eventually(netLimit, func() bool { return openFDs(t) <= fds && runtime.NumGoroutine() <= goroutines }) {
			t.Fatalf("after %d aborted handshakes: %d descriptors (was %d), %d goroutines (was %d)",
				rounds, openFDs(t), fds, runtime.NumGoroutine(), goroutines)
		}
		srv.stop()
	})
}

func waitFor(t *testing.T, r *luaRun, want string) {
	t.Helper()
	if !testkit.Eventually(netLimit, func() bool { return strings.Contains(r.out.String(), want) }) {
		t.Fatalf("never printed %q:\n%s\n%s", want, r.out.String(), r.err.String())
	}
}

// openFDs counts this process's open descriptors.
func openFDs(t *testing.T) int {
	ents, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Skip("no /proc/self/fd on this system")
	}
	return len(ents)
}
