package luabind

import (
	"bytes"
	"io"
	"net"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/netsh/netsh/internal/testkit"
)

// withStdin is a setup that makes process.stdin read r.
func withStdin(r io.Reader) func(rt *Runtime) {
	return func(rt *Runtime) { rt.opts.Stdin = r }
}

// feed writes each piece to w with a pause between, then closes it, so
// the script sees them as separate reads.
func feed(w *io.PipeWriter, pieces ...string) {
	go func() {
		for _, p := range pieces {
			w.Write([]byte(p))
			time.Sleep(5 * time.Millisecond)
		}
		w.Close()
	}()
}

// data, end and close arrive in order, every byte once, as Buffers.
func TestStdinDataEndClose(t *testing.T) {
	r, w := io.Pipe()
	feed(w, "hello ", "wor", "ld\n")
	res := runLuaSetup(t, shortLimit, withStdin(r), `
local got = {}
local s = process.stdin
print(s.fd, s.readable, s.writable, s.readableFlowing)
s:on('data', function(d) got[#got + 1] = tostring(d); assert(Buffer.isBuffer(d)) end)
s:on('end', function() print('end', table.concat(got)) end)
s:on('close', function(hadError) print('close', hadError) end)
`).wantClean(t)
	checkOutput(t, "stdout", res.Out, "0\ttrue\tfalse\tnil\nend\thello world\n\nclose\tfalse\n")
}

// setFraming('line') gives whole lines however the input was cut, and
// the last line without its newline at the end.
func TestStdinFramingLines(t *testing.T) {
	r, w := io.Pipe()
	feed(w, "fir", "st\r\nsec", "ond\nthird")
	res := runLuaSetup(t, shortLimit, withStdin(r), `
process.stdin:setFraming('line')
process.stdin:on('data', function(l) print('[' .. l .. ']') end)
`).wantClean(t)
	checkOutput(t, "stdout", res.Out, "[first]\n[second]\n[third]\n")
}

// The main chunk reads stdin sequentially: lines, a byte count, then nil
// at the end.
func TestStdinReceive(t *testing.T) {
	r, w := io.Pipe()
	feed(w, "one\ntw", "o\nabcdef")
	res := runLuaSetup(t, shortLimit, withStdin(r), `
local i = process.stdin
print(i:receive('*l'))
print(i:receive('*l'))
print(i:receive(4))
print(i:receive(10))
print(i:receive())
`).wantClean(t)
	checkOutput(t, "stdout", res.Out, "one\ntwo\nabcd\nnil\tef\nnil\n")
}

// readline() is receive('*l'): lines in a task, nil at the end (at once,
// even in a callback, since nothing is left to wait for).
func TestStdinReadline(t *testing.T) {
	r, w := io.Pipe()
	feed(w, "α\r\nβ", "\n")
	res := runLuaSetup(t, shortLimit, withStdin(r), `
print(process.stdin:readline(), process.stdin:readline(1000), process.stdin:readline())
setTimeout(function() print(pcall(process.stdin.readline, process.stdin)) end, 0)
print(pcall(process.stdin.readline, {}))
`).wantClean(t)
	mustContain(t, res.Out, "α\tβ\tnil\n", "readline must be called on process.stdin", "true\tnil\n")
}

// setEncoding never splits a character that arrives in two reads.
func TestStdinSetEncoding(t *testing.T) {
	r, w := io.Pipe()
	feed(w, "caf\xc3", "\xa9!")
	res := runLuaSetup(t, shortLimit, withStdin(r), `
process.stdin:setEncoding('utf8')
local parts = {}
process.stdin:on('data', function(d) assert(type(d) == 'string'); parts[#parts + 1] = d end)
process.stdin:on('end', function() print(#parts, table.concat(parts)) end)
`).wantClean(t)
	checkOutput(t, "stdout", res.Out, "2\tcafé!\n")
}

