package luabind

import (
	"bufio"
	"io"
	"net"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/netsh/netsh/internal/testkit"
)

// TestReceiveSequentially: every form of receive against a Go peer that
// sends its bytes one at a time, so each read is cut anywhere.
func TestReceiveSequentially(t *testing.T) {
	bothIO(t, func(t *testing.T) {
		script := "HELLO\r\nsecond line\nABCDEFGHIJ" + "key=42;" + "part1--END--part2" + "rest of it"
		port := goPeer(t, func(c net.Conn) {
			c.(*net.TCPConn).SetNoDelay(true)
			for i := 0; i < len(script); i++ {
				c.Write([]byte{script[i]})
				if i%7 == 0 {
					time.Sleep(time.Millisecond)
				}
			}
			c.(*net.TCPConn).CloseWrite()
			io.Copy(io.Discard, c)
		})
		r := runLua(t, 20*time.Second, `
local net = require('net')
local s = net.dial(tonumber(process.argv[2]), '127.0.0.1')
print(s:receive('*l'))
print(s:receive('*l'))
print(s:receive(4), s:receive(6))
print(s:expect('(%w+)=(%d+);'))
print(s:receiveuntil('--END--'))
print(s:receiveuntil('--END--'))
print(s:receive())
print(s:receive('*a'))`, port).wantClean(t)
		checkOutput(t, "stdout", r.Out, "HELLO\nsecond line\nABCD\tEFGHIJ\nkey\t42\npart1\npart2rest of it\nnil\n\n")
	})
}

// TestReceiveEnds: the end of the stream is nil, a short read gives nil
// and what came, a reset is raised as ECONNRESET from receive (not as an
// unhandled 'error'), and limits raise ETIMEDOUT with what arrived.
func TestReceiveEnds(t *testing.T) {
	bothIO(t, func(t *testing.T) {
		short := goPeer(t, func(c net.Conn) { c.Write([]byte("abc")) })
		reset := goPeer(t, func(c net.Conn) {
			c.Write([]byte("x\n"))
			bufio.NewReader(c).ReadString('\n')
			c.(*net.TCPConn).SetLinger(0)
		})
		slow := goPeer(t, func(c net.Conn) {
			c.Write([]byte("waiting for"))
			time.Sleep(2 * time.Second)
		})
		r := runLua(t, 20*time.Second, `
local net = require('net')
local a = net.dial(tonumber(process.argv[2]), '127.0.0.1')
print(a:receive(10))
print(a:receive())
local b = net.dial(tonumber(process.argv[3]), '127.0.0.1')
print(b:receive('*l'))
b:write('go\n')
local ok, e = pcall(b.receive, b)
print(ok, e.code)
local c = net.dial(tonumber(process.argv[4]), '127.0.0.1')
local ok, e = pcall(c.expect, c, 'never', 100)
print(ok, e.code, e.received)
c:destroy()
print(pcall(c.receive, c, '*x'))`, short, reset, slow).wantClean(t)
		mustContain(t, r.Out, "nil\tabc\nnil\nx\nfalse\tECONNRESET\nfalse\tETIMEDOUT\twaiting for\n",
			"false\tTypeError [ERR_INVALID_ARG_VALUE]: The argument 'pattern' must be a number of bytes, '*l' or '*a'. Received '*x'")
	})
}

// TestReceiveFramesAndBackpressure: with setFraming receive returns whole
// messages; a line that never ends stops at the limit instead of growing
// memory; a socket that flows refuses receive.
func TestReceiveFramesAndBackpressure(t *testing.T) {
	resp := goPeer(t, func(c net.Conn) {
		c.Write([]byte("+OK\r\n*2\r\n$1\r\na\r\n:5\r\n-ERR bad\r\n"))
		io.Copy(io.Discard, c)
	})
	endless := goPeer(t, func(c net.Conn) {
		chunk := []byte(strings.Repeat("z", 64*1024))
		for i := 0; i < 400; i++ { // 25 MiB, more than the 16 MiB limit
			if _, err := c.Write(chunk); err != nil {
				return
			}
		}
	})
	r := runLua(t, 30*time.Second, `
local net = require('net')
local s = net.dial(tonumber(process.argv[2]), '127.0.0.1')
s:setFraming('resp')
print(s:receive())
local arr = s:receive()
print(arr[1], arr[2], arr.n)
local e = s:receive()
print(e.code, e.message)
print(pcall(s.receive, s, 3))
s:destroy()
local big = net.dial(tonumber(process.argv[3]), '127.0.0.1')
local ok, e = pcall(big.receive, big, '*l')
print(ok, e.code, big.readableLength <= 32 * 1024 * 1024)
big:destroy()
local srv = net.createServer(function(c) c:on('data', function() end); print(pcall(c.receive, c)); c:destroy() end)
srv:listen(0, '127.0.0.1')
netsh.wait(srv, 'listening')
local c = net.dial(srv:address().port, '127.0.0.1')
print(c:receive())
srv:close()`, resp, endless).wantClean(t)
	mustContain(t, r.Out, "OK\na\t5\t2\nERR_RESP\tERR bad\n",
		"false\tError [ERR_INVALID_STATE]: sock:receive() with a pattern reads raw bytes",
		"false\tERR_FRAME_TOO_LARGE\ttrue\n",
		"false\tError [ERR_INVALID_STATE]: sock:receive() reads a paused socket, and this one flows",
		"nil\n")
}

