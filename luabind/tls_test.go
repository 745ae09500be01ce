package luabind

import (
	"strings"
	"testing"
)

// A netsh TLS server and client in one script, over IPv4 and ::1: the
// handshake, ALPN and SNI as asked, the certificate as Node prints it,
// data both ways, end() as close_notify then FIN.
func TestTLSLoopbackEcho(t *testing.T) {
	f := makeTLSFixtures(t)
	bothIO(t, func(t *testing.T) {
		r := runTLS(t, f, netLimit, `
local function try(host, done)
  local srv = tls.createServer({ key = pem('ss.key'), cert = pem('ss.pem'), ALPNProtocols = {'h2', 'x'} }, function(s)
    print('server', s.encrypted, s.authorized, s.alpnProtocol, s.servername, s:getProtocol(), s.remoteAddress == host)
    s:setEncoding('utf8')
    s:on('data', function(d) s:write(d:upper()) end)
    s:on('end', function() s:_end() end)
  end)
  srv:listen(0, host, function()
    local c
    c = tls.connect({ port = srv:address().port, host = host, ca = pem('ss.pem'), servername = 'localhost', ALPNProtocols = {'x'} }, function()
      local pc = c:getPeerCertificate()
      print('client', c.encrypted, c.authorized, c.authorizationError, c.alpnProtocol, c.servername, c:getProtocol())
      print('cert', pc.subject.CN, pc.issuer.CN, pc.subjectaltname, pc.fingerprint256, pc.bits, pc.asn1Curve, pc.nistCurve, #pc.raw > 100)
      print('dates', (pc.valid_from:match('^%a%a%a [ %d]%d %d%d:%d%d:%d%d %d%d%d%d GMT$')) ~= nil, (pc.valid_to:match('GMT$')) ~= nil)
      local ci = c:getCipher()
      print('cipher', ci.name == ci.standardName, ci.version)
      c:write('hello')
      c:_end()
    end)
    local got = ''
    c:on('data', function(d) got = got .. tostring(d) end)
    c:on('end', function() print('got', got) end)
    c:on('close', function(hadError) print('closed', hadError); srv:close(); done() end)
  end)
end
try('127.0.0.1', function() try('::1', function() end) end)
`)
		r.wantClean(t)
		fp := f.fp["ss"]
		want := strings.Repeat("server\ttrue\tfalse\tx\tlocalhost\tTLSv1.3\ttrue\n"+
			"client\ttrue\ttrue\tnil\tx\tlocalhost\tTLSv1.3\n"+
			"cert\tlocalhost\tlocalhost\tDNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1\t"+fp+"\t256\tprime256v1\tP-256\ttrue\n"+
			"dates\ttrue\ttrue\ncipher\ttrue\tTLSv1.3\ngot\tHELLO\nclosed\tfalse\n", 2)
		checkOutput(t, "transcript", sortBlocks(r.Out), sortBlocks(want))
	})
}

// sortBlocks puts each line starting with "server" after the "client"
// lines of its run: which side's secure event comes first is not fixed.
func sortBlocks(s string) string {
	var out, server []string
	for _, l := range strings.SplitAfter(s, "\n") {
		if strings.HasPrefix(l, "server") {
			server = append(server, l)
			continue
		}
		out = append(out, l)
		if strings.HasPrefix(l, "closed") && len(server) > 0 {
			out = append(out, server[0])
			server = server[1:]
		}
	}
	return strings.Join(append(out, server...), "")
}

