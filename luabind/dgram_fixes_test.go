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
	checkOutput(t, "stdout", out, "close event\nlate close callback\nbound socket closed\n")
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
	checkOutput(t, "stdout", out, "a c- c-cb5 c-porthost u-cb5 u-cbs\n")
}

// A send that fails without a callback is dropped, as in Node (no 'error'
// event to kill the script); a failed lookup without a callback is an
// 'error' event. With a callback both reach it, and the send error names
// the address as the script gave it ("undefined" when it gave none, as
// Node's message does), or nothing on a connected socket. A destination
// of the other family is EINVAL, not a crash.
func TestDgramFailedSendWithoutCallback(t *testing.T) { bothIO(t, testDgramFailedSendWithoutCallback) }

func testDgramFailedSendWithoutCallback(t *testing.T) {
	out := runOK(t, `
local lines, pending = {}, 0
local s, s6, c
local function line(l)
  lines[#lines + 1] = l
  pending = pending - 1
  if pending == 0 then
    table.sort(lines)
    print(table.concat(lines, '\n'))
    s:close(); s6:close(); c:close()
  end
end
local function cb(label)
  pending = pending + 1
  return function(e, n)
    if not e then return line(label .. ' sent ' .. tostring(n)) end
    line(label .. ' | ' .. e.code .. ' | ' .. e.syscall .. ' | ' .. e.message .. ' | ' .. tostring(e.address) .. ' | ' .. tostring(e.port) .. ' | ' .. tostring(e.hostname))
  end
end
local big = string.rep('x', 70000)
s = dgram.createSocket('udp4')
s:on('error', function(e) line('error event | ' .. e.code .. ' | ' .. e.syscall .. ' | ' .. e.message) end)
pending = pending + 1 -- the one 'error' event
s:send(big, 9, '127.0.0.1')
s:send('x', 9, '::1')
s:send(big, 9, 'localhost')
s:send('x', 9, 'bad host!')
s:send(big, 9, '127.0.0.1', cb('a big'))
s:send(big, 9, 'localhost', cb('b big by name'))
s:send(big, 9, cb('c big no address'))
s:send(big, 9, '', cb('d big empty address'))
s:send('x', 9, '::1', cb('e v6 on udp4'))
s:send('x', 9, '::ffff:127.0.0.1', cb('f mapped on udp4'))
s:send('x', 9, 'bad host!', cb('g lookup'))
s6 = dgram.createSocket('udp6')
s6:on('error', function(e) line('s6 error event ' .. e.code) end)
s6:send('x', 9, '127.0.0.1')
s6:send('x', 9, '127.0.0.1', cb('h v4 on udp6'))
c = dgram.createSocket('udp4')
c:on('error', function(e) line('c error event ' .. e.code) end)
pending = pending + 1
c:connect(9, '127.0.0.1', function()
  c:send(big)
  c:send(big, cb('i connected big'))
  pending = pending - 1
end)
`)
	checkOutput(t, "stdout", out, `a big | EMSGSIZE | send | send EMSGSIZE 127.0.0.1:9 | 127.0.0.1 | 9 | nil
b big by name | EMSGSIZE | send | send EMSGSIZE localhost:9 | localhost | 9 | nil
c big no address | EMSGSIZE | send | send EMSGSIZE undefined:9 | nil | 9 | nil
d big empty address | EMSGSIZE | send | send EMSGSIZE :9 |  | 9 | nil
e v6 on udp4 | EINVAL | send | send EINVAL ::1:9 | ::1 | 9 | nil
error event | ENOTFOUND | getaddrinfo | getaddrinfo ENOTFOUND bad host!
f mapped on udp4 | EINVAL | send | send EINVAL ::ffff:127.0.0.1:9 | ::ffff:127.0.0.1 | 9 | nil
g lookup | ENOTFOUND | getaddrinfo | getaddrinfo ENOTFOUND bad host! | nil | nil | bad host!
h v4 on udp6 | EINVAL | send | send EINVAL 127.0.0.1:9 | 127.0.0.1 | 9 | nil
i connected big | EMSGSIZE | send | send EMSGSIZE | nil | nil | nil
`)
}

