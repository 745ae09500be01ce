package luabind

import (
	"io"
	"net"
	"strconv"
	"strings"
	"testing"
	"time"
)

// A write made while connecting goes out before the writes made in the
// 'connect' listener, as in Node: the server reads "123", not "231".
func TestNetConnectWriteOrder(t *testing.T) { bothIO(t, testNetConnectWriteOrder) }

func testNetConnectWriteOrder(t *testing.T) {
	r := runLua(t, netLimit, `
local net = require('net')
local srv
srv = net.createServer(function(s)
  local got = ''
  s:on('data', function(d) got = got .. tostring(d) end)
  s:on('end', function() print('server got', got); srv:close() end)
end)
srv:listen(0, '127.0.0.1', function()
  local c = net.connect(srv:address().port, '127.0.0.1')
  c:write('1')
  c:on('connect', function() c:write('2'); c:_end('3') end)
end)`)
	if r.Code != 0 {
		t.Fatalf("exit %d: %s", r.Code, r.Err)
	}
	mustContain(t, r.Out, "server got\t123\n")
}

// setEncoding's decoder is flushed when the stream ends, as Node's
// StringDecoder.end(): base64 keeps its last 1-2 bytes and utf8 turns a
// trailing partial character into U+FFFD, whether the socket was flowing
// when the data came or a listener came later.
func TestNetSetEncodingFlushesAtEnd(t *testing.T) { bothIO(t, testNetSetEncodingFlushesAtEnd) }

func testNetSetEncodingFlushesAtEnd(t *testing.T) {
	r := runLua(t, netLimit, `
local net = require('net')
local cases = {
  { 'base64', {0x61, 0x62, 0x63, 0x64}, false },
  { 'base64', {0x61, 0x62, 0x63, 0x64, 0x65}, true },
  { 'utf8', {0x61, 0xC3}, false },
  { 'hex', {0x01, 0xff}, false },
}
local srv
srv = net.createServer(function(s) s:on('data', function(d)
  local c = cases[tonumber(tostring(d))]
  s:_end(Buffer.from(c[2]))
end) end)
local function run(i)
  if i > #cases then srv:close() return end
  local c = cases[i]
  local sock = net.connect(srv:address().port, '127.0.0.1')
  sock:setEncoding(c[1])
  sock:write(tostring(i))
  local got = ''
  local function listen()
    sock:on('data', function(d) got = got .. d end)
    sock:on('end', function() print(i, c[1], got) end)
  end
  if c[3] then setTimeout(listen, 50) else listen() end
  sock:on('close', function() run(i + 1) end)
end
srv:listen(0, '127.0.0.1', function() run(1) end)`)
	if r.Code != 0 {
		t.Fatalf("exit %d: %s", r.Code, r.Err)
	}
	mustContain(t, r.Out, "1\tbase64\tYWJjZA==\n", "2\tbase64\tYWJjZGU=\n", "3\tutf8\ta\uFFFD\n", "4\thex\t01ff\n")
}

// A socket connected again from its 'close' listener gets the new
// connection's 'data', 'end' and 'close', with its counters and addresses
// for that connection only, as in Node.
func TestNetReconnectFromClose(t *testing.T) { bothIO(t, testNetReconnectFromClose) }

func testNetReconnectFromClose(t *testing.T) {
	r := runLua(t, netLimit, `
local net = require('net')
local srv
srv = net.createServer(function(s) s:resume(); s:_end('hi') end)
srv:listen(0, '127.0.0.1', function()
  local port = srv:address().port
  local c = net.connect(port, '127.0.0.1')
  local n = 0
  c:on('connect', function() print('connect', n, c.readyState, c.remotePort == port) end)
  c:on('data', function(d) print('data', n, tostring(d)) end)
  c:on('end', function() print('end', n) end)
  c:on('close', function(e)
    print('close', n, e, c.bytesRead, c.bytesWritten)
    n = n + 1
    if n < 2 then
      c:connect(port, '127.0.0.1')
      c:write('ab')
      print('reconnecting', c.readyState, c.bytesRead, c.bytesWritten, c.remotePort)
    else
      srv:close()
    end
  end)
  c:write('abc')
end)`)
	if r.Code != 0 {
		t.Fatalf("exit %d: %s", r.Code, r.Err)
	}
	mustContain(t, r.Out, "connect\t0\topen\ttrue", "data\t0\thi", "end\t0", "close\t0\tfalse\t2\t3",
		"reconnecting\topening\t0\t2\tnil", "connect\t1\topen\ttrue", "data\t1\thi", "end\t1", "close\t1\tfalse\t2\t2")
}

