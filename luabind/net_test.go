package luabind

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/netsh/netsh/internal/testkit"
)

func TestNetEchoInOneRuntime(t *testing.T) { bothIO(t, testNetEchoInOneRuntime) }

func testNetEchoInOneRuntime(t *testing.T) {
	r := runLua(t, netLimit, `
local net = require('net')
local srv = net.createServer(function(sock)
  sock:on('data', function(d) sock:write('echo:' .. tostring(d)) end)
end)
srv:listen(0, '127.0.0.1', function()
  local a = srv:address()
  print('listening', a.address, a.family, a.port > 0)
  local c = net.connect(a.port, '127.0.0.1', function() print('connected') end)
  c:write('hello')
  c:on('data', function(d) print('got', tostring(d)); c:_end() end)
  c:on('close', function(hadError) print('closed', hadError); srv:close(function(err) print('server closed', err) end) end)
end)`)
	r.wantCode(t, 0)
	mustContain(t, r.Out, "listening\t127.0.0.1\tIPv4\ttrue", "connected", "got\techo:hello", "closed\tfalse", "server closed\tnil")
}

// A Go client against a Lua server: 1 MiB arrives whole and in order.
func TestNetLuaServerGoClientBulk(t *testing.T) { bothIO(t, testNetLuaServerGoClientBulk) }

func testNetLuaServerGoClientBulk(t *testing.T) {
	port := strconv.Itoa(testkit.FreePort(t)) // for the Lua server
	payload := make([]byte, 1<<20)
	for i := range payload {
		payload[i] = byte(i * 7)
	}
	result := make(chan error, 1)
	go func() {
		// The Lua server listens once its runtime has started the script.
		var c net.Conn
		var err error
		testkit.Eventually(netLimit, func() bool { c, err = net.Dial("tcp", "127.0.0.1:"+port); return err == nil })
		if err != nil {
			result <- err
			return
		}
		defer c.Close()
		go func() { c.Write(payload); c.(*net.TCPConn).CloseWrite() }()
		got, err := io.ReadAll(c)
		if err != nil {
			result <- err
			return
		}
		if !bytes.Equal(got, payload) {
			result <- fmt.Errorf("echo differs: got %d bytes, want %d", len(got), len(payload))
			return
		}
		result <- nil
	}()
	r := runLua(t, netLimit, `
local net = require('net')
local srv
srv = net.createServer(function(sock)
  sock:on('data', function(d) sock:write(d) end)
  sock:on('end', function() print('end', sock.bytesRead) end)
  sock:on('close', function() srv:close() end)
end):listen(tonumber(process.argv[2]), '127.0.0.1')`, port)
	if err := <-result; err != nil {
		t.Fatal(err)
	}
	r.wantCode(t, 0)
	mustContain(t, r.Out, "end\t1048576")
}

// A Lua client against a Go server, with half-open: the client ends, the
// server still replies after reading EOF, and the client receives it.
func TestNetLuaClientGoServerHalfOpen(t *testing.T) { bothIO(t, testNetLuaClientGoServerHalfOpen) }

func testNetLuaClientGoServerHalfOpen(t *testing.T) {
	port := goPeer(t, func(c net.Conn) {
		got, _ := io.ReadAll(c)
		c.Write([]byte("you said " + string(got)))
	})
	r := runLua(t, netLimit, `
local net = require('net')
local c = net.connect({ port = tonumber(process.argv[2]), host = '127.0.0.1', allowHalfOpen = true })
c:on('connect', function() c:_end('ping') end)
local got = ''
c:on('data', function(d) got = got .. tostring(d) end)
c:on('end', function() print('reply', got) end)
c:on('close', function() print('closed', c.destroyed, c.readyState) end)`, port)
	r.wantCode(t, 0)
	mustContain(t, r.Out, "reply\tyou said ping", "closed\ttrue\tclosed")
}

func TestNetConnectionRefused(t *testing.T) { bothIO(t, testNetConnectionRefused) }

