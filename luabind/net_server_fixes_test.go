package luabind

import (
	"path/filepath"
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

// listen(options) validates as Node 20 does (codes and texts from node).
func TestNetListenOptionsValidation(t *testing.T) { bothIO(t, testNetListenOptionsValidation) }

func testNetListenOptionsValidation(t *testing.T) {
	sock := filepath.Join(t.TempDir(), "v.sock")
	r := runLua(t, netLimit, `
local net = require('net')
local p = process.argv[2]
local function try(label, f)
  local ok, e = pcall(f)
  if ok then print(label, 'no throw') else print(label, tostring(e), e.code) end
end
try('empty', function() net.createServer():listen({}) end)
try('host', function() net.createServer():listen({ host = 'localhost' }) end)
try('exclusive', function() net.createServer():listen({ exclusive = true }) end)
try('fd', function() net.createServer():listen({ fd = -1 }) end)
try('portpath', function() net.createServer():listen({ port = -1, path = p }) end)
try('porttrue', function() net.createServer():listen({ port = true }) end)
try('listentrue', function() net.createServer():listen(true) end)
try('pathnum', function() net.createServer():listen({ path = 5 }) end)
try('pathempty', function() net.createServer():listen({ path = '' }) end)
try('hostnum', function() net.createServer():listen({ port = 0, host = 5 }) end)
try('portstr', function() net.createServer():listen({ port = 'abc' }) end)
local s = net.createServer()
s:listen({ port = 0, path = p }, function()
  print('port wins over path', s:address().port > 0, require('fs').existsSync(p))
  s:close()
end)`, sock)
	if r.Code != 0 {
		t.Fatalf("exit %d: %s", r.Code, r.Err)
	}
	must := `TypeError [ERR_INVALID_ARG_VALUE]: The argument 'options' must have the property "port" or "path". Received `
	mustContain(t, r.Out,
		"empty\t"+must+"{}\tERR_INVALID_ARG_VALUE",
		"host\t"+must+"{ host: 'localhost' }\tERR_INVALID_ARG_VALUE",
		"exclusive\t"+must+"{ exclusive: true }\tERR_INVALID_ARG_VALUE",
		"fd\t"+must+"{ fd: -1 }\tERR_INVALID_ARG_VALUE",
		"portpath\tRangeError [ERR_SOCKET_BAD_PORT]: options.port should be >= 0 and < 65536. Received type number (-1).\tERR_SOCKET_BAD_PORT",
		"porttrue\tTypeError [ERR_INVALID_ARG_VALUE]: The argument 'options' is invalid. Received { port: true }\tERR_INVALID_ARG_VALUE",
		"listentrue\tTypeError [ERR_INVALID_ARG_VALUE]: The argument 'options' is invalid. Received { port: true }\tERR_INVALID_ARG_VALUE",
		"pathnum\tTypeError [ERR_INVALID_ARG_VALUE]: The argument 'options' is invalid. Received { path: 5 }\tERR_INVALID_ARG_VALUE",
		"pathempty\tTypeError [ERR_INVALID_ARG_VALUE]: The argument 'options' is invalid. Received { path: '' }\tERR_INVALID_ARG_VALUE",
		`hostnum	TypeError [ERR_INVALID_ARG_TYPE]: The "hostname" argument must be of type string. Received type number (5)	ERR_INVALID_ARG_TYPE`,
		"portstr\tRangeError [ERR_SOCKET_BAD_PORT]: options.port should be >= 0 and < 65536. Received type string ('abc').\tERR_SOCKET_BAD_PORT",
		"port wins over path\ttrue\tfalse")
}

// close() ignores an argument that is not a function, as Node does.
func TestNetServerCloseIgnoresNonFunction(t *testing.T) {
	bothIO(t, testNetServerCloseIgnoresNonFunction)
}

func testNetServerCloseIgnoresNonFunction(t *testing.T) {
	r := runLua(t, netLimit, `
local srv = require('net').createServer()
srv:on('close', function() print('closed idle') end)
print('idle', pcall(function() return srv:close('x') == srv end))
local s2 = require('net').createServer()
s2:on('close', function() print('closed listening') end)
s2:listen(0, '127.0.0.1', function()
  local ok, same = pcall(function() return s2:close(42) == s2 end)
  print('listening', ok, same, s2.listening)
end)`)
	if r.Code != 0 {
		t.Fatalf("exit %d: %s", r.Code, r.Err)
	}
	mustContain(t, r.Out, "idle\ttrue\ttrue", "closed idle", "listening\ttrue\ttrue\tfalse", "closed listening")
}

// socket.server is the Server on the sockets it accepted, nil on a client.
func TestNetSocketServerProperty(t *testing.T) { bothIO(t, testNetSocketServerProperty) }

func testNetSocketServerProperty(t *testing.T) {
	r := runLua(t, netLimit, `
local net = require('net')
local srv
srv = net.createServer(function(sock)
  print('server side', sock.server == srv, rawequal(sock.server, srv))
  sock:on('close', function() print('after close', sock.server == srv); srv:close() end)
  sock:destroy()
end)
srv:listen(0, '127.0.0.1', function()
  local c = net.connect(srv:address().port, '127.0.0.1')
  print('client side', c.server)
  c:on('error', function() end)
  print('unconnected', net.Socket().server)
end)`)
	if r.Code != 0 {
		t.Fatalf("exit %d: %s", r.Code, r.Err)
	}
	mustContain(t, r.Out, "server side\ttrue\ttrue", "after close\ttrue", "client side\tnil", "unconnected\tnil")
}