// A socket destroyed while connecting calls back the writes it queued
// with ERR_SOCKET_CLOSED_BEFORE_CONNECTION, after 'error' and before
// 'close', and emits no 'error' of its own for them, as in Node.
func TestNetWriteCallbackDestroyedWhileConnecting(t *testing.T) {
	bothIO(t, testNetWriteCallbackDestroyedWhileConnecting)
}

func testNetWriteCallbackDestroyedWhileConnecting(t *testing.T) {
	r := runLua(t, netLimit, `
local net = require('net')
local srv = net.createServer(function(s) s:destroy() end)
srv:listen(0, '127.0.0.1', function()
  local port = srv:address().port
  local a = net.connect(port, '127.0.0.1')
  a:write('x', function(e) print('a cb', tostring(e), e.code) end)
  a:on('error', function(e) print('a error', e.code) end)
  a:on('close', function(h)
    print('a close', h)
    local b = net.connect(port, '127.0.0.1')
    b:write('y', function(e) print('b cb', e.code) end)
    b:on('error', function(e) print('b error', e.message) end)
    b:on('close', function(h) print('b close', h); srv:close() end)
    b:destroy(Error('boom'))
  end)
  a:destroy()
end)`)
	if r.Code != 0 {
		t.Fatalf("exit %d: %s", r.Code, r.Err)
	}
	want := []string{
		"a cb\tError [ERR_SOCKET_CLOSED_BEFORE_CONNECTION]: Socket closed before the connection was established\tERR_SOCKET_CLOSED_BEFORE_CONNECTION\n",
		"a close\tfalse\n", "b error\tboom\n", "b cb\tERR_SOCKET_CLOSED_BEFORE_CONNECTION\n", "b close\ttrue\n",
	}
	mustContain(t, r.Out, want...)
	mustInOrder(t, r.Out, want...)
	if strings.Contains(r.Out, "a error") {
		t.Fatalf("an 'error' was emitted for the callback's error:\n%s", r.Out)
	}
}

// mustInOrder fails unless the wants appear in got in this order.
func mustInOrder(t *testing.T, got string, wants ...string) {
	t.Helper()
	at := 0
	for _, w := range wants {
		i := strings.Index(got[at:], w)
		if i < 0 {
			t.Fatalf("%q missing or out of order; got:\n%s", w, got)
		}
		at += i + len(w)
	}
}

// tcpPeer listens on 127.0.0.1:0 and serves the first connection with
// serve on its own goroutine; the test's end closes both, and waits for
// serve to return.
func tcpPeer(t *testing.T, serve func(c *net.TCPConn)) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	conns := make(chan net.Conn, 1)
	done := make(chan struct{})
	go func() {
		defer close(done)
		c, err := ln.Accept()
		if err != nil {
			return
		}
		conns <- c
		serve(c.(*net.TCPConn))
	}()
	t.Cleanup(func() {
		ln.Close()
		select {
		case c := <-conns:
			c.Close()
		default:
		}
		select {
		case <-done:
		case <-time.After(netLimit):
			t.Error("the Go peer did not stop")
		}
	})
	return strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
}

// holdOpen serves by keeping the connection open, after sending data,
// until the test ends.
func holdOpen(data []byte) func(c *net.TCPConn) {
	return func(c *net.TCPConn) {
		c.Write(data)
		io.Copy(io.Discard, c)
	}
}

// finAfter serves by sending data, then its FIN after d.
func finAfter(data []byte, d time.Duration) func(c *net.TCPConn) {
	return func(c *net.TCPConn) {
		c.Write(data)
		time.Sleep(d)
		c.CloseWrite()
		io.Copy(io.Discard, c)
	}
}

// A socket with nothing in flight does not keep the process alive, as a
// libuv handle that is not reading and not writing does not: one holding
// unread data and the peer's FIN, one paused before it read anything, one
// that stopped reading because it holds more than its high-water mark.
// Each script exits while its peer still holds the connection open.
func TestNetIdleSocketLetsProcessExit(t *testing.T) { bothIO(t, testNetIdleSocketLetsProcessExit) }

