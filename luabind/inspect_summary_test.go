package luabind

import (
	"regexp"
	"strings"
	"testing"
)

// TestInspectSummaries: sockets, servers, dgram sockets, timers and
// streams print their state, as a user at the prompt wants to see it,
// with a real server and client on loopback.
func TestInspectSummaries(t *testing.T) {
	bothIO(t, func(t *testing.T) {
		r := runLua(t, netLimit, `
local net, dgram, util, stream = require('net'), require('dgram'), require('util'), require('stream')
print('fresh ' .. util.inspect(net.Socket()))
local srv = net.createServer(function(c)
  c:on('data', function(d) c:write('pong!\n') end)
end)
print('idle ' .. util.inspect(srv))
srv:listen(0, '127.0.0.1', function()
  local port = srv:address().port
  local c = net.connect(port, '127.0.0.1')
  print('connecting ' .. util.inspect(c))
  c:on('connect', function() c:write('ping\n') end)
  c:on('data', function()
    print('client ' .. util.inspect(c))
    print('server ' .. util.inspect(srv))
    c.tag = 'mine'
    print('fields ' .. util.inspect(c))
    c:destroy()
    print('destroyed ' .. util.inspect(c))
    srv:close()
    print('closing ' .. util.inspect(srv))
    local u = dgram.createSocket('udp4')
    print('udp fresh ' .. util.inspect(u))
    u:bind(0, '127.0.0.1', function()
      u:connect(port, '127.0.0.1', function()
        print('udp ' .. util.inspect(u))
        u:close()
      end)
    end)
  end)
end)
local iv = setInterval(function() end, 100000)
iv:unref()
print('interval ' .. util.inspect(iv))
clearInterval(iv)
local rs = stream.Readable({read = function() end})
rs:push('hello')
print('readable ' .. util.inspect(rs))
rs:on('data', function() end)
print('flowing ' .. util.inspect(rs))
local ws = stream.Writable({write = function(self, c, e, cb) end})
ws:write('abc')
print('writable ' .. util.inspect(ws))
`)
		r.wantClean(t)
		want := []string{
			`^fresh Socket \{ not connected \}$`,
			`^idle Server \{ not listening \}$`,
			`^connecting Socket \{ connecting to 127\.0\.0\.1:\d+, written 0 B \}$`,
			`^client Socket \{ 127\.0\.0\.1:\d+ -> 127\.0\.0\.1:\d+, open, read 6 B, written 5 B \}$`,
			`^server Server \{ 127\.0\.0\.1:\d+, listening, 1 connection \}$`,
			`^fields Socket \{ 127\.0\.0\.1:\d+ -> 127\.0\.0\.1:\d+, open, read 6 B, written 5 B, tag: 'mine' \}$`,
			`^destroyed Socket \{ 127\.0\.0\.1:\d+ -> 127\.0\.0\.1:\d+, destroyed, read 6 B, written 5 B, tag: 'mine' \}$`,
			`^closing Server \{ closing, [01] connections? \}$`,
			`^udp fresh Socket \{ udp4, unbound, in 0 B, out 0 B \}$`,
			`^udp Socket \{ udp4 127\.0\.0\.1:\d+, bound, connected to 127\.0\.0\.1:\d+, in 0 B, out 0 B \}$`,
			`^interval Timeout \{ every 100000 ms, unref, fires in \d+ ms \}$`,
			`^readable Readable \{ not read yet, 5 B buffered, _read: \[Function: _read\] \}$`,
			`^flowing Readable \{ flowing,( 5 B buffered,)? _read: \[Function: _read\] \}$`,
			`^writable Writable \{ writable, 3 B queued, _write: \[Function: _write\] \}$`,
		}
		// An object with fields breaks after its summary: join it again.
		out := strings.ReplaceAll(strings.ReplaceAll(r.Out, ",\n  ", ", "), "\n}", " }")
		lines := strings.Split(strings.TrimSpace(out), "\n")
		for _, w := range want {
			re := regexp.MustCompile(w)
			found := false
			for _, l := range lines {
				if re.MatchString(l) {
					found = true
				}
			}
			if !found {
				t.Errorf("no line matches %s in:\n%s", w, r.Out)
			}
		}
	})
}

// TestInspectColors: colors = true styles values as Node's REPL does, and
// the layout counts the visible width only.
func TestInspectColors(t *testing.T) {
	rt := newUtilRuntime(t)
	got := evalLua(t, rt, `util.inspect({s = 'x', n = 1, b = true, z = print}, {colors = true})`)
	want := "{ b: \x1b[33mtrue\x1b[39m, n: \x1b[33m1\x1b[39m, s: \x1b[32m'x'\x1b[39m, z: \x1b[36m[Function: print]\x1b[39m }"
	if got != want {
		t.Errorf("colours:\n got %q\nwant %q", got, want)
	}
	if got := evalLua(t, rt, `util.inspect(nil, {colors = true})`); got != "\x1b[90mnil\x1b[39m" {
		t.Errorf("nil: %q", got)
	}
	// Eight short numbers fit one line in colour as they do without.
	plain := evalLua(t, rt, `util.inspect({1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26})`)
	colored := evalLua(t, rt, `util.inspect({1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26}, {colors = true})`)
	if stripped := sgrSequence.ReplaceAllString(colored, ""); stripped != plain {
		t.Errorf("colour changed the layout:\n%s\nvs\n%s", stripped, plain)
	}
}