func testNetConnectionRefused(t *testing.T) {
	port := testkit.FreePort(t) // nothing listens there
	r := runLua(t, netLimit, `
local c = require('net').connect(tonumber(process.argv[2]), '127.0.0.1')
c:on('error', function(e)
  print(tostring(e)); print(e.code, e.syscall, e.address, e.port, e.errno < 0)
end)
c:on('close', function(hadError) print('close', hadError) end)`, strconv.Itoa(port))
	mustContain(t, r.Out,
		"Error: connect ECONNREFUSED 127.0.0.1:"+strconv.Itoa(port),
		"ECONNREFUSED\tconnect\t127.0.0.1\t"+strconv.Itoa(port)+"\ttrue",
		"close\ttrue")
}

func TestNetUnhandledErrorIsUncaught(t *testing.T) { bothIO(t, testNetUnhandledErrorIsUncaught) }

func testNetUnhandledErrorIsUncaught(t *testing.T) {
	port := testkit.FreePort(t) // nothing listens there
	r := runLua(t, netLimit, `require('net').connect(tonumber(process.argv[2]), '127.0.0.1')`, strconv.Itoa(port))
	r.wantCode(t, 1)
	mustContain(t, r.Err, "Unhandled 'error' event", "ECONNREFUSED")
}

func TestNetAddressInUse(t *testing.T) { bothIO(t, testNetAddressInUse) }

func testNetAddressInUse(t *testing.T) {
	port := strconv.Itoa(testkit.Listen(t).Addr().(*net.TCPAddr).Port)
	r := runLua(t, netLimit, `
local srv = require('net').createServer()
srv:on('error', function(e) print(tostring(e)); print(e.code, e.syscall, e.errno < 0, srv.listening) end)
srv:listen(tonumber(process.argv[2]), '127.0.0.1')`, port)
	mustContain(t, r.Out, "Error: listen EADDRINUSE: address already in use 127.0.0.1:"+port, "EADDRINUSE\tlisten\ttrue\tfalse")
}

func TestNetWriteAfterEndAndDestroyed(t *testing.T) { bothIO(t, testNetWriteAfterEndAndDestroyed) }

func testNetWriteAfterEndAndDestroyed(t *testing.T) {
	r := runLua(t, netLimit, `
local net = require('net')
local never = net.Socket()
never:on('error', function(e) print('never error', e.code) end)
print('never connected returns', never:write('x', function(e) print('never cb', tostring(e)) end))
local srv = net.createServer(function(s) s:on('data', function() end) end)
srv:listen(0, '127.0.0.1', function()
  local c
  c = net.connect(srv:address().port, '127.0.0.1', function()
    c:_end()
    print('write after end returns', c:write('x', function(e) print('cb', tostring(e)) end))
  end)
  c:on('error', function(e) print('error', e.code, e.message) end)
  c:on('close', function()
    local d
    d = net.connect(srv:address().port, '127.0.0.1', function()
      d:destroy()
      print('write after destroy returns', d:write('y', function(e) print('dcb', e.code) end))
    end)
    d:on('close', function() srv:close() end)
  end)
end)`)
	r.wantCode(t, 0)
	mustContain(t, r.Out, "never connected returns\tfalse", "never cb\tError [ERR_SOCKET_CLOSED]: Socket is closed",
		"never error\tERR_SOCKET_CLOSED", "write after end returns\tfalse",
		"cb\tError [ERR_STREAM_WRITE_AFTER_END]: write after end",
		"error\tERR_STREAM_WRITE_AFTER_END\twrite after end",
		"write after destroy returns\tfalse", "dcb\tERR_STREAM_DESTROYED")
}

func TestNetBadArguments(t *testing.T) { bothIO(t, testNetBadArguments) }

func testNetBadArguments(t *testing.T) {
	r := runLua(t, netLimit, `
local net = require('net')
local function try(f) local ok, e = pcall(f); print(ok, tostring(e), type(e) == 'table' and e.code) end
try(function() net.createServer():listen(70000) end)
try(function() net.connect(-1) end)
try(function() net.connect({ port = 'abc' }) end)
try(function() net.connect() end)
local s = net.createServer():listen(0, '127.0.0.1')
try(function() s:listen(0) end)
try(function() net.createServer(42) end)
local c = net.connect(1, '127.0.0.1'); c:on('error', function() end)
try(function() c:write(42) end)
try(function() c:setEncoding('klingon') end)
try(function() c.write('x') end)
try(function() setTimeout(42) end)
try(function() c:on('data', 'notafunction') end)
s:close(); c:destroy()`)
	r.wantCode(t, 0)
	mustContain(t, r.Out,
		"false\tRangeError [ERR_SOCKET_BAD_PORT]: options.port should be >= 0 and < 65536. Received type number (70000).\tERR_SOCKET_BAD_PORT",
		"false\tRangeError [ERR_SOCKET_BAD_PORT]: Port should be >= 0 and < 65536. Received type number (-1).",
		"Received type string ('abc').",
		"ERR_MISSING_ARGS",
		"ERR_SERVER_ALREADY_LISTEN",
		`false	TypeError [ERR_INVALID_ARG_TYPE]: The "options" argument must be of type object. Received type number (42)`,
		`false	TypeError [ERR_INVALID_ARG_TYPE]: The "chunk" argument must be of type string or an instance of Buffer, TypedArray, or DataView. Received type number (42)`,
		"ERR_UNKNOWN_ENCODING", "ERR_INVALID_THIS",
		`The "callback" argument must be of type function. Received type number (42)`,
		`The "listener" argument must be of type function. Received type string ('notafunction')`)
}