// A connected socket that sends to a closed port hears the ICMP reply as
// Node does: the send succeeds, then an 'error' event "recvmsg
// ECONNREFUSED" comes from the receive side, and the socket goes on
// working (the next send is refused again the same way).
func TestDgramConnectedRefused(t *testing.T) { bothIO(t, testDgramConnectedRefused) }

func testDgramConnectedRefused(t *testing.T) {
	out := runOK(t, `
local gone = dgram.createSocket('udp4')
gone:bind(0, '127.0.0.1', function()
  local port = gone:address().port
  gone:close(function()
    local c = dgram.createSocket('udp4')
    local n = 0
    c:on('error', function(e)
      n = n + 1
      print('error', n, e.code, e.syscall, e.message, e.errno, e.address, e.port)
      if n == 1 then c:send('b') else c:close() end
    end)
    c:connect(port, '127.0.0.1', function()
      c:send('a', function(err, bytes) print('sent', err, bytes) end)
    end)
  end)
end)
`)
	checkOutput(t, "stdout", out, "sent\tnil\t1\n"+
		"error\t1\tECONNREFUSED\trecvmsg\trecvmsg ECONNREFUSED\t-111\tnil\tnil\n"+
		"error\t2\tECONNREFUSED\trecvmsg\trecvmsg ECONNREFUSED\t-111\tnil\tnil\n")
}

// sendto(msg, offset, length, port, address[, cb]) is Node 20's
// undocumented thin wrapper over send: offset, length and port must be
// numbers and address a string, then send does the rest.
func TestDgramSendto(t *testing.T) { bothIO(t, testDgramSendto) }

func testDgramSendto(t *testing.T) {
	out := runOK(t, `
local function typeErr(name, expected, got)
  return 'The "' .. name .. '" argument must be of type ' .. expected .. '. Received ' .. got
end
local rx = dgram.createSocket('udp4')
local u, c
local got, sent, finished = {}, false, false
local function maybeDone()
  if #got == 2 and sent and not finished then
    finished = true
    table.sort(got)
    print(table.concat(got, ' '))
    rx:close(); u:close(); c:close()
  end
end
rx:on('message', function(m) got[#got + 1] = tostring(m); maybeDone() end)
rx:bind(0, '127.0.0.1', function()
  local P = rx:address().port
  u = dgram.createSocket('udp4')
  expectErr('ERR_INVALID_ARG_TYPE', typeErr('offset', 'number', 'undefined'), u.sendto, u)
  expectErr('ERR_INVALID_ARG_TYPE', typeErr('offset', 'number', "type string ('0')"), u.sendto, u, 'abc', '0', 1, P, '127.0.0.1')
  expectErr('ERR_INVALID_ARG_TYPE', typeErr('length', 'number', "type string ('1')"), u.sendto, u, 'abc', 0, '1', P, '127.0.0.1')
  expectErr('ERR_INVALID_ARG_TYPE', typeErr('port', 'number', "type string ('" .. P .. "')"), u.sendto, u, 'abc', 0, 1, tostring(P), '127.0.0.1')
  expectErr('ERR_INVALID_ARG_TYPE', typeErr('address', 'string', 'undefined'), u.sendto, u, 'abc', 0, 1, P)
  expectErr('ERR_INVALID_ARG_TYPE', typeErr('address', 'string', 'type number (5)'), u.sendto, u, 'abc', 0, 1, P, 5)
  expectErr('ERR_INVALID_ARG_TYPE', 'The "buffer" argument must be of type string or an instance of Buffer, TypedArray, or DataView. Received type number (5)',
    u.sendto, u, 5, 0, 1, P, '127.0.0.1')
  expectErr('ERR_SOCKET_BAD_PORT', 'Port should be > 0 and < 65536. Received type number (0).', u.sendto, u, 'abc', 0, 1, 0, '127.0.0.1')
  eq(u:sendto('hello', 1, 3, P, '127.0.0.1', function(err, n)
    print('sendto callback', err, n)
    sent = true
    maybeDone()
  end), nil, 'sendto returns nothing')
  u:sendto('world', 0, 5, P, '127.0.0.1', 5)
  local d = dgram.createSocket('udp4')
  d:close()
  expectErr('ERR_SOCKET_DGRAM_NOT_RUNNING', 'Not running', d.sendto, d, 'abc', 0, 1, P, '127.0.0.1')
  expectErr('ERR_INVALID_ARG_TYPE', typeErr('offset', 'number', "type string ('x')"), d.sendto, d, 'abc', 'x', 1, P, '127.0.0.1')
  c = dgram.createSocket('udp4')
  c:connect(P, '127.0.0.1', function()
    expectErr('ERR_SOCKET_DGRAM_IS_CONNECTED', 'Already connected', c.sendto, c, 'abc', 0, 1, P, '127.0.0.1')
    maybeDone()
  end)
end)
`)
	checkOutput(t, "stdout", out, "sendto callback\tnil\t3\nell world\n")
}