// The client's certificate checks, each with Node's code: refused by
// default, accepted with rejectUnauthorized = false (authorized false and
// the code in authorizationError), and a checkServerIdentity of the
// user's own that is called with the host and the certificate.
func TestTLSVerifyOutcomes(t *testing.T) {
	f := makeTLSFixtures(t)
	bothIO(t, func(t *testing.T) {
		r := runTLS(t, f, netLimit, `
local cases = {
  { 'ss', {} },
  { 'ss', { rejectUnauthorized = false } },
  { 'ss', { ca = pem('ss.pem'), servername = 'wrong.test' } },
  { 'ss', { ca = pem('ss.pem'), servername = 'wrong.test', rejectUnauthorized = false } },
  { 'chain', { } },
  { 'leaf', { } },
  { 'leaf', { ca = pem('ca.pem') } },
  { 'chain', { ca = pem('ca.pem') } },
  { 'expired', { ca = pem('expired.pem') } },
  { 'ss', { ca = pem('ss.pem'), checkServerIdentity = function(host, cert)
      print('  identity', host, cert.subject.CN)
      return Error('no thanks')
    end } },
}
local key = { ss = 'ss.key', chain = 'leaf.key', leaf = 'leaf.key', expired = 'expired.key' }
local function run(i)
  local c = cases[i]
  if not c then return end
  local srv = tls.createServer({ key = pem(key[c[1]]), cert = pem(c[1] .. '.pem') }, function(s)
    s:on('error', function() end) -- a client that refused the certificate is gone already
    s:_end('hi')
  end)
  srv:listen(0, '127.0.0.1', function()
    local o = c[2]
    o.port, o.host = srv:address().port, '127.0.0.1'
    if not o.servername then o.servername = 'localhost' end
    local s
    s = tls.connect(o, function()
      print(i, 'secure', s.authorized, s.authorizationError)
      s:destroy()
    end)
    s:on('error', function(e) print(i, 'error', e.code, e.message, e.reason, e.cert and e.cert.subjectaltname) end)
    s:on('close', function() srv:close(); run(i + 1) end)
  end)
end
run(1)
`)
		r.wantClean(t)
		want := `1	error	DEPTH_ZERO_SELF_SIGNED_CERT	self-signed certificate	nil	nil
2	secure	false	DEPTH_ZERO_SELF_SIGNED_CERT
3	error	ERR_TLS_CERT_ALTNAME_INVALID	Hostname/IP does not match certificate's altnames: Host: wrong.test. is not in the cert's altnames: DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1	Host: wrong.test. is not in the cert's altnames: DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1	DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1
4	secure	false	ERR_TLS_CERT_ALTNAME_INVALID
5	error	SELF_SIGNED_CERT_IN_CHAIN	self-signed certificate in certificate chain	nil	nil
6	error	UNABLE_TO_VERIFY_LEAF_SIGNATURE	unable to verify the first certificate	nil	nil
7	secure	true	nil
8	secure	true	nil
9	error	CERT_HAS_EXPIRED	certificate has expired	nil	nil
  identity	localhost	localhost
10	error	nil	no thanks	nil	nil
`
		checkOutput(t, "outcomes", r.Out, want)
	})
}

// Client certificates: requestCert with the CA accepts the client's
// certificate (authorized, its subject visible), refuses a client without
// one in the handshake (tlsClientError on the server, the alert on the
// client), and with rejectUnauthorized = false lets an unknown one in
// with authorizationError set.
func TestTLSClientCertificates(t *testing.T) {
	f := makeTLSFixtures(t)
	bothIO(t, func(t *testing.T) {
		r := runTLS(t, f, netLimit, `
local function server(reject, after)
  local srv = tls.createServer({ key = pem('ss.key'), cert = pem('ss.pem'), ca = pem('ca.pem'),
      requestCert = true, rejectUnauthorized = reject }, function(s)
    local pc = s:getPeerCertificate()
    print('server', s.authorized, s.authorizationError, pc.subject and pc.subject.CN)
    s:on('error', function() end)
    s:_end('bye')
  end)
  srv:on('tlsClientError', function(e, sock) print('tlsClientError', e.code, sock.encrypted) end)
  srv:listen(0, '127.0.0.1', function() after(srv, srv:address().port) end)
end
local function client(port, opts, done)
  opts.port, opts.host, opts.ca = port, '127.0.0.1', pem('ss.pem')
  local c = tls.connect(opts)
  c:on('error', function(e) print('client error', e.code) end)
  c:on('data', function() end)
  c:on('close', done)
end
server(true, function(srv, port)
  client(port, { key = pem('client.key'), cert = pem('client.pem') }, function()
    client(port, {}, function()
      srv:close()
      server(false, function(srv2, port2)
        client(port2, { key = pem('other.key'), cert = pem('other.pem') }, function()
          client(port2, {}, function() srv2:close() end)
        end)
      end)
    end)
  end)
end)
`)
		r.wantClean(t)
		mustContain(t, r.Out,
			"server\ttrue\tnil\tclient\n",
			"tlsClientError\tERR_SSL_PEER_DID_NOT_RETURN_A_CERTIFICATE\ttrue\n",
			"client error\tERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED\n",
			"server\tfalse\tDEPTH_ZERO_SELF_SIGNED_CERT\tother.test\n",
			"server\tfalse\tUNABLE_TO_GET_ISSUER_CERT\tnil\n")
	})
}