func testNetIdleSocketLetsProcessExit(t *testing.T) {
	t.Run("unread data and FIN", func(t *testing.T) {
		r := runLua(t, netLimit, `
local net = require('net')
local srv
srv = net.createServer(function(s) s:_end('bye'); srv:close() end)
srv:listen(0, '127.0.0.1', function()
  local c = net.connect(srv:address().port, '127.0.0.1')
  c:on('data', function(d) print('client got', tostring(d)) end)
  c:on('close', function() print('client closed') end)
  c:_end('hello')
end)`)
		if r.Code != 0 {
			t.Fatalf("exit %d: %s", r.Code, r.Err)
		}
		mustContain(t, r.Out, "client got\tbye", "client closed")
	})
	t.Run("paused at connect", func(t *testing.T) {
		port := tcpPeer(t, holdOpen([]byte("data")))
		r := runLua(t, netLimit, `
local c
c = require('net').connect(tonumber(process.argv[2]), '127.0.0.1', function() c:pause(); print('paused') end)`, port)
		mustContain(t, r.Out, "paused")
	})
	t.Run("holding more than the high-water mark", func(t *testing.T) {
		port := tcpPeer(t, holdOpen(make([]byte, 1<<20)))
		r := runLua(t, netLimit, `
local c = require('net').connect(tonumber(process.argv[2]), '127.0.0.1')
c:on('connect', function() print('connected') end)`, port)
		mustContain(t, r.Out, "connected")
	})
}

// A socket that is still reading, or still has bytes to write, keeps the
// process alive, as in Node: each script sees its peer's late FIN or its
// write complete, with no timer of its own.
func TestNetBusySocketKeepsProcessAlive(t *testing.T) { bothIO(t, testNetBusySocketKeepsProcessAlive) }

func testNetBusySocketKeepsProcessAlive(t *testing.T) {
	t.Run("reading", func(t *testing.T) {
		port := tcpPeer(t, finAfter(nil, 200*time.Millisecond))
		r := runLua(t, netLimit, `
local c = require('net').connect(tonumber(process.argv[2]), '127.0.0.1')
c:on('end', function() print('end') end)`, port)
		mustContain(t, r.Out, "end\n")
	})
	t.Run("paused below the high-water mark", func(t *testing.T) {
		port := tcpPeer(t, finAfter([]byte("x"), 200*time.Millisecond))
		r := runLua(t, netLimit, `
local c = require('net').connect(tonumber(process.argv[2]), '127.0.0.1')
c:on('data', function(d) print('data', #d); c:pause() end)
c:on('end', function() print('end') end)`, port)
		mustContain(t, r.Out, "data\t1\n", "end\n")
	})
	t.Run("writing", func(t *testing.T) {
		port := tcpPeer(t, func(c *net.TCPConn) {
			time.Sleep(200 * time.Millisecond)
			io.Copy(io.Discard, c)
		})
		r := runLua(t, netLimit, `
local c
c = require('net').connect(tonumber(process.argv[2]), '127.0.0.1', function()
  c:pause()
  c:write(Buffer.alloc(8 * 1024 * 1024), function(e) print('written', e) end)
end)`, port)
		mustContain(t, r.Out, "written\tnil")
	})
}

// Paused mode as Node's: a 'readable' listener pauses the socket and is
// told when data is held, read(n) takes n bytes or nil (never waiting),
// read() takes everything, unshift puts bytes back in front, and 'end'
// comes once the last byte is read. The output is Node 20's for the same
// script.
func TestNetSocketPausedMode(t *testing.T) { bothIO(t, testNetSocketPausedMode) }

