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
