package luabind

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/netsh/netsh/internal/testkit"
)

func TestWireFormatting(t *testing.T) {
	res := runLua(t, shortLimit, `
local wire = require('wire')
io.write(wire.hexdump('hi'))
io.write(wire.dump(Buffer.from('PING\r\n'), 16, '>'))
print(wire.text('a\r\n'), wire.text('\0\255'), wire.text('abcdef', 3))
for _, bad in ipairs({
  function() wire.hexdump(1) end,
  function() wire.dump('x', -1) end,
  function() wire.dump('x', 0, 5) end,
  function() wire.text('x', 1.5) end,
  function() wire.trace('yes') end,
}) do local ok, e = pcall(bad); print(ok, e.code) end
`).wantClean(t)
	checkOutput(t, "stdout", res.Out, "00000000  68 69                                             |hi|\n00000002\n"+
		"> 00000010  50 49 4e 47 0d 0a                                 |PING..|\n"+
		"\"a\\r\\n\"\t0x00ff\t\"abc\"...\n"+
		"false\tERR_INVALID_ARG_TYPE\nfalse\tERR_OUT_OF_RANGE\nfalse\tERR_INVALID_ARG_TYPE\nfalse\tERR_OUT_OF_RANGE\nfalse\tERR_INVALID_ARG_TYPE\n")
}

// wire.faults plans: pieces and delays, drops and resets, seeded loss;
// bad options are Node-style errors.
func TestWireFaults(t *testing.T) {
	res := runLua(t, shortLimit, `
local wire = require('wire')
local p = wire.faults{ fragment = 4, resetAfter = 10 }
local pieces, dropped, reset = p:chunk('0123456789abc')
for _, x in ipairs(pieces) do io.write(x.data, '@', x.delay, ' ') end
print(dropped, reset)
local d = wire.faults{ delay = 50 }:chunk('x')[1].delay
print(d >= 49 and d <= 51)
local function lost(seed)
  local q, out = wire.faults{ loss = 0.5, seed = seed }, {}
  for i = 1, 20 do out[i] = q:datagram(10) == nil and 'x' or '.' end
  return table.concat(out)
end
print(lost(1) == lost(1), lost(1) ~= lost(2))
for _, bad in ipairs({
  function() wire.faults{ loss = 2 } end,
  function() wire.faults{ delay = -1 } end,
  function() wire.faults{ delay = 'slow' } end,
  function() wire.faults(5) end,
  function() p:chunk(true) end,
  function() p.chunk('x') end,
}) do local ok, e = pcall(bad); print(ok, e.code) end
`).wantClean(t)
	checkOutput(t, "stdout", res.Out, "0123@0 4567@0 89@0 3\ttrue\ntrue\ntrue\ttrue\n"+
		"false\tERR_OUT_OF_RANGE\nfalse\tERR_OUT_OF_RANGE\nfalse\tERR_INVALID_ARG_TYPE\nfalse\tERR_INVALID_ARG_TYPE\nfalse\tERR_INVALID_ARG_TYPE\nfalse\tERR_INVALID_THIS\n")
}

// The trace sees every chunk both ways, the FINs, and datagrams, on
// both I/O paths; the capture holds the same bytes.
func TestWireTraceAndPcap(t *testing.T) { bothIO(t, testWireTraceAndPcap) }

func testWireTraceAndPcap(t *testing.T) {
	file := filepath.Join(t.TempDir(), "t.pcap")
	f, err := os.Create(file)
	if err != nil {
		t.Fatal(err)
	}
	r := startLua(t, luaScript{src: `
local net = require('net')
local srv = net.createServer(function(c)
  c:on('data', function(d) c:write('echo:' .. tostring(d)) end)
  c:on('end', function() c:_end() end)
end)
srv:listen(0, '127.0.0.1', function()
  local c = net.connect(srv:address().port, '127.0.0.1')
  c:on('connect', function() c:write('ping'); c:_end() end)
  c:on('data', function() end)
  c:on('close', function() srv:close() end)
end)`, setup: func(rt *Runtime) {
		rt.opts.Trace, rt.opts.Pcap = true, NewCapture(f)
		rt.initWire()
	}})
	res := r.wait(t, netLimit)
	f.Close()
	if res.Code != 0 {
		t.Fatalf("exit %d: %s", res.Code, res.Err)
	}
	for _, re := range []string{
		`tcp 127\.0\.0\.1:\d+ - 127\.0\.0\.1:\d+ connected\n`,
		`tcp 127\.0\.0\.1:\d+ - 127\.0\.0\.1:\d+ accepted\n`,
		`tcp 127\.0\.0\.1:\d+ > 127\.0\.0\.1:\d+ 4 "ping"\n`,
		`tcp 127\.0\.0\.1:\d+ < 127\.0\.0\.1:\d+ 4 "ping"\n`,
		`tcp 127\.0\.0\.1:\d+ > 127\.0\.0\.1:\d+ 9 "echo:ping"\n`,
		`tcp 127\.0\.0\.1:\d+ < 127\.0\.0\.1:\d+ FIN\n`,
	} {
		if !regexp.MustCompile(re).MatchString(res.Err) {
			t.Fatalf("trace lacks %s:\n%s", re, res.Err)
		}
	}
	var data [][]byte
	for _, p := range testkit.ReadPcap(t, file) {
		if len(p.Payload) > 0 {
			data = append(data, p.Payload)
		}
	}
	if got := string(bytes.Join(data, []byte("|"))); strings.Count(got, "ping") != 4 || strings.Count(got, "echo:ping") != 2 {
		t.Fatalf("capture payloads %q", got)
	}
}

// One capture written by runtimes in turn (the shell's .clear makes a new
// one) has one file header: tcpdump reads both runtimes' datagrams.
func TestPcapAcrossRuntimes(t *testing.T) {
	file := filepath.Join(t.TempDir(), "t.pcap")
	f, err := os.Create(file)
	if err != nil {
		t.Fatal(err)
	}
	c := NewCapture(f)
	for _, word := range []string{"first", "second"} {
		runLuaSetup(t, netLimit, func(rt *Runtime) { rt.opts.Pcap = c; rt.initWire() }, `
local s = require('dgram').createSocket('udp4')
s:bind(0, '127.0.0.1', function()
  s:send(process.argv[2], s:address().port, '127.0.0.1', function() s:close() end)
end)`, word).wantClean(t)
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	var got []string
	for _, p := range testkit.ReadPcap(t, file) {
		if len(p.Payload) > 0 {
			got = append(got, string(p.Payload))
		}
	}
	if j := strings.Join(got, " "); !strings.Contains(j, "first") || !strings.Contains(j, "second") {
		t.Fatalf("capture payloads %q", got)
	}
}
