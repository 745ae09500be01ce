package luabind

import (
	"testing"
	"time"
)

// TestCorkHoldsWrites: writes after cork() wait until the last uncork()
// (or end()), then arrive whole and in order, as in Node.
func TestCorkHoldsWrites(t *testing.T) {
	bothIO(t, func(t *testing.T) {
		r := runLua(t, 10*time.Second, `
local net = require('net')
local got = {}
local srv = net.createServer(function(c)
  c:on('data', function(d) got[#got + 1] = tostring(d) end)
end)
srv:listen(0, '127.0.0.1')
netsh.wait(srv, 'listening')
local c = net.dial(srv:address().port, '127.0.0.1')
c:cork(); c:cork()
c:write('a'); c:write('b')
print(c.writableCorked)
netsh.sleep(50)
print('before uncork', #got)
c:uncork()
netsh.sleep(50)
print('after one uncork', #got)
c:uncork()
netsh.sleep(50)
print('after both', table.concat(got))
c:cork(); c:write('c'); c:_end('d')
netsh.sleep(50)
print('after end', table.concat(got), c.writableCorked)
srv:close()`).wantClean(t)
		checkOutput(t, "stdout", r.Out, "2\nbefore uncork\t0\nafter one uncork\t0\nafter both\tab\nafter end\tabcd\t0\n")
	})
}
