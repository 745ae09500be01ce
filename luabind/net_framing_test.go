package luabind

import (
	"io"
	"net"
	"testing"
	"time"
)

// dribble writes b one byte at a time with a flush between, so every
// frame reaches netsh cut at every boundary.
func dribble(c net.Conn, b []byte) {
	for i := range b {
		c.Write(b[i : i+1])
		if i%7 == 0 {
			time.Sleep(time.Millisecond)
		}
	}
}

// TestNetFramingKinds: each framing over a real connection, the peer
// sending byte by byte: whole frames, in order, the tail kept in Go.
func TestNetFramingKinds(t *testing.T) { bothIO(t, testNetFramingKinds) }

func testNetFramingKinds(t *testing.T) {
	stream := "one\r\ntwo\n" + "a\x00bc\x00" + "\x00\x03xyz\x00\x00" + "fix" + "+OK\r\n*2\r\n$1\r\na\r\n:7\r\n$-1\r\n-ERR no\r\n" +
		"GET /p HTTP/1.1\r\nX-A: 1\r\nX-A: 2\r\n\r\nPOST /q HTTP/1.1\r\nContent-Length: 2\r\n\r\nhi"
	port := goPeer(t, func(c net.Conn) { dribble(c, []byte(stream)); io.ReadAll(c) })
	r := runLua(t, 20*time.Second, `
local specs = { 'line', 'line', {delimiter = '\0'}, {delimiter = '\0'}, {length = 2}, {length = 2}, {fixed = 3},
  'resp', 'resp', 'resp', 'resp', 'http', 'http' }
local c = require('net').connect(tonumber(process.argv[2]), '127.0.0.1')
local i = 1
c:setFraming(specs[1])
c:on('data', function(v)
  if type(v) == 'table' and v.method then
    print(i, v.method, v.url, v.headers['x-a'] and table.concat(v.headers['x-a'], ',') or '', v.body)
  elseif type(v) == 'table' and v.n then
    print(i, 'array', v.n, v[1], v[2])
  elseif type(v) == 'table' then
    print(i, 'error', v.code, v.message)
  else
    print(i, type(v), v)
  end
  i = i + 1
  if specs[i] then c:setFraming(specs[i]) else c:destroy() end
end)`, port)
	want := "1\tstring\tone\n2\tstring\ttwo\n3\tstring\ta\n4\tstring\tbc\n5\tstring\txyz\n6\tstring\t\n7\tstring\tfix\n" +
		"8\tstring\tOK\n9\tarray\t2\ta\t7\n10\tnil\tnil\n11\terror\tERR_RESP\tERR no\n" +
		"12\tGET\t/p\t1,2\t\n13\tPOST\t/q\t\thi\n"
	if r.Out != want {
		t.Fatalf("got:\n%s\nwant:\n%s\nstderr: %s", r.Out, want, r.Err)
	}
}

// TestNetFramingLimitsAndErrors: a frame over maxFrame and malformed
// input destroy the socket with the framing error; setFraming(nil) gives
// back what was buffered as one raw chunk; frames wait while paused.
func TestNetFramingLimitsAndErrors(t *testing.T) { bothIO(t, testNetFramingLimitsAndErrors) }

func testNetFramingLimitsAndErrors(t *testing.T) {
	big := make([]byte, 5000)
	for i := range big {
		big[i] = 'x'
	}
	p1 := goPeer(t, func(c net.Conn) { c.Write(big); io.ReadAll(c) })
	p2 := goPeer(t, func(c net.Conn) { c.Write([]byte("+OK\r\n:oops\r\n")); io.ReadAll(c) })
	p3 := goPeer(t, func(c net.Conn) { c.Write([]byte("a\nb\nrest")); io.ReadAll(c) })
	r := runLua(t, 20*time.Second, `
local net = require('net')
local a = net.connect(tonumber(process.argv[2]), '127.0.0.1')
a:setFraming('line', { maxFrame = 1024 })
a:on('data', function() print('a data') end)
a:on('error', function(e) print('a', e.code) end)
local b = net.connect(tonumber(process.argv[3]), '127.0.0.1')
b:setFraming('resp')
b:on('data', function(v) print('b', v) end)
b:on('error', function(e) print('b', e.code, e.offset) end)
local c = net.connect(tonumber(process.argv[4]), '127.0.0.1')
c:setFraming({ delimiter = '\n' })
local n = 0
c:on('data', function(v)
  n = n + 1
  print('c', n, tostring(v))
  if n == 1 then
    c:pause()
    setTimeout(function() c:resume() end, 20)
  elseif n == 2 then
    c:setFraming(nil)
  else
    c:destroy()
  end
end)
print(pcall(c.setFraming, c, 'bogus'))
print(pcall(c.setFraming, c, {length = 3}))`, p1, p2, p3)
	mustContain(t, r.Out, "a\tERR_FRAME_TOO_LARGE\n", "b\tOK\n", "b\tERR_FRAMING\t5\n",
		"c\t1\ta\n", "c\t2\tb\n", "c\t3\trest\n", "false\tTypeError [ERR_INVALID_ARG_VALUE]", "false\tRangeError [ERR_OUT_OF_RANGE]")
	if r.Code != 0 {
		t.Fatalf("exit %d: %s", r.Code, r.Err)
	}
}
