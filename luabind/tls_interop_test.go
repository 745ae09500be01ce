package luabind

import (
	"encoding/json"
	"fmt"
	"net"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/netsh/netsh/internal/testkit"
)

// startTLSScript starts a script that prints "port N" once it listens,
// and returns it with N.
func startTLSScript(t *testing.T, f *tlsFixtures, src string, args ...string) (*luaRun, string) {
	t.Helper()
	r := startLua(t, luaScript{src: tlsPrelude + src, args: append([]string{f.dir}, args...)})
	rx := regexp.MustCompile(`port\t(\d+)`)
	var port string
	if !testkit.Eventually(netLimit, func() bool {
		m := rx.FindStringSubmatch(r.out.String())
		if m != nil {
			port = m[1]
		}
		return m != nil
	}) {
		t.Fatalf("script never listened\nstdout:\n%s\nstderr:\n%s", r.out.String(), r.err.String())
	}
	return r, port
}

// tlsEchoServer is a netsh TLS server that upper-cases what it gets and
// ends after the peer's end; it prints what the handshake settled.
const tlsEchoServer = `
local host = process.argv[3]
local srv
srv = tls.createServer({ key = pem('ss.key'), cert = pem('ss.pem'), ALPNProtocols = { 'h2', 'x' } }, function(s)
  print('secureConnection', s.alpnProtocol, s.servername, s:getProtocol())
  s:setEncoding('utf8')
  s:on('data', function(d)
    s:write(d:upper())
    if process.argv[4] == 'once' then s:_end(); srv:close() end -- openssl s_client -ign_eof sends no end
  end)
  s:on('end', function() s:_end(); srv:close() end)
end)
srv:listen(0, host, function() print('port', srv:address().port) end)
`

// netsh's client against openssl s_server (-rev: it sends each line back
// reversed), over IPv4 and IPv6, ALPN as asked.
func TestTLSClientAgainstOpenSSLServer(t *testing.T) {
	openssl := needTool(t, "openssl")
	f := makeTLSFixtures(t)
	bothIO(t, func(t *testing.T) {
		for _, host := range []string{"127.0.0.1", "::1"} {
			port := strconv.Itoa(testkit.FreePort(t))
			srv := testkit.Start(t, exec.Command(openssl, "s_server", "-accept", net.JoinHostPort(host, port),
				"-cert", f.path("chain.pem"), "-key", f.path("leaf.key"), "-rev", "-alpn", "h2,x", "-naccept", "1"))
			srv.WaitFor(t, "ACCEPT", netLimit)
			r := runTLS(t, f, netLimit, `
local s
s = tls.connect({ port = tonumber(process.argv[3]), host = process.argv[4], ca = pem('ca.pem'), ALPNProtocols = { 'x' } }, function()
  local pc = s:getPeerCertificate(true)
  print('secure', s.authorized, s.alpnProtocol, s:getProtocol(), pc.subject.CN, pc.issuerCertificate.subject.CN,
    pc.issuerCertificate.issuerCertificate == pc.issuerCertificate)
  s:write('hello tls\n')
end)
s:setFraming('line')
s:on('data', function(l) print('line', l); s:destroy() end)
`, port, host)
			r.wantClean(t)
			checkOutput(t, host, r.Out, "secure\ttrue\tx\tTLSv1.3\tlocalhost\tnetsh test CA\ttrue\nline\tslt olleh\n")
		}
	})
}