func TestNetServerCloseWaitsForConnections(t *testing.T) {
	bothIO(t, testNetServerCloseWaitsForConnections)
}

func testNetServerCloseWaitsForConnections(t *testing.T) {
	r := runLua(t, netLimit, `
local net = require('net')
local srv
srv = net.createServer(function(sock)
  srv:getConnections(function(err, n) print('connections', err, n) end)
  srv:close(function() print('server close event') end)
  print('listening after close', srv.listening)
  setTimeout(function() print('ending client socket'); sock:_end('bye') end, 50)
end)
srv:listen(0, '127.0.0.1', function()
  local c = net.connect(srv:address().port, '127.0.0.1')
  c:on('data', function(d) print('client got', tostring(d)) end)
end)
srv:on('close', function() print('close after connections ended') end)`)
	r.wantCode(t, 0)
	mustContain(t, r.Out, "connections\tnil\t1", "listening after close\tfalse", "client got\tbye")
	if strings.Index(r.Out, "ending client socket") > strings.Index(r.Out, "server close event") {
		t.Fatalf("server 'close' came before its last connection ended:\n%s", r.Out)
	}
}

func TestNetMaxConnectionsDrops(t *testing.T) { bothIO(t, testNetMaxConnectionsDrops) }

func testNetMaxConnectionsDrops(t *testing.T) {
	r := runLua(t, netLimit, `
local net = require('net')
local srv = net.createServer(function(sock) print('accepted') end)
srv.maxConnections = 1
print('max', srv.maxConnections)
srv:on('drop', function(info) print('drop', info.remoteAddress, info.localPort == srv:address().port); srv:close() end)
srv:listen(0, '127.0.0.1', function()
  local a = net.connect(srv:address().port, '127.0.0.1')
  a:on('connect', function()
    local b = net.connect(srv:address().port, '127.0.0.1')
    b:on('error', function() end)
    b:on('close', function() a:destroy() end)
  end)
end)`)
	mustContain(t, r.Out, "max\t1", "accepted", "drop\t127.0.0.1\ttrue")
}

func TestNetIPv6AndLocalhost(t *testing.T) { bothIO(t, testNetIPv6AndLocalhost) }

func testNetIPv6AndLocalhost(t *testing.T) {
	if ln, err := net.Listen("tcp", "[::1]:0"); err != nil {
		t.Skipf("no IPv6 loopback on this machine: %v", err)
	} else {
		ln.Close()
	}
	r := runLua(t, netLimit, `
local net = require('net')
local srv = net.createServer(function(sock)
  print('remote', sock.remoteAddress, sock.remoteFamily)
  sock:_end('six')
end)
srv:listen(0, '::1', function()
  local a = srv:address()
  print('addr', a.address, a.family)
  local c = net.connect({ port = a.port, host = '::1' })
  c:on('data', function(d) print('data', tostring(d)) end)
  c:on('close', function()
    -- localhost resolves through the system resolver and emits lookup.
    local s2
    s2 = net.createServer(function(s) s:destroy() end):listen(0, '127.0.0.1', function()
      local d = net.connect(s2:address().port, 'localhost')
      d:on('lookup', function(err, address, family, host) print('lookup', err, address, family, host) end)
      d:on('close', function() s2:close(); srv:close() end)
    end)
  end)
end)`)
	r.wantCode(t, 0)
	mustContain(t, r.Out, "addr\t::1\tIPv6", "remote\t::1\tIPv6", "data\tsix", "lookup\tnil\t127.0.0.1\t4\tlocalhost")
}