// TestDialErrors: a refused connect is raised as the Error object, with
// Node's text; bad arguments are refused before any socket is made.
func TestDialErrors(t *testing.T) {
	r := runLua(t, 10*time.Second, `
local net = require('net')
local ok, e = pcall(net.dial, tonumber(process.argv[2]), '127.0.0.1')
print(ok, e.code, e.message)
print(pcall(net.dial))
print(pcall(net.dial, 80, 'localhost', 5))
local ok, e = pcall(net.dial, {port = tonumber(process.argv[2]), host = '127.0.0.1'})
print(ok, e.code)`, strconv.Itoa(testkit.FreePort(t))).wantClean(t)
	mustContain(t, r.Out, "false\tECONNREFUSED\tconnect ECONNREFUSED 127.0.0.1:",
		"false\tTypeError [ERR_MISSING_ARGS]: The \"options\" or \"port\" or \"path\" argument must be specified",
		"false\tTypeError [ERR_INVALID_ARG_TYPE]: The \"options\" argument must be of type table. Received type number (5)",
		"false\tECONNREFUSED\n")
}

// TestDgramReceive: a dgram socket's receive returns each datagram and
// its sender, queued in order, and ETIMEDOUT past its limit.
func TestDgramReceive(t *testing.T) {
	bothIO(t, func(t *testing.T) {
		r := runLua(t, 10*time.Second, `
local dgram = require('dgram')
local a = dgram.createSocket('udp4')
print(pcall(a.receive, a))
a:bind(0, '127.0.0.1')
netsh.wait(a, 'listening')
local b = dgram.createSocket('udp4')
for i = 1, 3 do b:send('m' .. i, a:address().port, '127.0.0.1') end
for i = 1, 3 do
  local msg, rinfo = a:receive(2000)
  print(msg, rinfo.address, rinfo.port == b:address().port, rinfo.size)
end
print(pcall(a.receive, a, 20))
netsh.spawn(function() print('closed', a:receive()) end)
local ok, e = pcall(a.receive, a) -- the spawned task receives already
print('second', ok, e.code)
a:close()
-- a socket whose datagrams go to 'message' listeners is not read this way
local c = dgram.createSocket('udp4')
c:on('message', function() end)
c:bind(0, '127.0.0.1')
netsh.wait(c, 'listening')
ok, e = pcall(c.receive, c)
print('listeners', ok, e.code)
c:close()
-- datagrams wait for receive up to a bound, later ones dropped
local d = dgram.createSocket('udp4')
d:bind(0, '127.0.0.1')
netsh.wait(d, 'listening')
pcall(d.receive, d, 1) -- receive mode on: datagrams are queued from now
for i = 1, 1100 do b:send('q' .. i, d:address().port, '127.0.0.1') end
netsh.sleep(300)
local n = 0
while pcall(d.receive, d, 1) do n = n + 1 end
print('queued', n > 0 and n <= 1024, n)
d:close()
b:close()`).wantClean(t)
		mustContain(t, r.Out, "false\tError [ERR_SOCKET_DGRAM_NOT_RUNNING]: sock:receive() needs a bound socket",
			"m1\t127.0.0.1\ttrue\t2\nm2\t127.0.0.1\ttrue\t2\nm3\t127.0.0.1\ttrue\t2\n",
			"false\tError: sock:receive() timed out", "closed\tnil\n", "second\tfalse\tERR_INVALID_STATE\n",
			"listeners\tfalse\tERR_INVALID_STATE\n", "queued\ttrue\t")
	})
}

// TestSlowFramedReaderStaysBounded: a task taking one small frame at a
// time from a peer that sends without end reads no further ahead than
// the high-water mark: the framer is fed only when it has no whole frame.
func TestSlowFramedReaderStaysBounded(t *testing.T) {
	bothIO(t, func(t *testing.T) {
		flood := goPeer(t, func(c net.Conn) {
			chunk := []byte(strings.Repeat("x\n", 32*1024))
			c.SetWriteDeadline(time.Now().Add(20 * time.Second))
			for i := 0; i < 64; i++ { // 4 MiB of 2-byte lines
				if _, err := c.Write(chunk); err != nil {
					return
				}
			}
		})
		r := runLua(t, 20*time.Second, `
local s = require('net').dial(tonumber(process.argv[2]), '127.0.0.1')
s:setFraming('line')
for i = 1, 100 do
  assert(s:receive() == 'x')
  netsh.sleep(1)
end
print('read ahead', s.bytesRead < 512 * 1024, s.bytesRead)
s:destroy()`, flood).wantClean(t)
		mustContain(t, r.Out, "read ahead\ttrue")
	})
}