// openssl s_client against a netsh server: the certificate verifies
// against the CA file, for the host name asked, with the ALPN and SNI
// the server saw; the data goes both ways.
func TestTLSServerAgainstOpenSSLClient(t *testing.T) {
	openssl := needTool(t, "openssl")
	f := makeTLSFixtures(t)
	bothIO(t, func(t *testing.T) {
		for _, host := range []string{"127.0.0.1", "::1"} {
			r, port := startTLSScript(t, f, tlsEchoServer, host, "once")
			cmd := exec.Command(openssl, "s_client", "-connect", net.JoinHostPort(host, port), "-CAfile", f.path("ss.pem"),
				"-servername", "localhost", "-alpn", "x", "-verify_return_error", "-verify_hostname", "localhost", "-brief", "-ign_eof")
			cmd.Stdin = strings.NewReader("hello from openssl\n")
			p := testkit.Start(t, cmd)
			out := p.Wait(t, netLimit)
			mustContain(t, out, "Verification: OK", "Verified peername: localhost", "Protocol version: TLSv1.3", "HELLO FROM OPENSSL")
			res := r.wait(t, netLimit)
			res.wantClean(t)
			checkOutput(t, "server", res.Out, "port\t"+port+"\nsecureConnection\tx\tlocalhost\tTLSv1.3\n")
		}
	})
}

// A Node TLS server with a netsh client, and a netsh server with a Node
// client: each side sees the other's certificate, ALPN and SNI.
func TestTLSNodeInterop(t *testing.T) {
	peer := testkit.NodePeer(t, "tls_peer.js")
	f := makeTLSFixtures(t)
	bothIO(t, func(t *testing.T) {
		for _, host := range []string{"127.0.0.1", "::1"} {
			p := testkit.Start(t, exec.Command("node", peer, "server", f.dir, host))
			port := regexp.MustCompile(`port (\d+)`).FindStringSubmatch(p.WaitFor(t, `port \d+`, netLimit))[1]
			r := runTLS(t, f, netLimit, `
local s
s = tls.connect(tonumber(process.argv[3]), process.argv[4], { ca = pem('ss.pem'), servername = 'localhost', ALPNProtocols = { 'x' } }, function()
  print('secure', s.authorized, s.alpnProtocol, s:getPeerCertificate().fingerprint256)
  s:_end('hello node')
end)
s:setEncoding('utf8')
s:on('data', function(d) print('got', d) end)
`, port, host)
			r.wantClean(t)
			checkOutput(t, "netsh client", r.Out, "secure\ttrue\tx\t"+f.fp["ss"]+"\ngot\tHELLO NODE\n")
			mustContain(t, p.Wait(t, netLimit), "secureConnection x localhost TLSv1.3")

			srv, sport := startTLSScript(t, f, tlsEchoServer, host)
			out := testkit.Start(t, exec.Command("node", peer, "client", f.dir, host, sport)).Wait(t, netLimit)
			mustContain(t, out, "secureConnect true x TLSv1.3 "+f.fp["ss"]+" DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1", "got HELLO")
			srv.wait(t, netLimit).wantClean(t)
		}
	})
}

// verifyCases are certificate problems provoked on purpose: the server's
// certificate, and the client's options (ca names a fixture file).
var verifyCases = []struct {
	cert string
	opts map[string]any
}{
	{"ss", nil},
	{"chain", nil},
	{"leaf", nil},
	{"expired", nil},
	{"expired", map[string]any{"ca": "expired.pem"}},
	{"ss", map[string]any{"ca": "ss.pem", "servername": "wrong.test"}},
	{"other", map[string]any{"ca": "other.pem"}},
	{"ss", map[string]any{"ca": "ss.pem"}},
	{"chain", map[string]any{"ca": "ca.pem"}},
	{"leaf", map[string]any{"ca": "ca.pem"}},
	{"chain", map[string]any{"ca": "ss.pem"}},
	{"ichain", nil},
	{"ichain", map[string]any{"ca": "ca.pem"}},
	{"ileaf", map[string]any{"ca": "ca.pem"}},
}

