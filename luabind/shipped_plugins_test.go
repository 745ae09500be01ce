package luabind

import (
	"net"
	"path/filepath"
	"testing"
	"time"
)

// runWithPlugins runs src after loading the given shipped plugins from
// scripts/plugins.
func runWithPlugins(t *testing.T, plugins []string, src string, args ...string) luaResult {
	t.Helper()
	return runLuaSetup(t, netLimit, func(rt *Runtime) {
		var files []string
		for _, p := range plugins {
			files = append(files, filepath.Join("..", "scripts", "plugins", p+".lua"))
		}
		for _, r := range rt.LoadPlugins(files) {
			if r.Err != nil {
				t.Fatalf("loading %s: %v", r.Path, r.Err)
			}
		}
	}, src, args...)
}

// A Go peer writes lines split across writes at awkward places; the
// lines plugin delivers each whole, CRLF or LF, and the tail at 'end'.
func TestShippedLinesReassembles(t *testing.T) {
	port := goPeer(t, func(c net.Conn) {
		for _, part := range []string{"hel", "lo\r\nwor", "ld\n\nthird", " line\r", "\nta", "il"} {
			c.Write([]byte(part))
			time.Sleep(15 * time.Millisecond)
		}
		c.(*net.TCPConn).CloseWrite()
		buf := make([]byte, 256)
		n, _ := c.Read(buf)
		c.Write([]byte("echoed back: " + string(buf[:n])))
	})
	r := runWithPlugins(t, []string{"lines"}, `
local lines = require('lines')
local c = require('net').connect({ port = tonumber(process.argv[2]), host = '127.0.0.1', allowHalfOpen = true })
lines(c)
local n = 0
c:on('line', function(l) n = n + 1; print('line', n, '[' .. l .. ']') end)
c:on('end', function() c:writeLine('bye'); c:_end() end)`, port)
	r.wantCode(t, 0)
	mustContain(t, r.Out, "line\t1\t[hello]\nline\t2\t[world]\nline\t3\t[]\nline\t4\t[third line]\nline\t5\t[tail]\n")
}

func TestShippedHexdump(t *testing.T) {
	r := runWithPlugins(t, []string{"hexdump"}, `
print(hexdump('Hello, world.\n\0\1 more bytes to fill two lines!'))
print(require('hexdump')(Buffer.from('AB')))
print(hexdump(''))
print(pcall(hexdump, 42))`)
	r.wantCode(t, 0)
	// The first block is what `hexdump -C` prints for the same bytes.
	mustContain(t, r.Out, `00000000  48 65 6c 6c 6f 2c 20 77  6f 72 6c 64 2e 0a 00 01  |Hello, world....|
00000010  20 6d 6f 72 65 20 62 79  74 65 73 20 74 6f 20 66  | more bytes to f|
00000020  69 6c 6c 20 74 77 6f 20  6c 69 6e 65 73 21        |ill two lines!|
0000002e
00000000  41 42                                             |AB|
00000002
00000000
false`)
}

// A peer sending a line without end cannot make the lines plugin buffer
// without bound: the socket is destroyed once a line passes maxFrame
// (16 MiB), having read little more than that.
func TestShippedLinesBoundsALineWithoutEnd(t *testing.T) {
	port := goPeer(t, func(c net.Conn) {
		chunk := make([]byte, 1<<20)
		for i := range chunk {
			chunk[i] = 'x'
		}
		for i := 0; i < 64; i++ {
			if _, err := c.Write(chunk); err != nil {
				return
			}
		}
	})
	r := runWithPlugins(t, []string{"lines"}, `
local c = require('lines')(require('net').connect(tonumber(process.argv[2]), '127.0.0.1'))
c:on('line', function(l) print('line', #l) end)
c:on('error', function(e) print(e.code, c.bytesRead <= 16 * 1024 * 1024 + 512 * 1024) end)`, port)
	r.wantCode(t, 0)
	mustContain(t, r.Out, "ERR_FRAME_TOO_LARGE\ttrue\n")
}