// addMembership on an unbound socket binds it first, as libuv does for
// Node: to the wildcard of the group's family, port 0. The socket takes
// options then but does not receive, and stays unbound as the script sees
// it, so its own bind (or the one a send starts) fails with EINVAL, as in
// Node. A group that does not parse fails before that bind.
func TestDgramMembershipImplicitBind(t *testing.T) { bothIO(t, testDgramMembershipImplicitBind) }

func testDgramMembershipImplicitBind(t *testing.T) {
	out := runOK(t, `
local function addr(s) local a = s:address(); return a.address .. ' ' .. a.family .. ' ' .. tostring(a.port > 0) end
local missing = 'The "multicastAddress" argument must be specified'
local a = dgram.createSocket('udp4')
for _, v in ipairs({ '', 0, false }) do
  expectErr('ERR_MISSING_ARGS', missing, a.addMembership, a, v)
end
expectErr('ERR_MISSING_ARGS', missing, a.addMembership, a)
expectErr('EINVAL', 'addMembership EINVAL', a.addMembership, a, 'bogus')
expectErr('EINVAL', 'addMembership EINVAL', a.addMembership, a, 123)
expectErr('EBADF', 'getsockname EBADF', a.address, a)
a:addMembership('239.255.10.3')
print('a', addr(a))
eq(a:setTTL(3), 3, 'setTTL on the implicitly bound socket')
eq(a:getRecvBufferSize() > 0, true, 'getRecvBufferSize')
expectErr('EADDRINUSE', 'addMembership EADDRINUSE', a.addMembership, a, '239.255.10.3')
a:dropMembership('239.255.10.3')
-- the bind is the kernel's, not the script's: binding again is EINVAL
a:on('error', function(e)
  print('a error', e.code, e.syscall, e.message)
  a:close(function() print('a closed') end)
end)
a:bind(0, function() print('a listening: wrong') end)

local b = dgram.createSocket('udp4')
expectErr('EINVAL', 'addMembership EINVAL', b.addMembership, b, '1.2.3.4')
print('b', addr(b))
b:on('error', function(e)
  print('b error', e.code, e.syscall, e.message)
  b:close()
end)
b:send('x', 9, '127.0.0.1', function() print('b sent: wrong') end)

local c = dgram.createSocket('udp6')
c:addMembership('239.255.10.4')
print('c', addr(c))
c:close()
local d = dgram.createSocket('udp4')
d:addMembership('ff02::1:3')
print('d', addr(d))
d:addMembership('239.255.10.5') -- an IPv4 group on the IPv6 descriptor: Linux takes it
local e = dgram.createSocket('udp4')
e:addMembership('239.255.10.6')
expectErr('ENOPROTOOPT', 'addMembership ENOPROTOOPT', e.addMembership, e, 'ff02::1:3')
e:close()
d:close()
`)
	checkOutput(t, "stdout", out, "a\t0.0.0.0 IPv4 true\n"+
		"b\t0.0.0.0 IPv4 true\n"+
		"c\t0.0.0.0 IPv4 true\n"+
		"d\t:: IPv6 true\n"+
		"a error\tEINVAL\tbind\tbind EINVAL 0.0.0.0\n"+
		"b error\tEINVAL\tbind\tbind EINVAL 0.0.0.0\n"+
		"a closed\n")
}

