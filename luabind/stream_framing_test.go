package luabind

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestStreamFramingEverySplit: a Readable with setFraming gives the same
// messages however the pushed bytes are cut, and read() returns them one
// at a time in paused mode.
func TestStreamFramingEverySplit(t *testing.T) {
	r := runLua(t, 20*time.Second, `
local stream = require('stream')
local wire = '+OK\r\n*2\r\n$3\r\nfoo\r\n:42\r\n$-1\r\n-ERR no\r\n'
local want = 'OK|foo,42|nil|ERR no|'
local function show(v)
  if type(v) == 'table' and v.code then return v.message end
  if type(v) == 'table' then return tostring(v[1]) .. ',' .. tostring(v[2]) end
  return tostring(v)
end
local bad = 0
for cut = 1, #wire - 1 do
  local r = stream.Readable({read = function() end})
  r:setFraming('resp')
  local got = {}
  r:on('data', function(v) got[#got + 1] = show(v) .. '|' end)
  r:push(wire:sub(1, cut)); r:push(wire:sub(cut + 1)); r:push(nil)
  netsh.sleep(0)
  if table.concat(got) ~= want then bad = bad + 1; print(cut, table.concat(got)) end
end
print('bad cuts', bad)
local p = stream.Readable({read = function() end})
p:setFraming({ delimiter = ';' })
p:push('a;bb;c')
print(p:read(), p:read(), p:read())
p:setFraming(nil)
print(tostring(p:read()))
local o = stream.Readable({objectMode = true, read = function() end})
print(pcall(o.setFraming, o, 'line'))
print(pcall(p.setFraming, p, 'nope'))`).wantClean(t)
	mustContain(t, r.Out, "bad cuts\t0\n", "a\tbb\tnil\n", "c\n",
		"false\tError [ERR_INVALID_STATE]: setFraming() cuts bytes into messages, and this stream is in object mode",
		"false\tTypeError [ERR_INVALID_ARG_VALUE]: The argument 'spec' must be 'line'")
}

// TestFileStreamLines: a file read in 3-byte chunks comes out as its
// lines, a last one without its newline included; a line over maxFrame
// is an error, not unbounded memory.
func TestFileStreamLines(t *testing.T) {
	dir := t.TempDir()
	lines := filepath.Join(dir, "lines.txt")
	os.WriteFile(lines, []byte("alpha\r\nbeta\n\ngamma"), 0o644)
	big := filepath.Join(dir, "big.txt")
	os.WriteFile(big, []byte(strings.Repeat("x", 100000)), 0o644)
	r := runLua(t, 10*time.Second, `
local fs = require('fs')
local rs = fs.createReadStream(process.argv[2], {highWaterMark = 3})
rs:setFraming('line')
local got = {}
rs:on('data', function(l) got[#got + 1] = '[' .. l .. ']' end)
netsh.wait(rs, 'end')
print(table.concat(got))
local b = fs.createReadStream(process.argv[3])
b:setFraming('line', {maxFrame = 1000})
b:on('data', function() end)
local ok, e = pcall(netsh.wait, b, 'end')
print(ok, e.code)`, lines, big).wantClean(t)
	checkOutput(t, "stdout", r.Out, "[alpha][beta][][gamma]\nfalse\tERR_FRAME_TOO_LARGE\n")
}