// getSession's Buffer resumes the session with the `session` option;
// 'session' announces it; renegotiate is refused with Node's error;
// exportKeyingMaterial agrees on both sides.
func TestTLSSessionsAndRenegotiate(t *testing.T) {
	f := makeTLSFixtures(t)
	bothIO(t, func(t *testing.T) {
		r := runTLS(t, f, netLimit, `
local serverKM
local srv = tls.createServer({ key = pem('ss.key'), cert = pem('ss.pem') }, function(s)
  serverKM = s:exportKeyingMaterial(16, 'netsh test'):toString('hex')
  s:_end('x')
end)
srv:listen(0, '127.0.0.1', function()
  local port = srv:address().port
  local c
  c = tls.connect({ port = port, host = '127.0.0.1', ca = pem('ss.pem') }, function()
    print('first reused', c:isSessionReused())
    print('renegotiate returns', c:renegotiate({}, function(e) print('renegotiate', e.code, e.message, e.library, e.reason) end))
  end)
  c:on('data', function() end)
  c:once('session', function(sess)
    print('session event', Buffer.isBuffer(sess))
    local again
    again = tls.connect({ port = port, host = '127.0.0.1', ca = pem('ss.pem'), session = sess }, function()
      print('second reused', again:isSessionReused(), again.authorized)
      local km = again:exportKeyingMaterial(16, 'netsh test'):toString('hex')
      again:on('data', function() end)
      again:on('end', function() print('keying material agrees', km == serverKM); srv:close() end)
    end)
  end)
end)
`)
		r.wantClean(t)
		mustContain(t, r.Out, "first reused\tfalse\n", "renegotiate returns\tfalse\n",
			"renegotiate\tERR_SSL_WRONG_SSL_VERSION\terror:0A00010A:SSL routines::wrong ssl version\tSSL routines\twrong ssl version\n",
			"session event\ttrue\n", "second reused\ttrue\ttrue\n", "keying material agrees\ttrue\n")
	})
}

// SNICallback chooses the certificate by the name the client asked for;
// addContext does the same by pattern.
func TestTLSServerNameContexts(t *testing.T) {
	f := makeTLSFixtures(t)
	bothIO(t, func(t *testing.T) {
		r := runTLS(t, f, netLimit, `
local other = tls.createSecureContext({ key = pem('other.key'), cert = pem('other.pem') })
local srv = tls.createServer({ key = pem('ss.key'), cert = pem('ss.pem'),
  SNICallback = function(name, cb)
    print('sni', name)
    setTimeout(function() cb(nil, name == 'other.test' and other or nil) end, 5)
  end }, function(s) s:_end() end)
local srv2 = tls.createServer({ key = pem('ss.key'), cert = pem('ss.pem') }, function(s) s:_end() end)
srv2:addContext('*.test', { key = pem('other.key'), cert = pem('other.pem') })
local function ask(port, name, done)
  local c
  c = tls.connect({ port = port, host = '127.0.0.1', servername = name, rejectUnauthorized = false }, function()
    print(name, c:getPeerCertificate().subject.CN)
  end)
  c:on('data', function() end)
  c:on('close', done)
end
srv:listen(0, '127.0.0.1', function()
  srv2:listen(0, '127.0.0.1', function()
    ask(srv:address().port, 'other.test', function()
      ask(srv:address().port, 'localhost', function()
        ask(srv2:address().port, 'other.test', function() srv:close(); srv2:close() end)
      end)
    end)
  end)
end)
`)
		r.wantClean(t)
		checkOutput(t, "sni", r.Out, "sni\tother.test\nother.test\tother.test\nsni\tlocalhost\nlocalhost\tlocalhost\nother.test\tother.test\n")
	})
}