// addSourceSpecificMembership / dropSourceSpecificMembership check their
// arguments as Node does (strings for source and group, then EINVAL from
// the parse, before or after the implicit bind as libuv orders it), and
// really join: a datagram from 127.0.0.1 to the group on loopback reaches
// a receiver joined with that source and not one joined with another.
func TestDgramSourceSpecificMembership(t *testing.T) {
	bothIO(t, testDgramSourceSpecificMembership)
}

func testDgramSourceSpecificMembership(t *testing.T) {
	out := runOK(t, `
local function typeErr(name, got)
  return 'The "' .. name .. '" argument must be of type string. Received ' .. got
end
local add, drop = 'addSourceSpecificMembership', 'dropSourceSpecificMembership'
local function bound(s) return (pcall(s.address, s)) end
local a = dgram.createSocket('udp4')
expectErr('ERR_INVALID_ARG_TYPE', typeErr('sourceAddress', 'undefined'), a[add], a)
expectErr('ERR_INVALID_ARG_TYPE', typeErr('sourceAddress', 'type number (1)'), a[add], a, 1, '232.1.1.1')
expectErr('ERR_INVALID_ARG_TYPE', typeErr('groupAddress', 'type number (2)'), a[drop], a, '127.0.0.1', 2)
expectErr('EINVAL', add .. ' EINVAL', a[add], a, 'bogus', '232.1.1.1')
expectErr('EINVAL', add .. ' EINVAL', a[add], a, '127.0.0.1', 'bogus')
expectErr('EINVAL', add .. ' EINVAL', a[add], a, '::1', '232.1.1.1')
expectErr('EINVAL', add .. ' EINVAL', a[add], a, '127.0.0.1', 'ff3e::1')
print('unbound after bad addresses', bound(a))
expectErr('EINVAL', add .. ' EINVAL', a[add], a, '127.0.0.1', '232.1.1.1', 'bogus')
print('bound before the interface is read', bound(a))
a:close()
expectErr('ERR_SOCKET_DGRAM_NOT_RUNNING', 'Not running', a[add], a, 1, 2)

local b = dgram.createSocket('udp4')
b[add](b, '127.0.0.1', '232.1.1.1')
expectErr('EADDRNOTAVAIL', add .. ' EADDRNOTAVAIL', b[add], b, '127.0.0.1', '232.1.1.1')
b[drop](b, '127.0.0.1', '232.1.1.1')
expectErr('EINVAL', drop .. ' EINVAL', b[drop], b, '127.0.0.1', '232.1.1.1')
expectErr('EINVAL', add .. ' EINVAL', b[add], b, '127.0.0.1', '1.2.3.4')
expectErr('ENOPROTOOPT', add .. ' ENOPROTOOPT', b[add], b, '::1', 'ff3e::1')
b:close()
local v6 = dgram.createSocket('udp6')
v6[add](v6, '::1', 'ff3e::1234', '::%lo')
v6[drop](v6, '::1', 'ff3e::1234', '::%lo')
expectErr('EINVAL', add .. ' EINVAL', v6[add], v6, '::1', 'ff3e::1234', 'bogus')
v6:close()

local G = '232.10.20.30'
local rx = dgram.createSocket('udp4')
local other = dgram.createSocket('udp4')
local tx = dgram.createSocket('udp4')
local otherGot = 0
other:on('message', function() otherGot = otherGot + 1 end)
rx:on('message', function(msg, rinfo)
  print('rx got', tostring(msg), rinfo.address)
  -- the same datagram, had it reached other, is there by now
  setTimeout(function()
    print('other got', otherGot)
    rx[drop](rx, '127.0.0.1', G, '127.0.0.1')
    rx:close(); other:close(); tx:close()
  end, 100)
end)
rx:bind(0, function()
  rx[add](rx, '127.0.0.1', G, '127.0.0.1')
  local port = rx:address().port
  other:bind(0, function()
    other[add](other, '127.0.0.2', G, '127.0.0.1')
    tx:bind(0, '127.0.0.1', function()
      tx:setMulticastInterface('127.0.0.1')
      tx:send('to other', other:address().port, G)
      tx:send('ssm hello', port, G)
    end)
  end)
end)
`)
	checkOutput(t, "stdout", out, "unbound after bad addresses\tfalse\n"+
		"bound before the interface is read\ttrue\n"+
		"rx got\tssm hello\t127.0.0.1\n"+
		"other got\t0\n")
}
