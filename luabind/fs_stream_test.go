package luabind

import (
	"bytes"
	"crypto/sha256"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
)

func TestFsReadStreamOptions(t *testing.T) {
	// Expected output from the same program in Node 20.
	fsExpect(t, `
local fs = require('fs')
fs.writeFileSync(DIR .. '/rs.txt', '0123456789abcdefghij')
local rs = fs.createReadStream(DIR .. '/rs.txt', { start = 2, ['end'] = 11, highWaterMark = 4, encoding = 'utf8' })
print('pending', rs.pending, rs.path == DIR .. '/rs.txt', rs.bytesRead)
rs:on('open', function(fd) print('open', type(fd), rs.pending) end)
rs:on('ready', function() print('ready') end)
rs:on('data', function(d) print('data', d) end)
rs:on('end', function() print('end', rs.bytesRead) end)
rs:on('close', function()
  print('close')
  -- no options: Buffers of up to 64 KiB, the whole file
  local all = fs.createReadStream(DIR .. '/rs.txt')
  all:on('data', function(d) print('buffer', tostring(d), #d, all.readableHighWaterMark) end)
  all:on('close', function() print('closed', all.destroyed) end)
end)
`, `
pending	true	true	0
open	number	false
ready
data	2345
data	6789
data	ab
end	10
close
buffer	0123456789abcdefghij	20	65536
closed	true`)
}

func TestFsWriteStreamFlags(t *testing.T) {
	dir := fsExpect(t, `
local fs = require('fs')
local p = DIR .. '/out.txt'
local ws = fs.createWriteStream(p)
print('pending', ws.pending, ws.bytesWritten)
ws:on('open', function(fd) print('open', type(fd)) end)
ws:on('ready', function() print('ready') end)
print(ws:write('abc'), ws:write(Buffer.from('def')))
ws:_end('ghi\n', function() print('end cb', ws.bytesWritten) end)
ws:on('finish', function() print('finish') end)
ws:on('close', function()
  print('close', fs.readFileSync(p, 'utf8') == 'abcdefghi\n')
  local a = fs.createWriteStream(p, { flags = 'a' })
  a:_end('more\n')
  a:on('close', function()
    print(fs.readFileSync(p, 'utf8'))
    local x = fs.createWriteStream(p, { flags = 'wx' })
    x:on('error', function(e) print('wx', e.code, e.message == "EEXIST: file already exists, open '" .. p .. "'") end)
    x:on('close', function()
      print('wx close', fs.readFileSync(p, 'utf8') == 'abcdefghi\nmore\n')
      -- h and ax are two streams whose 'close' events come in no set
      -- order: both are printed once both have closed.
      local closed = {}
      local function both(k, v)
        closed[k] = v
        if closed.hex and closed.ax then print('hex', closed.hex); print('ax', closed.ax) end
      end
      local h = fs.createWriteStream(DIR .. '/hex.bin', { encoding = 'hex' })
      h:_end('414243')
      h:on('finish', function()
        local ax = fs.createWriteStream(DIR .. '/new.txt', { flags = 'ax' })
        ax:_end('created')
        ax:on('close', function() both('ax', fs.readFileSync(DIR .. '/new.txt', 'utf8')) end)
      end)
      h:on('close', function() both('hex', fs.readFileSync(DIR .. '/hex.bin', 'utf8')) end)
    end)
  end)
end)
`, `
pending	true	0
true	true
open	number
ready
end cb	10
finish
close	true
abcdefghi
more

wx	EEXIST	true
wx close	true
hex	ABC
ax	created`)
	b, err := os.ReadFile(filepath.Join(dir, "out.txt"))
	if err != nil || string(b) != "abcdefghi\nmore\n" {
		t.Fatalf("file holds %q (%v)", b, err)
	}
}