func testNetSocketPausedMode(t *testing.T) {
	r := runLua(t, netLimit, `
local net = require('net')
local srv
srv = net.createServer(function(sock)
  sock:on('data', function() sock:write('abcdefgh') end)
  sock:on('end', function() sock:_end('ij') end)
end)
srv:listen(0, '127.0.0.1', function()
  local c = net.connect({port = srv:address().port, host = '127.0.0.1'})
  print('before', c:isPaused(), c.readableFlowing, c:read(), c.readableLength)
  c:unshift('pre')
  print('early unshift', c.readableLength, tostring(c:read(2)), c:read('x') and 'rest', c.readableLength)
  c:write('go')
  local done = false
  c:on('readable', function()
    if not done then
      if c.readableLength < 8 then return end -- the rest is coming
      done = true
      print('paused', c:isPaused(), c.readableFlowing)
      print('read3', tostring(c:read(3)), 'read 99', c:read(99))
      print('unshift', c:unshift(Buffer.from('Z')), c.readableLength)
      print('read all', tostring(c:read()), c:read())
      c:_end()
    else
      local x = c:read()
      if x then print('tail', tostring(x)) end
    end
  end)
  c:on('end', function() print('end', c.readableLength); srv:close() end)
end)`)
	if r.Code != 0 {
		t.Fatalf("exit %d: %s", r.Code, r.Err)
	}
	want := []string{"before\tfalse\tnil\tnil\t0\n", "early unshift\t3\tpr\trest\t0\n",
		"paused\ttrue\tfalse\n", "read3\tabc\tread 99\tnil\n", "unshift\ttrue\t6\n",
		"read all\tZdefgh\tnil\n", "tail\tij\n", "end\t0\n"}
	mustInOrder(t, r.Out, want...)
}

// net.Socket{ highWaterMark = n } sets both marks and write() returns false
// at it; connect() takes server:address() (family 'IPv4'); removing the
// last 'readable' listener lets 'data' listeners flow. The output is Node
// 20's for the same script.
func TestNetSocketHighWaterMarkAndAddress(t *testing.T) {
	bothIO(t, testNetSocketHighWaterMarkAndAddress)
}

func testNetSocketHighWaterMarkAndAddress(t *testing.T) {
	r := runLua(t, netLimit, `
local net = require('net')
local s = net.Socket({ highWaterMark = 4 })
print('hwm', s.readableHighWaterMark, s.writableHighWaterMark)
print('split', net.Socket({ writableHighWaterMark = 9 }).writableHighWaterMark, net.Socket().readableHighWaterMark, net.Socket().writableHighWaterMark)
local ok, e = pcall(net.Socket, { highWaterMark = -1 }); print('bad', e.code, e.message)
ok, e = pcall(net.Socket, { writableHighWaterMark = 'x' }); print('bad', e.code, e.message)
local srv
-- the server's echo may meet a client that already went: EPIPE there is expected
srv = net.createServer(function(sock) sock:on('data', function(d) sock:write(d) end); sock:on('end', function() sock:_end() end); sock:on('error', function() end) end)
srv:listen(0, '127.0.0.1', function()
  local c
  c = net.connect(srv:address(), function()
    print('connected by address', c.remotePort == srv:address().port, c.remoteFamily)
    local function onr() end
    c:on('readable', onr)
    c:on('data', function(d) print('data', tostring(d)) end)
    print('paused by readable', c:isPaused(), c.readableFlowing)
    c:off('readable', onr)
    c:write('echo')
    setImmediate(function() print('flowing after off', c.readableFlowing) end)
    c:on('end', function() c:_end() end)
    c:on('close', function()
      local d = net.connect({ port = srv:address().port, host = '127.0.0.1', highWaterMark = 4 })
      local w1 = d:write('12'); local l1 = d.writableLength; local w2 = d:write('34')
      print('writes', w1, l1, w2, d.writableLength, d.writableNeedDrain)
      d:on('drain', function() print('drain', d.writableLength); d:destroy(); srv:close() end)
    end)
    setTimeout(function() c:_end() end, 100)
  end)
end)`)
	if r.Code != 0 {
		t.Fatalf("exit %d: %s", r.Code, r.Err)
	}
	mustInOrder(t, r.Out, "hwm\t4\t4\n", "split\t9\t16384\t16384\n",
		"bad\tERR_INVALID_ARG_VALUE\tThe property 'options.readableHighWaterMark' is invalid. Received -1\n",
		"bad\tERR_INVALID_ARG_VALUE\tThe property 'options.writableHighWaterMark' is invalid. Received 'x'\n",
		"connected by address\ttrue\tIPv4\n", "paused by readable\ttrue\tfalse\n", "flowing after off\ttrue\n",
		"data\techo\n", "writes\ttrue\t2\tfalse\t4\ttrue\n", "drain\t0\n")
}

// After the peer's FIN a socket that is not half-open has ended its side,
// and a write fails as Node's writeAfterFIN: EPIPE "This socket has been
// ended by the other party", to the callback and, while the socket is
// still open, as its 'error'; once closed, to the callback only.
func TestNetWriteAfterPeerFIN(t *testing.T) { bothIO(t, testNetWriteAfterPeerFIN) }