// Every certificate error, provoked against the same servers, gives a
// netsh client the code and message a Node client gets.
func TestTLSVerifyErrorsMatchNode(t *testing.T) {
	peer := testkit.NodePeer(t, "tls_peer.js")
	f := makeTLSFixtures(t)
	srv, _ := startTLSScript(t, f, `
local ports = {}
local function serve(i, name)
  local key = (name == 'chain' and 'leaf.key') or (name == 'ichain' and 'ileaf.key') or name .. '.key'
  local s = tls.createServer({ key = pem(key), cert = pem(name .. '.pem') }, function(s) s:on('error', function() end) end)
  s:listen(0, '127.0.0.1', function()
    ports[i] = s:address().port
    if #ports == #process.argv - 2 then print('port', table.concat(ports, ' ')) end
  end)
end
for i = 3, #process.argv do serve(i - 2, process.argv[i]) end
`, verifyCertNames()...)
	ports := strings.Fields(regexp.MustCompile(`port\t([\d ]+)`).FindStringSubmatch(srv.out.String())[1])
	var cases []any
	for i, c := range verifyCases {
		p, _ := strconv.Atoi(ports[i])
		opts := c.opts
		if opts == nil {
			opts = map[string]any{}
		}
		cases = append(cases, []any{i + 1, p, opts})
	}
	js, _ := json.Marshal(cases)
	nodeOut := testkit.Start(t, exec.Command("node", peer, "verify", f.dir, string(js))).Wait(t, netLimit)
	r := runTLS(t, f, netLimit, luaVerifyClient(cases))
	r.wantClean(t)
	checkOutput(t, "netsh against node", r.Out, nodeOut)
	mustContain(t, nodeOut, "1 DEPTH_ZERO_SELF_SIGNED_CERT", "2 SELF_SIGNED_CERT_IN_CHAIN", "3 UNABLE_TO_VERIFY_LEAF_SIGNATURE",
		"4 CERT_HAS_EXPIRED", "5 CERT_HAS_EXPIRED", "6 ERR_TLS_CERT_ALTNAME_INVALID", "7 ERR_TLS_CERT_ALTNAME_INVALID", "8 ok true",
		"12 UNABLE_TO_GET_ISSUER_CERT_LOCALLY", "13 ok true")
	srv.stop()
}

func verifyCertNames() []string {
	var names []string
	for _, c := range verifyCases {
		names = append(names, c.cert)
	}
	return names
}

// luaVerifyClient is the netsh twin of tls_peer.js's verify mode.
func luaVerifyClient(cases []any) string {
	var b strings.Builder
	b.WriteString("local cases = {\n")
	for _, c := range cases {
		c := c.([]any)
		fmt.Fprintf(&b, "  { %d, %d, {", c[0], c[1])
		for k, v := range c[2].(map[string]any) {
			if k == "ca" {
				fmt.Fprintf(&b, " ca = pem(%q),", v)
			} else {
				fmt.Fprintf(&b, " %s = %q,", k, v)
			}
		}
		b.WriteString(" } },\n")
	}
	b.WriteString(`}
for _, c in ipairs(cases) do
  local o = c[3]
  o.port, o.host = c[2], '127.0.0.1'
  if not o.servername then o.servername = 'localhost' end
  local ok, s = pcall(tls.dial, o)
  if ok then print(c[1] .. ' ok ' .. tostring(s.authorized)); s:destroy() else print(c[1] .. ' ' .. s.code .. ' ' .. s.message) end
end
`)
	return b.String()
}