func TestFsStreamErrors(t *testing.T) {
	fsExpect(t, `
local fs = require('fs')
local rs = fs.createReadStream(DIR .. '/Files/File04.data')
rs:on('error', function(e) print('read', tostring(e), e.code, e.errno, e.syscall, e.path == DIR .. '/Files/File04.data') end)
rs:on('close', function()
  print('read close', rs.destroyed)
  local ws = fs.createWriteStream(DIR)
  ws:on('error', function(e) print('write', e.message == "EISDIR: illegal operation on a directory, open '" .. DIR .. "'", e.code, e.syscall) end)
  ws:on('close', function()
    print('write close')
    local rd = fs.createReadStream(DIR)
    rd:on('error', function(e) print('readdir', tostring(e), e.code, e.path) end)
    rd:on('close', function()
      print('readdir close')
      local bad = fs.createWriteStream(DIR .. '/f', { flags = 'zz' })
      bad:on('error', function(e) print('flags', tostring(e)) end)
    end)
    rd:resume()
  end)
end)
print(pcall(fs.createReadStream, DIR, { start = 5, ['end'] = 2 }))
print(pcall(fs.createReadStream, DIR, { start = -1 }))
print(pcall(fs.createReadStream, DIR, { start = 'x' }))
print(pcall(fs.createReadStream, DIR, { ['end'] = 1.5 }))
print(pcall(fs.createReadStream, DIR, { highWaterMark = -1 }))
print(pcall(fs.createReadStream, DIR, { encoding = 'zz' }))
print(pcall(fs.createReadStream, 42))
`, `
false	RangeError [ERR_OUT_OF_RANGE]: The value of "start" is out of range. It must be <= "end" (here: 2). Received 5
false	RangeError [ERR_OUT_OF_RANGE]: The value of "start" is out of range. It must be >= 0 && <= 9007199254740991. Received -1
false	TypeError [ERR_INVALID_ARG_TYPE]: The "start" argument must be of type number. Received type string ('x')
false	RangeError [ERR_OUT_OF_RANGE]: The value of "end" is out of range. It must be an integer. Received 1.5
false	TypeError [ERR_INVALID_ARG_VALUE]: The property 'options.highWaterMark' is invalid. Received -1
false	TypeError [ERR_INVALID_ARG_VALUE]: The argument 'encoding' is invalid encoding. Received 'zz'
false	TypeError [ERR_INVALID_ARG_TYPE]: The "path" argument must be of type string or an instance of Buffer or URL. Received type number (42)
read	Error: ENOENT: no such file or directory, open '$D/Files/File04.data'	ENOENT	-2	open	true
read close	true
write	true	EISDIR	open
write close
readdir	Error: EISDIR: illegal operation on a directory, read	EISDIR	nil
readdir close
flags	TypeError [ERR_INVALID_ARG_VALUE]: The argument 'flags' is invalid. Received 'zz'`)
}

func TestFsStreamUnhandledErrorIsReported(t *testing.T) {
	dir := t.TempDir()
	r := streamRunLua(t, dir, `
local fs = require('fs')
fs.createReadStream(DIR .. '/missing.data'):resume()
`)
	if r.Code != 1 || !strings.Contains(r.Err, "ENOENT: no such file or directory, open '"+dir+"/missing.data'") {
		t.Fatalf("exit %d, stderr %q", r.Code, r.Err)
	}
}

// streamMakeFile writes n pseudo-random bytes and returns their SHA-256:
// one random MiB repeated, each copy stamped with its index, so a chunk
// that is lost, repeated or reordered changes the hash.
func streamMakeFile(t *testing.T, path string, n int) [32]byte {
	t.Helper()
	r := rand.New(rand.NewChaCha8([32]byte{1, 2, 3}))
	block := make([]byte, 1<<20)
	for i := range block {
		block[i] = byte(r.Uint32())
	}
	buf := make([]byte, n)
	for off := 0; off < n; off += len(block) {
		c := copy(buf[off:], block)
		for j := 0; j < 8 && j < c; j++ {
			buf[off+j] = byte(off >> (20 + 8*j))
		}
	}
	if err := os.WriteFile(path, buf, 0o644); err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(buf)
}

func TestFsPipe100MiBFileToFile(t *testing.T) {
	dir := t.TempDir()
	const size = 100 << 20
	want := streamMakeFile(t, filepath.Join(dir, "in.bin"), size)
	start := time.Now()
	out := streamRunLua(t, dir, `
local fs = require('fs')
local rs = fs.createReadStream(DIR .. '/in.bin')
local ws = fs.createWriteStream(DIR .. '/out.bin')
local maxR, maxW = 0, 0
rs:on('data', function()
  if rs.readableLength > maxR then maxR = rs.readableLength end
  if ws.writableLength > maxW then maxW = ws.writableLength end
end)
rs:pipe(ws)
ws:on('close', function()
  print('done', rs.bytesRead, ws.bytesWritten, maxR <= 65536, maxW <= 2 * 65536)
end)
`).wantClean(t).Out
	if got := strings.TrimSpace(out); got != "done\t104857600\t104857600\ttrue\ttrue" {
		t.Fatalf("output %q", got)
	}
	b, err := os.ReadFile(filepath.Join(dir, "out.bin"))
	if err != nil {
		t.Fatal(err)
	}
	if sha256.Sum256(b) != want {
		t.Fatal("copy differs from the original")
	}
	t.Logf("100 MiB file->file pipe took %v", time.Since(start))
}