// Looking at process.stdin, or pausing it, keeps no process alive, though
// its input never ends; a 'data' listener does until the end.
func TestStdinIdleLetsProcessExit(t *testing.T) {
	r, w := io.Pipe()
	defer w.Close()
	res := runLuaSetup(t, shortLimit, withStdin(r), `
local s = process.stdin
s:on('data', function() end)
s:pause()
print('paused', s:isPaused())
`).wantClean(t)
	checkOutput(t, "stdout", res.Out, "paused\ttrue\n")
}

// Writing to stdin fails as Node's does: it is not writable.
func TestStdinWriteFails(t *testing.T) {
	r, w := io.Pipe()
	defer w.Close()
	res := runLuaSetup(t, shortLimit, withStdin(r), `
process.stdin:on('error', function(e) print('error', e.code) end)
print(process.stdin:write('x', function(e) print('cb', e.code) end))
`).wantClean(t)
	checkOutput(t, "stdout", res.Out, "false\ncb\tERR_STREAM_WRITE_AFTER_END\nerror\tERR_STREAM_WRITE_AFTER_END\n")
}

// A paused stdin stops reading once it holds enough: a writer that never
// stops is pushed back on, and the memory held stays bounded.
func TestStdinPausedPushesBack(t *testing.T) {
	r, w := io.Pipe()
	var written atomic.Int64
	go func() {
		chunk := bytes.Repeat([]byte("x"), 4096)
		for {
			n, err := w.Write(chunk)
			written.Add(int64(n))
			if err != nil {
				return
			}
		}
	}()
	defer r.Close() // the writer's loop ends
	res := runLuaSetup(t, shortLimit, withStdin(r), `
local s = process.stdin
s:pause()
s:on('readable', function() end)  -- reads, and holds what it read
setTimeout(function() print(s.readableLength > 0, s.readableLength <= 4 * 65536); process.exit(0) end, 200)
`).wantClean(t)
	checkOutput(t, "stdout", res.Out, "true\ttrue\n")
	if n := written.Load(); n > 1<<20 {
		t.Fatalf("the writer got %d bytes in: stdin kept reading while paused", n)
	}
}

// stdin pipes into a socket: the peer gets every byte, then the FIN.
func TestStdinPipeToSocket(t *testing.T) { bothIO(t, testStdinPipeToSocket) }

func testStdinPipeToSocket(t *testing.T) {
	payload := strings.Repeat("0123456789", 51200) // 512,000 bytes, many pipe chunks
	got := make(chan string, 1)
	port := goPeer(t, func(c net.Conn) {
		c.SetDeadline(time.Now().Add(netLimit))
		b, _ := io.ReadAll(c)
		got <- string(b)
	})
	r, w := io.Pipe()
	go func() { io.WriteString(w, payload); w.Close() }()
	runLuaSetup(t, netLimit, withStdin(r), `
local c = require('net').connect(tonumber(process.argv[2]), '127.0.0.1')
process.stdin:pipe(c)
`, port).wantClean(t)
	select {
	case b := <-got:
		if b != payload {
			t.Fatalf("peer got %d bytes, want %d", len(b), len(payload))
		}
	case <-time.After(netLimit):
		t.Fatal("the peer never saw the end")
	}
}

// process.stdout is a Writable: write's callback, end's 'finish', events.
func TestStdoutWritable(t *testing.T) {
	res := runLua(t, shortLimit, `
local o = process.stdout
o:on('finish', function() print('finish') end)
print(o:write('a\n', function(e) print('cb', e) end), o.writable, o.writableHighWaterMark)
o:write('6869', 'hex')
o:write('\n')
o:_end('b\n', function() print('end cb') end)
`).wantClean(t)
	checkOutput(t, "stdout", res.Out, "a\ntrue\ttrue\t16384\nhi\nb\ncb\tnil\nfinish\nend cb\n")
}

// Keep the test kit imported for its deadlines even if a test above is cut.
var _ = testkit.Eventually
