package luabind

import (
	"testing"
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