// tls.dial in a task: the secure socket read with receive(), and the
// certificate errors raised where the task waits.
func TestTLSDialSequential(t *testing.T) {
	f := makeTLSFixtures(t)
	bothIO(t, func(t *testing.T) {
		r := runTLS(t, f, netLimit, `
local srv = tls.createServer({ key = pem('ss.key'), cert = pem('ss.pem') }, function(s)
  s:on('error', function() end) -- the refused clients are gone already
  s:write('220 ready\r\n')
  s:setFraming('line')
  s:on('data', function(l) s:write('echo ' .. l .. '\r\n'); if l == 'QUIT' then s:_end() end end)
end)
srv:listen(0, '127.0.0.1')
netsh.wait(srv, 'listening')
local port = srv:address().port
local s = tls.dial(port, '127.0.0.1', { ca = pem('ss.pem'), servername = 'localhost' })
print(s.authorized, s:receive('*l'))
s:write('hello\r\nQUIT\r\n')
print(s:receive('*l'), s:receive('*l'), s:receive('*a'))
local ok, e = pcall(tls.dial, port, '127.0.0.1')
print(ok, e.code)
ok, e = pcall(tls.dial, port, '127.0.0.1', { ca = pem('ss.pem'), servername = 'nope.test' })
print(ok, e.code)
ok, e = pcall(tls.dial, 1, '127.0.0.1')
print(ok, e.code)
srv:close()
`)
		r.wantClean(t)
		checkOutput(t, "dial", r.Out, "true\t220 ready\necho hello\techo QUIT\t\nfalse\tDEPTH_ZERO_SELF_SIGNED_CERT\nfalse\tERR_TLS_CERT_ALTNAME_INVALID\nfalse\tECONNREFUSED\n")
	})
}