func TestFsReadStreamPausedByslowConsumer(t *testing.T) {
	// A 4 MiB file piped into a writer that accepts one chunk per timer
	// tick: the read stream must stop reading while the writer is full, so
	// its buffer never exceeds one highWaterMark.
	dir := t.TempDir()
	want := streamMakeFile(t, filepath.Join(dir, "in.bin"), 4<<20)
	out := streamRunLua(t, dir, `
local fs = require('fs')
local stream = require('stream')
local rs = fs.createReadStream(DIR .. '/in.bin', { highWaterMark = 65536 })
local maxR, pauses, chunks = 0, 0, {}
rs:on('pause', function() pauses = pauses + 1 end)
local w = stream.Writable({ highWaterMark = 65536, write = function(self, c, e, cb)
  chunks[#chunks + 1] = tostring(c)
  if rs.readableLength > maxR then maxR = rs.readableLength end
  setTimeout(cb, 0)
end })
rs:pipe(w)
w:on('finish', function()
  local f = io.open(DIR .. '/copy.bin', 'wb'); f:write(table.concat(chunks)); f:close()
  print(pauses > 10, maxR <= 65536, rs.bytesRead)
end)
`).wantClean(t).Out
	if strings.TrimSpace(out) != "true\ttrue\t4194304" {
		t.Fatalf("output %q", out)
	}
	b, _ := os.ReadFile(filepath.Join(dir, "copy.bin"))
	if sha256.Sum256(b) != want {
		t.Fatal("data differs")
	}
}

func TestFsIdleStreamsLetTheLoopExit(t *testing.T) {
	// As in Node: an open stream nobody reads from, or an idle write
	// stream, does not keep the process alive.
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "f"), bytes.Repeat([]byte("x"), 1<<20), 0o644)
	out := streamRunLua(t, dir, `
local fs = require('fs')
local rs = fs.createReadStream(DIR .. '/f')
rs:on('open', function() print('open') end)
local ws = fs.createWriteStream(DIR .. '/g')
ws:on('ready', function() print('ready') end)
rs:once('data', function(d) print('one chunk', #d); rs:pause() end)
`).wantClean(t).Out
	lines := strings.Split(strings.TrimSpace(out), "\n")
	sort.Strings(lines) // the two streams race
	if strings.Join(lines, "|") != "one chunk\t65536|open|ready" {
		t.Fatalf("output %q", out)
	}
}

func TestFsStreamHandleListed(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "f"), []byte("abc"), 0o644)
	rt := newRuntime(t, &bytes.Buffer{}, &bytes.Buffer{})
	defer rt.Close()
	fn, err := rt.Load(`local fs = require('fs'); rs = fs.createReadStream('`+dir+`/f')`, "t")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := rt.Eval(fn); err != nil {
		t.Fatal(err)
	}
	hs := rt.Loop().Handles()
	if len(hs) != 1 || hs[0].Kind() != "file stream" || hs[0].Info().Local != dir+"/f" {
		t.Fatalf("handles %v", hs)
	}
	rt.RunLoop() // opens the file, then exits: nothing reads
	hs[0].Close()
	if len(rt.Loop().Handles()) != 0 {
		t.Fatal("handle still listed after close")
	}
}

func TestFsStreamCloseAndStart(t *testing.T) {
	fsExpect(t, `
local fs = require('fs')
local p = DIR .. '/f.txt'
fs.writeFileSync(p, '0123456789')
local ws = fs.createWriteStream(p, { flags = 'r+', start = 3 })
ws:write('abc')
ws:close(function()
  print('ws closed', fs.readFileSync(p, 'utf8'), ws.bytesWritten, ws.closed)
  local rs = fs.createReadStream(p)
  rs:on('open', function()
    rs:close(function() print('rs closed', rs.destroyed, rs.bytesRead) end)
  end)
end)
`, `
ws closed	012abc6789	3	true
rs closed	true	0`)
}

func TestFsWriteStreamBackpressure(t *testing.T) {
	fsExpect(t, `
local fs = require('fs')
local ws = fs.createWriteStream(DIR .. '/bp.bin')
print(ws.writableHighWaterMark, ws:write(string.rep('a', 10000)), ws:write(string.rep('b', 10000)), ws.writableLength, ws.writableNeedDrain)
ws:on('drain', function()
  print('drain', ws.writableLength, ws.bytesWritten)
  ws:_end()
end)
ws:on('close', function() print('close', fs.statSync(DIR .. '/bp.bin').size) end)
`, `
16384	true	false	20000	true
drain	0	20000
close	20000`)
}