// curl against a netsh HTTPS server: with the CA file, with --insecure
// on a self-signed certificate, and refused without either.
func TestTLSCurlAgainstServer(t *testing.T) {
	curl := needTool(t, "curl")
	f := makeTLSFixtures(t)
	bothIO(t, func(t *testing.T) {
		r, port := startTLSScript(t, f, `
local n = 0
local srv = tls.createServer({ key = pem('ss.key'), cert = pem('ss.pem'), ALPNProtocols = { 'http/1.1' } }, function(s)
  s:on('error', function() end)
  s:setFraming('http')
  s:on('data', function(req)
    n = n + 1
    s:_end(require('http1').response{ status = 200, headers = { Connection = 'close' },
      body = req.method .. ' ' .. req.url .. ' over ' .. tostring(s.alpnProtocol) .. ' to ' .. tostring(s.servername) })
  end)
end)
srv:on('tlsClientError', function(e) print('tlsClientError', e.code) end)
srv:listen(0, '127.0.0.1', function() print('port', srv:address().port) end)
`)
		get := func(args ...string) (string, int) {
			cmd := exec.Command(curl, append([]string{"-sS", "--max-time", "10"}, args...)...)
			out, _ := cmd.CombinedOutput()
			return string(out), cmd.ProcessState.ExitCode()
		}
		out, code := get("--cacert", f.path("ss.pem"), "--resolve", "localhost:"+port+":127.0.0.1", "https://localhost:"+port+"/a")
		checkOutput(t, "curl --cacert", out, "GET /a over http/1.1 to localhost")
		if code != 0 {
			t.Fatalf("curl --cacert exited %d", code)
		}
		out, _ = get("--insecure", "https://127.0.0.1:"+port+"/b")
		checkOutput(t, "curl --insecure", out, "GET /b over http/1.1 to false")
		if _, code = get("https://127.0.0.1:" + port + "/c"); code != 60 {
			t.Fatalf("curl without a CA exited %d, want 60 (certificate problem)", code)
		}
		r.stopLoop()
		res := r.wait(t, netLimit)
		if res.Err != "" {
			t.Fatal(res.Err)
		}
	})
}

// Peers that speak no TLS: the errors Node reports for each.
func TestTLSHandshakeWithPlainPeers(t *testing.T) {
	f := makeTLSFixtures(t)
	bothIO(t, func(t *testing.T) {
		text := goPeer(t, func(c net.Conn) { c.Write([]byte("hello world\r\n")); time.Sleep(200 * time.Millisecond) })
		closer := goPeer(t, func(c net.Conn) {})
		r := runTLS(t, f, netLimit, `
local function try(port, done)
  local s = tls.connect(tonumber(port), '127.0.0.1')
  s:on('error', function(e) print(e.code, e.message, e.library, e.reason) end)
  s:on('close', done)
end
try(process.argv[3], function() try(process.argv[4], function() end) end)
`, text, closer)
		r.wantClean(t)
		checkOutput(t, "client", r.Out, "ERR_SSL_WRONG_VERSION_NUMBER\terror:0A00010B:SSL routines:ssl3_get_record:wrong version number:\tSSL routines\twrong version number\n"+
			"ECONNRESET\tClient network socket disconnected before secure TLS connection was established\tnil\tnil\n")

		srv, port := startTLSScript(t, f, `
local srv = tls.createServer({ key = pem('ss.key'), cert = pem('ss.pem') }, function() print('secure?') end)
srv:on('tlsClientError', function(e, s) print('tlsClientError', e.code, e.reason, s.destroyed) end)
srv:listen(0, '127.0.0.1', function() print('port', srv:address().port) end)
`)
		for i, send := range []string{"hello\r\n", "GET / HTTP/1.1\r\nHost: x\r\n\r\n", ""} {
			c, err := net.Dial("tcp", "127.0.0.1:"+port)
			if err != nil {
				t.Fatal(err)
			}
			c.Write([]byte(send))
			if send == "" {
				c.Close()
			} else {
				c.SetReadDeadline(time.Now().Add(netLimit))
				b := make([]byte, 64)
				c.Read(b) // the server's alert, or its close
				c.Close()
			}
			if !testkit.Eventually(netLimit, func() bool { return strings.Count(srv.out.String(), "tlsClientError") > i }) {
				t.Fatalf("no tlsClientError for %q:\n%s", send, srv.out.String())
			}
		}
		res := srv.stop()
		checkOutput(t, "server", res.Out, "port\t"+port+"\n"+
			"tlsClientError\tERR_SSL_WRONG_VERSION_NUMBER\twrong version number\ttrue\n"+
			"tlsClientError\tERR_SSL_HTTP_REQUEST\thttp request\ttrue\n"+
			"tlsClientError\tECONNRESET\tnil\ttrue\n")
	})
}