// Arguments are checked as Node checks them.
func TestTLSArgumentErrors(t *testing.T) {
	f := makeTLSFixtures(t)
	r := runTLS(t, f, shortLimit, `
local function try(fn, ...)
  local ok, e = pcall(fn, ...)
  print(ok, e.code, e.message)
end
try(tls.connect, { port = 1, minVersion = 'TLSv9' })
try(tls.connect, { port = 1, maxVersion = 'SSLv3' })
try(tls.connect, { port = 1, key = 42, cert = pem('ss.pem') })
try(tls.connect, { port = 1, ca = 'not a certificate' })
try(tls.createServer, { key = pem('other.key'), cert = pem('ss.pem') })
try(tls.createServer, { key = 'garbage', cert = pem('ss.pem') })
try(tls.createServer, { SNICallback = 1 })
try(tls.connect, { port = 1, ALPNProtocols = 'h2' })
try(tls.connect, { port = 1, checkServerIdentity = true })
try(tls.connect)
try(tls.selfSigned, { hosts = { 1 } })
local sc = tls.selfSigned{ hosts = { 'a.test' } }
print(#sc.fingerprint256, sc.key:find('PRIVATE KEY') ~= nil, sc.cert:find('BEGIN CERTIFICATE') ~= nil)
setTimeout(function() try(tls.dial, 1) end, 0)
`)
	r.wantClean(t)
	want := `false	ERR_TLS_INVALID_PROTOCOL_VERSION	'TLSv9' is not a valid minimum TLS protocol version
false	ERR_TLS_INVALID_PROTOCOL_VERSION	'SSLv3' is not a valid maximum TLS protocol version
false	ERR_INVALID_ARG_TYPE	The "options.key" property must be of type string or an instance of Buffer, TypedArray, or DataView. Received type number (42)
false	ERR_OSSL_PEM_NO_START_LINE	error:0480006C:PEM routines::no start line
false	ERR_OSSL_X509_KEY_VALUES_MISMATCH	error:05800074:x509 certificate routines::key values mismatch
false	ERR_OSSL_UNSUPPORTED	error:1E08010C:DECODER routines::unsupported
false	ERR_INVALID_ARG_TYPE	The "options.SNICallback" property must be of type function. Received type number (1)
false	ERR_INVALID_ARG_TYPE	The "options.ALPNProtocols" property must be an instance of Array, Buffer, TypedArray, or DataView. Received type string ('h2')
false	ERR_INVALID_ARG_TYPE	The "options.checkServerIdentity" property must be of type function. Received type boolean (true)
false	ERR_MISSING_ARGS	The "options" or "port" or "path" argument must be specified
false	ERR_INVALID_ARG_TYPE	The "options.hosts[1]" property must be a non-empty string. Received type number (1)
95	true	true
false	ERR_NOT_IN_TASK	tls.dial() waits, so it runs only in a task, and this is a callback: wrap the code in netsh.spawn(function() ... end)
`
	checkOutput(t, "errors", r.Out, want)
}

// A client that connects and never says hello is dropped after the
// server's handshakeTimeout with Node's error.
func TestTLSHandshakeTimeout(t *testing.T) {
	f := makeTLSFixtures(t)
	bothIO(t, func(t *testing.T) {
		r := runTLS(t, f, netLimit, `
local srv = tls.createServer({ key = pem('ss.key'), cert = pem('ss.pem'), handshakeTimeout = 100 }, function() end)
srv:on('tlsClientError', function(e, s)
  print('tlsClientError', e.code, e.message)
  srv:close()
end)
srv:listen(0, '127.0.0.1', function()
  local mute = net.connect(srv:address().port, '127.0.0.1')
  mute:on('close', function() print('dropped') end)
end)
`)
		r.wantClean(t)
		checkOutput(t, "timeout", r.Out, "tlsClientError\tERR_TLS_HANDSHAKE_TIMEOUT\tTLS handshake timeout\ndropped\n")
	})
}

// setSecureContext: connections made after it get the new certificate;
// it takes an options table, as Node's validateObject demands.
func TestTLSSetSecureContext(t *testing.T) {
	f := makeTLSFixtures(t)
	r := runTLS(t, f, netLimit, `
local srv = tls.createServer({ key = pem('ss.key'), cert = pem('ss.pem') }, function(s)
  s:on('error', function() end)
  s:_end('hi')
end)
srv:listen(0, '127.0.0.1')
netsh.wait(srv, 'listening')
local port = srv:address().port
local function subject(servername, ca)
  local s = tls.dial(port, '127.0.0.1', { ca = pem(ca), servername = servername })
  local cn = s:getPeerCertificate().subject.CN
  s:receive('*a')
  return cn
end
print(subject('localhost', 'ss.pem'))
srv:setSecureContext({ key = pem('other.key'), cert = pem('other.pem') })
print(subject('other.test', 'other.pem'))
local ok, e = pcall(srv.setSecureContext, srv)
print(ok, e.code)
srv:close()
`)
	r.wantClean(t)
	lines := strings.Split(r.Out, "\n")
	if len(lines) < 3 || lines[0] == lines[1] || lines[0] == "" || lines[1] == "" || lines[2] != "false\tERR_INVALID_ARG_TYPE" {
		t.Fatalf("got %q: want two different subjects, then the argument error", r.Out)
	}
}