func TestNetUnixSocket(t *testing.T) { bothIO(t, testNetUnixSocket) }

func testNetUnixSocket(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.sock")
	r := runLua(t, netLimit, `
local net = require('net')
local path = process.argv[2]
local srv = net.createServer(function(sock) sock:on('data', function(d) sock:_end('ipc:' .. tostring(d)) end) end)
srv:listen(path, function()
  print('address', srv:address() == path)
  local c
  c = net.connect(path, function() c:write('hi') end)
  c:on('data', function(d) print(tostring(d)) end)
  c:on('close', function() srv:close() end)
end)`, path)
	r.wantCode(t, 0)
	mustContain(t, r.Out, "address\ttrue", "ipc:hi")
	if _, err := os.Stat(path); err == nil {
		t.Fatal("the socket file is still there after close")
	}
}

// pause() stops data; the peer's writes back up; resume() delivers the rest
// whole; a big write returns false and 'drain' follows.
func TestNetBackpressure(t *testing.T) { bothIO(t, testNetBackpressure) }

func testNetBackpressure(t *testing.T) {
	r := runLua(t, netLimit, `
local net = require('net')
local total = 4 * 1024 * 1024
local srv = net.createServer(function(sock)
  local got, paused = 0, false
  sock:on('data', function(d)
    got = got + #d
    if not paused and got > 64 * 1024 then
      paused = true
      sock:pause()
      print('paused', sock:isPaused())
      setTimeout(function() print('resuming'); sock:resume() end, 100)
    end
  end)
  sock:on('end', function() print('server got', got) end)
end)
srv:listen(0, '127.0.0.1', function()
  local c = net.connect(srv:address().port, '127.0.0.1')
  local chunk = string.rep('x', 1024 * 1024)
  local ok = true
  for i = 1, 4 do ok = c:write(chunk) end
  print('write returned', ok, c.writableLength > 0)
  c:on('drain', function() print('drain', c.writableLength); c:_end() end)
  c:on('close', function() srv:close() end)
end)`)
	r.wantCode(t, 0)
	mustContain(t, r.Out, "write returned\tfalse\ttrue", "paused\ttrue", "resuming", "drain\t0", "server got\t4194304")
}

func TestNetSetTimeout(t *testing.T) { bothIO(t, testNetSetTimeout) }

func testNetSetTimeout(t *testing.T) {
	r := runLua(t, netLimit, `
local net = require('net')
local srv = net.createServer(function(sock)
  sock:setTimeout(50, function() print('timeout', sock.timeout); sock:destroy() end)
end)
srv:listen(0, '127.0.0.1', function()
  local c = net.connect(srv:address().port, '127.0.0.1')
  c:on('close', function() print('client closed'); srv:close() end)
end)`)
	mustContain(t, r.Out, "timeout\t50", "client closed")
}

func TestNetUnrefServerLetsScriptExit(t *testing.T) { bothIO(t, testNetUnrefServerLetsScriptExit) }

func testNetUnrefServerLetsScriptExit(t *testing.T) {
	start := time.Now()
	r := runLua(t, netLimit, `
local srv = require('net').createServer():listen(0, '127.0.0.1')
srv:unref()
print('listening', srv.listening)`)
	if r.Code != 0 || time.Since(start) > 5*time.Second {
		t.Fatalf("unref'd server kept the script alive (exit %d)", r.Code)
	}
	mustContain(t, r.Out, "listening\ttrue")
}

func TestNetPauseOnConnectAndEncoding(t *testing.T) { bothIO(t, testNetPauseOnConnectAndEncoding) }

func testNetPauseOnConnectAndEncoding(t *testing.T) {
	r := runLua(t, netLimit, `
local net = require('net')
local srv = net.createServer({ pauseOnConnect = true }, function(sock)
  sock:setEncoding('utf8')
  print('paused at connect', sock:isPaused())
  sock:on('data', function(d) print('data type', type(d), d); sock:destroy() end)
  setTimeout(function() sock:resume() end, 30)
end)
srv:listen(0, '127.0.0.1', function()
  local c
  c = net.connect(srv:address().port, '127.0.0.1', function() c:write('привет') end)
  c:on('close', function() srv:close() end)
end)`)
	mustContain(t, r.Out, "paused at connect\ttrue", "data type\tstring\tпривет")
}

