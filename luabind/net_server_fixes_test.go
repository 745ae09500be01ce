package luabind

import (
	"strings"
	"testing"
)

// close() while listen()'s host lookup is in flight wins, as in Node: the
// server emits 'close', never listens, and the script ends.
func TestNetServerCloseDuringLookup(t *testing.T) { bothIO(t, testNetServerCloseDuringLookup) }

func testNetServerCloseDuringLookup(t *testing.T) {
	r := runLua(t, netLimit, `
local srv = require('net').createServer()
srv:on('listening', function() print('listening', srv:address().port) end)
srv:on('error', function(e) print('error', e.code) end)
srv:on('close', function() print('close', srv.listening) end)
srv:listen(0, 'localhost')
srv:close(function(err) print('close cb', err and err.code) end)
setTimeout(function() print('later', srv.listening, srv:address()) end, 300)`)
	if r.Code != 0 {
		t.Fatalf("exit %d: %s", r.Code, r.Err)
	}
	mustContain(t, r.Out, "close\tfalse", "close cb\tERR_SERVER_NOT_RUNNING", "later\tfalse\tnil")
	if strings.Contains(r.Out, "listening") || strings.Contains(r.Out, "error") {
		t.Fatalf("the closed server listened anyway:\n%s", r.Out)
	}
}

// A second listen() while the first one's lookup is in flight replaces it,
// as Node's listening id does: one listener, on the second address.
func TestNetServerRelistenDuringLookup(t *testing.T) { bothIO(t, testNetServerRelistenDuringLookup) }

func testNetServerRelistenDuringLookup(t *testing.T) {
	r := runLua(t, netLimit, `
local srv = require('net').createServer()
local n = 0
srv:on('listening', function()
  n = n + 1
  print('listening', n, srv:address().address)
  setTimeout(function() srv:close() end, 300)
end)
srv:on('error', function(e) print('error', e.code) end)
srv:on('close', function() print('closed', n) end)
srv:listen(0, 'localhost')
srv:close()
srv:listen(0, '127.0.0.1')`)
	if r.Code != 0 {
		t.Fatalf("exit %d: %s", r.Code, r.Err)
	}
	mustContain(t, r.Out, "listening\t1\t127.0.0.1", "closed\t1")
	if strings.Contains(r.Out, "listening\t2") || strings.Contains(r.Out, "error") {
		t.Fatalf("the replaced lookup listened too:\n%s", r.Out)
	}
}

// In a server-side socket's 'close' listener the server no longer counts
// it: Node takes it off the count when the socket is destroyed.
func TestNetServerConnectionsInSocketClose(t *testing.T) {
	bothIO(t, testNetServerConnectionsInSocketClose)
}

func testNetServerConnectionsInSocketClose(t *testing.T) {
	r := runLua(t, netLimit, `
local net = require('net')
local srv
srv = net.createServer(function(sock)
  sock:on('end', function() sock:_end() end)
  sock:on('close', function()
    srv:getConnections(function(err, n) print('connections in close', err, n); srv:close() end)
  end)
end)
srv:on('close', function() print('server closed') end)
srv:listen(0, '127.0.0.1', function()
  local c; c = net.connect(srv:address().port, '127.0.0.1', function() c:_end() end)
end)`)
	if r.Code != 0 {
		t.Fatalf("exit %d: %s", r.Code, r.Err)
	}
	mustContain(t, r.Out, "connections in close\tnil\t0", "server closed")
}

// After an unhandled 'error' ends the script, no other listener runs: the
// socket's 'close' listener stays silent, and only process 'exit' runs,
// with status 1, as in Node.
func TestNetNoListenerAfterUnhandledError(t *testing.T) {
	bothIO(t, testNetNoListenerAfterUnhandledError)
}

func testNetNoListenerAfterUnhandledError(t *testing.T) {
	r := runLua(t, netLimit, `
local net = require('net')
local srv = net.createServer(function(sock)
  sock:on('close', function() print('server socket close ran') end)
  sock:destroy(Error('boom'))
end)
srv:listen(0, '127.0.0.1', function()
  local c = net.connect(srv:address().port, '127.0.0.1')
  c:on('error', function() end)
end)
process:on('exit', function(code) print('exit', code) end)`)
	if r.Code != 1 {
		t.Fatalf("exit %d, want 1; stderr: %s", r.Code, r.Err)
	}
	mustContain(t, r.Err, "Unhandled 'error' event: ", "boom")
	mustContain(t, r.Out, "exit\t1")
	if strings.Contains(r.Out, "close ran") {
		t.Fatalf("a listener ran after the unhandled error:\n%s", r.Out)
	}
}

// The same holds when one Go-side step queues several callbacks: a
// connection refused with no 'error' listener does not run 'close'.
func TestNetNoCloseAfterUnhandledConnectError(t *testing.T) {
	bothIO(t, testNetNoCloseAfterUnhandledConnectError)
}

func testNetNoCloseAfterUnhandledConnectError(t *testing.T) {
	r := runLua(t, netLimit, `
local net = require('net')
local srv = net.createServer()
srv:listen(0, '127.0.0.1', function()
  local port = srv:address().port
  srv:close(function()
    local c = net.connect(port, '127.0.0.1')
    c:on('close', function() print('client close ran') end)
    process.nextTick(function() end)
  end)
end)`)
	if r.Code != 1 {
		t.Fatalf("exit %d, want 1; stderr: %s", r.Code, r.Err)
	}
	mustContain(t, r.Err, "Unhandled 'error' event: ", "ECONNREFUSED")
	if strings.Contains(r.Out, "close ran") {
		t.Fatalf("a listener ran after the unhandled error:\n%s", r.Out)
	}
}

// process.exit() in an 'error' listener ends the script there too: the
// 'close' that the same step would emit next does not run, as in Node.
func TestNetNoCloseAfterExitInErrorListener(t *testing.T) {
	bothIO(t, testNetNoCloseAfterExitInErrorListener)
}

func testNetNoCloseAfterExitInErrorListener(t *testing.T) {
	r := runLua(t, netLimit, `
local net = require('net')
local srv = net.createServer()
srv:listen(0, '127.0.0.1', function()
  local port = srv:address().port
  srv:close(function()
    local c = net.connect(port, '127.0.0.1')
    c:on('error', function(e) print('error', e.code); process.exit(3) end)
    c:on('close', function() print('close ran') end)
  end)
end)
process:on('exit', function(code) print('exit', code) end)`)
	if r.Code != 3 {
		t.Fatalf("exit %d, want 3; stderr: %s", r.Code, r.Err)
	}
	mustContain(t, r.Out, "error\tECONNREFUSED", "exit\t3")
	if strings.Contains(r.Out, "close ran") {
		t.Fatalf("a listener ran after process.exit:\n%s", r.Out)
	}
}
