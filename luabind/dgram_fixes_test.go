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

// send checks its arguments in Node's order: a connected socket reports a
// bad buffer before anything else and takes port and address arguments
// that the shuffling leaves in the callback's place without complaint; a
// callback that is not a function is ignored; offset and length are
// coerced (offset >>> 0) rather than type-checked.
func TestDgramSendArgumentOrder(t *testing.T) { bothIO(t, testDgramSendArgumentOrder) }

func testDgramSendArgumentOrder(t *testing.T) {
	out := runOK(t, `
local bufErr = 'The "buffer" argument must be of type string or an instance of Buffer, TypedArray, or DataView. Received type number (23)'
local want = { 'a', 'c-', 'c-cb5', 'c-porthost', 'u-cb5', 'u-cbs' }
local got = {}
local rx = dgram.createSocket('udp4')
local u, c
rx:on('message', function(m)
  got[#got + 1] = tostring(m)
  if #got == #want then
    table.sort(got)
    print(table.concat(got, ' '))
    rx:close(); u:close(); c:close()
  end
end)
rx:bind(0, '127.0.0.1', function()
  local P = rx:address().port
  u = dgram.createSocket('udp4')
  u:send('u-cb5', 0, 5, P, '127.0.0.1', 5)
  u:send('u-cbs', 0, 5, P, '127.0.0.1', 'not a function')
  u:send('abc', 'a', 1, P, '127.0.0.1')
  expectErr('ERR_INVALID_ARG_TYPE', bufErr, u.send, u, 23, P, '127.0.0.1')
  expectErr('ERR_INVALID_ARG_TYPE', bufErr, u.send, u, 23, 0, '127.0.0.1')
  expectErr('ERR_INVALID_ARG_TYPE', bufErr, u.send, u, 23)
  expectErr('ERR_BUFFER_OUT_OF_BOUNDS', '"offset" is outside of buffer bounds', u.send, u, 'abc', -1, 1, P, '127.0.0.1')
  expectErr('ERR_BUFFER_OUT_OF_BOUNDS', '"offset" is outside of buffer bounds', u.send, u, 'x', P, '127.0.0.1', 'not a function')
  expectErr('ERR_BUFFER_OUT_OF_BOUNDS', '"length" is outside of buffer bounds', u.send, u, 'abc', 1, 5, P, '127.0.0.1')
  expectErr('ERR_SOCKET_BAD_PORT', 'Port should be > 0 and < 65536. Received type number (0).', u.send, u, 'x', 0, 42)
  expectErr('ERR_INVALID_ARG_TYPE', 'The "address" argument must be of type string. Received type boolean (false)', u.send, u, 'x', P, false)
  c = dgram.createSocket('udp4')
  c:connect(P, '127.0.0.1', function()
    expectErr('ERR_INVALID_ARG_TYPE', bufErr, c.send, c, 23, P, '127.0.0.1')
    expectErr('ERR_INVALID_ARG_TYPE', bufErr, c.send, c, 23, 0, 3, P)
    expectErr('ERR_INVALID_ARG_TYPE', bufErr, c.send, c, 23, 0, 3, nil, '127.0.0.1')
    expectErr('ERR_SOCKET_DGRAM_IS_CONNECTED', 'Already connected', c.send, c, 'x', 0, 1, P)
    expectErr('ERR_SOCKET_DGRAM_IS_CONNECTED', 'Already connected', c.send, c, 'x', 0, 1, 7)
    expectErr('ERR_SOCKET_DGRAM_IS_CONNECTED', 'Already connected', c.send, c, 'x', 0, 1, nil, '127.0.0.1')
    c:send('c-porthost', P, '127.0.0.1')
    c:send('c-cb5', 5)
    c:send('c-offstr', 'a', 2)
  end)
end)
`)
	wantOut(t, out, "a c- c-cb5 c-porthost u-cb5 u-cbs\n")
}
