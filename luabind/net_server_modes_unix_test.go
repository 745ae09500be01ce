//go:build unix

package luabind

import (
	"syscall"
	"testing"
)

// readableAll and writableAll add the read and write bits for everyone to
// the socket file's mode, as libuv's uv_pipe_chmod does for Node; under
// umask 077 node gives 0700, 0744, 0722, 0766 and 0700 for these cases.
func TestNetListenPipeModes(t *testing.T) { bothIO(t, testNetListenPipeModes) }

func testNetListenPipeModes(t *testing.T) {
	old := syscall.Umask(0o077) // no test in this package runs in parallel
	defer syscall.Umask(old)
	r := runLua(t, netLimit, `
local net, fs = require('net'), require('fs')
local dir = process.argv[2]
local cases = {
  { 'none', {} }, { 'r', { readableAll = true } }, { 'w', { writableAll = true } },
  { 'rw', { readableAll = true, writableAll = true } }, { 'rfalse', { readableAll = false, writableAll = false } },
}
local i = 0
local function nextCase()
  i = i + 1
  local c = cases[i]
  if not c then return end
  local opts = c[2]
  opts.path = dir .. '/' .. c[1] .. '.sock'
  local s = net.createServer()
  s:listen(opts, function()
    print('mode', c[1], string.format('%o', fs.statSync(opts.path).mode % 4096))
    s:close(nextCase)
  end)
end
nextCase()
local ok, e = pcall(function() net.createServer():listen({ path = dir .. '/bad.sock', readableAll = 1 }):close() end)
print('non-boolean', ok)`, t.TempDir())
	if r.Code != 0 {
		t.Fatalf("exit %d: %s", r.Code, r.Err)
	}
	mustContain(t, r.Out, "mode\tnone\t700", "mode\tr\t744", "mode\tw\t722", "mode\trw\t766", "mode\trfalse\t700",
		"non-boolean\ttrue")
}