func testNetWriteAfterPeerFIN(t *testing.T) {
	r := runLua(t, netLimit, `
local net = require('net')
local srv
srv = net.createServer(function(s) s:_end() end)
srv:listen(0, '127.0.0.1', function()
  local port = srv:address().port
  -- a: closed by the time it writes; b: still sending a big write
  local a = net.connect(port, '127.0.0.1')
  a:on('error', function(e) print('a error', e.code) end)
  a:on('end', function()
    setImmediate(function()
      print('a write', a:write('x', function(e) print('a cb', tostring(e), e.code) end), a.destroyed)
      local b = net.connect(port, '127.0.0.1')
      b:write(Buffer.alloc(16 * 1024 * 1024))
      b:on('end', function()
        setImmediate(function()
          print('b state', b.writableEnded, b.destroyed)
          print('b write', b:write('y', function(e) print('b cb', e.code, e.message) end))
        end)
      end)
      b:on('error', function(e) print('b error', e.code, e.message) end)
      b:on('close', function(h) print('b close', h); srv:close() end)
    end)
  end)
end)`)
	if r.Code != 0 {
		t.Fatalf("exit %d: %s", r.Code, r.Err)
	}
	mustInOrder(t, r.Out, "a write\tfalse\ttrue\n", "a cb\tError: This socket has been ended by the other party\tEPIPE\n",
		"b state\ttrue\tfalse\n", "b write\tfalse\n", "b cb\tEPIPE\tThis socket has been ended by the other party\n",
		"b error\tEPIPE\tThis socket has been ended by the other party\n", "b close\ttrue\n")
	if strings.Contains(r.Out, "a error") {
		t.Fatalf("a closed socket emitted 'error':\n%s", r.Out)
	}
}

// Node's argument errors for connect and setTimeout.
func TestNetConnectArgumentErrors(t *testing.T) { bothIO(t, testNetConnectArgumentErrors) }

func testNetConnectArgumentErrors(t *testing.T) {
	r := runLua(t, netLimit, `
local net = require('net')
local function try(name, f)
  local ok, e = pcall(f)
  print(name, ok, ok or tostring(e))
end
try('empty', function() net.connect({}) end)
try('host only', function() net.Socket():connect({ host = '127.0.0.1' }) end)
try('localAddress', function() net.connect({ port = 80, localAddress = 'foobar' }) end)
try('port type', function() net.connect({ port = true }) end)
try('family', function() net.connect({ port = 80, family = 'foo' }) end)
try('Infinity', function() net.Socket():setTimeout(1/0) end)
try('NaN', function() net.Socket():setTimeout(0/0) end)
try('-Infinity', function() net.Socket():setTimeout(-1/0) end)`)
	if r.Code != 0 {
		t.Fatalf("exit %d: %s", r.Code, r.Err)
	}
	mustContain(t, r.Out,
		"empty\tfalse\tTypeError [ERR_MISSING_ARGS]: The \"options\" or \"port\" or \"path\" argument must be specified\n",
		"host only\tfalse\tTypeError [ERR_MISSING_ARGS]: The \"options\" or \"port\" or \"path\" argument must be specified\n",
		"localAddress\tfalse\tTypeError [ERR_INVALID_IP_ADDRESS]: Invalid IP address: foobar\n",
		"port type\tfalse\tTypeError [ERR_INVALID_ARG_TYPE]: The \"options.port\" property must be one of type number or string. Received type boolean (true)\n",
		"family\tfalse\tTypeError [ERR_INVALID_ARG_VALUE]: The property 'options.family' must be one of: 0, 4, 6. Received 'foo'\n",
		"Infinity\tfalse\tRangeError [ERR_OUT_OF_RANGE]: The value of \"msecs\" is out of range. It must be a non-negative finite number. Received Infinity\n",
		"NaN\tfalse\tRangeError [ERR_OUT_OF_RANGE]: The value of \"msecs\" is out of range. It must be a non-negative finite number. Received NaN\n",
		"-Infinity\tfalse\tRangeError [ERR_OUT_OF_RANGE]: The value of \"msecs\" is out of range. It must be a non-negative finite number. Received -Infinity\n")
}