func TestNetSocketProperties(t *testing.T) { bothIO(t, testNetSocketProperties) }

func testNetSocketProperties(t *testing.T) {
	r := runLua(t, netLimit, `
local net = require('net')
local srv = net.createServer(function(sock) sock:on('data', function(d) sock:write(d) end) end)
srv:listen(0, '127.0.0.1', function()
  local c = net.Socket()
  print('before', c.pending, c.connecting, c.readyState, c.remoteAddress)
  c:connect(srv:address().port, '127.0.0.1')
  print('connecting', c.connecting, c.readyState)
  c:on('ready', function()
    print('ready', c.pending, c.readyState, c.remoteFamily, c.localAddress, c.localPort > 0, c.remotePort == srv:address().port)
    local a = c:address()
    print('address', a.address, a.family, a.port == c.localPort)
    c:write('abc')
  end)
  c:on('data', function(d)
    print('bytes', c.bytesRead, c.bytesWritten)
    c.user = 'field'
    print('user field', c.user)
    c:_end()
  end)
  c:on('close', function() srv:close() end)
end)`)
	r.wantCode(t, 0)
	mustContain(t, r.Out, "before\ttrue\tfalse\tclosed\tnil", "connecting\ttrue\topening",
		"ready\tfalse\topen\tIPv4\t127.0.0.1\ttrue\ttrue", "address\t127.0.0.1\tIPv4\ttrue",
		"bytes\t3\t3", "user field\tfield")
}

// Many writes from Lua arrive whole and in order; the SHA-256 of what the
// Go peer read matches.
func TestNetManyWritesInOrder(t *testing.T) { bothIO(t, testNetManyWritesInOrder) }

func testNetManyWritesInOrder(t *testing.T) {
	sum := make(chan [32]byte, 1)
	port := goPeer(t, func(c net.Conn) {
		h := sha256.New()
		io.Copy(h, c)
		var s [32]byte
		copy(s[:], h.Sum(nil))
		sum <- s
	})
	var want bytes.Buffer
	for i := 1; i <= 20000; i++ {
		fmt.Fprintf(&want, "line %d\n", i)
	}
	r := runLua(t, netLimit, `
local c = require('net').connect(tonumber(process.argv[2]), '127.0.0.1')
for i = 1, 20000 do c:write('line ' .. i .. '\n') end
c:_end()`, port)
	r.wantCode(t, 0)
	if got := <-sum; got != sha256.Sum256(want.Bytes()) {
		t.Fatal("the bytes the peer read differ from what Lua wrote")
	}
}

func TestNetIsIP(t *testing.T) { bothIO(t, testNetIsIP) }

func testNetIsIP(t *testing.T) {
	r := runLua(t, netLimit, `
local net = require('net')
for _, s in ipairs({'1.2.3.4', '01.2.3.4', '::1', 'fe80::1%eth0', '::ffff:1.2.3.4', 'abc', ''}) do
  print(s, net.isIP(s), net.isIPv4(s), net.isIPv6(s))
end
print(net.isIP(42))`)
	mustContain(t, r.Out, "1.2.3.4\t4\ttrue\tfalse", "01.2.3.4\t0\tfalse\tfalse", "::1\t6\tfalse\ttrue",
		"fe80::1%eth0\t6", "::ffff:1.2.3.4\t6", "abc\t0", "false\n0\n")
}

// The peer resets the connection: the reader reports `read ECONNRESET`.
func TestNetConnReset(t *testing.T) { bothIO(t, testNetConnReset) }

func testNetConnReset(t *testing.T) {
	r := runLua(t, netLimit, `
local net = require('net')
local srv = net.createServer(function(sock) sock:on('data', function() sock:resetAndDestroy() end) end)
srv:listen(0, '127.0.0.1', function()
  local c
  c = net.connect(srv:address().port, '127.0.0.1', function() c:write('x') end)
  c:on('error', function(e) print(tostring(e), e.code, e.syscall) end)
  c:on('close', function(hadError) print('close', hadError); srv:close() end)
end)`)
	r.wantCode(t, 0)
	mustContain(t, r.Out, "Error: read ECONNRESET\tECONNRESET\tread", "close\ttrue")
}

