package luabind

import (
	"testing"
)

// The cases below were written in JavaScript first and run with Node 20;
// each script asserts what Node printed.

// close ignores a callback that is not a function, and a callback given to
// a close that raises "Not running" still joins 'close' (Node adds it
// before its check).
func TestDgramCloseIgnoresNonFunction(t *testing.T) { bothIO(t, testDgramCloseIgnoresNonFunction) }

func testDgramCloseIgnoresNonFunction(t *testing.T) {
	out := runOK(t, `
local s = dgram.createSocket('udp4')
s:on('close', function() print('close event') end)
eq(s:close('x'), s, 'close returns the socket')
expectErr('ERR_SOCKET_DGRAM_NOT_RUNNING', 'Not running', s.close, s, function() print('late close callback') end)
local b = dgram.createSocket('udp4')
b:bind(0, '127.0.0.1', function()
  eq(b:close(5), b, 'close(5) returns the socket')
  b:on('close', function() print('bound socket closed') end)
end)
`)
	wantOut(t, out, "close event\nlate close callback\nbound socket closed\n")
}