// Writing to a peer that has gone away gives `write EPIPE`: the socket is
// paused so it never reads the peer's FIN, then the second write fails.
func TestNetWriteEPIPE(t *testing.T) { bothIO(t, testNetWriteEPIPE) }

func testNetWriteEPIPE(t *testing.T) {
	port := goPeer(t, func(net.Conn) {}) // gone at once
	r := runLua(t, netLimit, `
local c
c = require('net').connect(tonumber(process.argv[2]), '127.0.0.1', function()
  c:pause()
  setTimeout(function() c:write('a') end, 50)
  setTimeout(function() c:write('b') end, 150)
  setTimeout(function() c:write('c') end, 250)
end)
c:on('error', function(e) print(tostring(e), e.code) end)
c:on('close', function(hadError) print('close', hadError) end)`, port)
	r.wantCode(t, 0)
	mustContain(t, r.Out, "Error: write EPIPE\tEPIPE", "close\ttrue")
}

// 0.0.0.0 listens on IPv4 only (peers show as 127.0.0.1), while no host
// listens dual-stack on :: (IPv4 peers show as ::ffff:127.0.0.1), as in Node.
func TestNetListenFamilies(t *testing.T) { bothIO(t, testNetListenFamilies) }

func testNetListenFamilies(t *testing.T) {
	r := runLua(t, netLimit, `
local net = require('net')
local function probe(host, done)
  local srv
  srv = net.createServer(function(sock)
    print(host or 'default', srv:address().address, srv:address().family, sock.remoteAddress, sock.remoteFamily)
    sock:destroy(); srv:close(); done()
  end)
  srv:listen(0, host, function() net.connect(srv:address().port, '127.0.0.1'):on('error', function() end) end)
end
probe('0.0.0.0', function() probe(nil, function() end) end)`)
	r.wantCode(t, 0)
	mustContain(t, r.Out, "0.0.0.0\t0.0.0.0\tIPv4\t127.0.0.1\tIPv4", "default\t::\tIPv6\t::ffff:127.0.0.1\tIPv6")
}

// A socket does not flow until a 'data' listener, resume() or pipe() asks
// for it: what arrives first is held, not lost; an EOF behind unread data
// waits, while an EOF with nothing unread ends the socket, as in Node.
func TestNetSocketHoldsDataUntilItFlows(t *testing.T) { bothIO(t, testNetSocketHoldsDataUntilItFlows) }

func testNetSocketHoldsDataUntilItFlows(t *testing.T) {
	r := runLua(t, netLimit, `
local net = require('net')
local srv
srv = net.createServer(function(sock)
  print('flowing at connect', sock.readableFlowing)
  setTimeout(function()
    sock:on('data', function(d) print('late listener got', tostring(d)) end)
    print('flowing after on(data)', sock.readableFlowing)
    sock:on('end', function() print('end after data'); srv:close() end)
  end, 100)
end)
srv:listen(0, '127.0.0.1', function()
  local c = net.connect(srv:address().port, '127.0.0.1')
  c:on('connect', function() c:_end('sent early') end)
  -- a socket nobody reads still ends when the peer ends with nothing sent
  local s2 = net.createServer(function(sock) sock:on('end', function() print('quiet socket ended') end) end)
  s2:listen(0, '127.0.0.1', function()
    local q; q = net.connect(s2:address().port, '127.0.0.1', function() q:_end() end)
    q:on('close', function() s2:close() end)
  end)
end)`)
	r.wantCode(t, 0)
	mustContain(t, r.Out, "flowing at connect\tnil", "late listener got\tsent early", "flowing after on(data)\ttrue",
		"end after data", "quiet socket ended")
}

// close() on a server that is not listening calls back with
// ERR_SERVER_NOT_RUNNING (and 'close' is still emitted), as in Node.
func TestNetCloseNotRunning(t *testing.T) { bothIO(t, testNetCloseNotRunning) }

func testNetCloseNotRunning(t *testing.T) {
	r := runLua(t, netLimit, `
local srv = require('net').createServer()
srv:on('close', function() print('close event') end)
srv:close(function(err) print(tostring(err), err.code) end)`)
	r.wantCode(t, 0)
	mustContain(t, r.Out, "Error [ERR_SERVER_NOT_RUNNING]: Server is not running.\tERR_SERVER_NOT_RUNNING", "close event")
}
