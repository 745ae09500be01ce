package luabind

// Micro-benchmarks of the hot paths the end-to-end benchmark (bench/)
// exercises: an I/O event posted to the loop running its Lua callback,
// socket:write from Lua, Buffer creation and reads, util.format.
//
//	go test -run '^$' -bench . -benchmem ./luabind/
//
// Buffer and util.format cover only what the minimal Buffer and util
// provide so far (Buffer.alloc/from, tostring, #, length; rt.Format); they
// are to be widened with the read/write families and format directives.

import (
	"io"
	"net"
	"strconv"
	"testing"

	lua "github.com/yuin/gopher-lua"
)

// benchRuntime is a fresh runtime writing its console output nowhere.
func benchRuntime(b *testing.B) *Runtime {
	b.Helper()
	rt := newRuntime(b, io.Discard, io.Discard, "netsh", "bench.lua")
	b.Cleanup(rt.Close)
	return rt
}

// luaFunc compiles src, a chunk that returns a function, and returns that
// function.
func luaFunc(b *testing.B, rt *Runtime, src string) *lua.LFunction {
	b.Helper()
	chunk, err := rt.Load(src, "bench.lua") // as netsh compiles a script
	if err != nil {
		b.Fatal(err)
	}
	if err := rt.L.CallByParam(lua.P{Fn: chunk, NRet: 1, Protect: true}); err != nil {
		b.Fatal(err)
	}
	fn, ok := rt.L.Get(-1).(*lua.LFunction)
	rt.L.Pop(1)
	if !ok {
		b.Fatal("chunk did not return a function")
	}
	return fn
}

// runN calls fn(b.N) once, timed: fn is a Lua loop doing one op per turn.
func runN(b *testing.B, rt *Runtime, fn *lua.LFunction) {
	b.Helper()
	b.ReportAllocs()
	b.ResetTimer()
	if err := rt.L.CallByParam(lua.P{Fn: fn, NRet: 0, Protect: true}, lua.LNumber(b.N)); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkLoopPostLuaCallback: another goroutine posts b.N events; each
// runs a Lua callback on the loop, as a socket's reader does per chunk.
func BenchmarkLoopPostLuaCallback(b *testing.B) {
	rt := benchRuntime(b)
	fn := luaFunc(b, rt, `local n = 0; return function(x) n = n + x end`)
	arg := lua.LNumber(1)
	loop := rt.Loop()
	b.ReportAllocs()
	b.ResetTimer()
	done := loop.Reserve() // keeps Run going until the poster is finished
	go func() {
		for i := 0; i < b.N; i++ {
			loop.Post(func() { rt.call1(fn, arg) })
		}
		done(nil)
	}()
	loop.Run()
	b.StopTimer()
	if n := luaNumber(b, rt, fn); n != b.N {
		b.Fatalf("callback ran %d times, want %d", n, b.N)
	}
}

// BenchmarkLoopPostEmit is the same through an Emitter: the path of a
// socket's 'data' event, with a Buffer argument built per event.
func BenchmarkLoopPostEmit(b *testing.B) {
	rt := benchRuntime(b)
	fn := luaFunc(b, rt, `local n = 0; return function(buf) n = n + #buf end`)
	var em Emitter
	em.add("data", fn, false, false)
	chunk := make([]byte, 64)
	loop := rt.Loop()
	b.ReportAllocs()
	b.ResetTimer()
	done := loop.Reserve()
	go func() {
		for i := 0; i < b.N; i++ {
			loop.Post(func() { rt.EmitGo(&em, "data", rt.NewBuffer(chunk)) })
		}
		done(nil)
	}()
	loop.Run()
	b.StopTimer()
	if n := luaNumber(b, rt, fn); n != 64*b.N {
		b.Fatalf("listener counted %d bytes, want %d", n, 64*b.N)
	}
}

// luaNumber reads the upvalue n of a benchmark callback.
func luaNumber(b *testing.B, rt *Runtime, fn *lua.LFunction) int {
	b.Helper()
	_, v := rt.L.GetUpvalue(fn, 1)
	n, ok := v.(lua.LNumber)
	if !ok {
		b.Fatalf("upvalue is %v", v)
	}
	return int(n)
}

// sink accepts one connection on 127.0.0.1 and counts what it reads.
func sink(b *testing.B) (port string, total <-chan int64) {
	b.Helper()
	ch := make(chan int64, 1)
	port = goPeer(b, func(c net.Conn) {
		n, _ := io.Copy(io.Discard, c)
		ch <- n
	})
	return port, ch
}

// socketWriteScript writes N 64-byte messages (a string, or one Buffer)
// as fast as write() allows, waiting for 'drain' when it says so.
const socketWriteScript = `
local net = require('net')
local n, port, kind = tonumber(process.argv[2]), tonumber(process.argv[3]), process.argv[4]
local msg = string.rep('x', 64)
if kind == 'buffer' then msg = Buffer.from(msg) end
local sock = net.connect(port, '127.0.0.1')
local i = 0
local function pump()
  while i < n do
    i = i + 1
    if not sock:write(msg) then
      sock:once('drain', pump)
      return
    end
  end
  sock:_end()
end
sock:on('connect', pump)
`

// BenchmarkSocketWrite: socket:write of 64-byte messages from Lua to a Go
// sink on loopback, with backpressure; the time includes the connect.
func BenchmarkSocketWrite(b *testing.B) {
	for _, kind := range []string{"string", "buffer"} {
		b.Run(kind, func(b *testing.B) {
			port, total := sink(b)
			rt := newRuntime(b, io.Discard, io.Discard, "netsh", "bench.lua", strconv.Itoa(b.N), port, kind)
			defer rt.Close()
			b.SetBytes(64)
			b.ReportAllocs()
			b.ResetTimer()
			code, err := rt.RunString(socketWriteScript, "bench.lua")
			b.StopTimer()
			if err != nil || code != 0 {
				b.Fatalf("script: code %d, %v", code, err)
			}
			if got := <-total; got != int64(64*b.N) {
				b.Fatalf("sink got %d bytes, want %d", got, 64*b.N)
			}
		})
	}
}

// BenchmarkBufferAlloc: Buffer.alloc(64) from Lua.
func BenchmarkBufferAlloc(b *testing.B) {
	rt := benchRuntime(b)
	runN(b, rt, luaFunc(b, rt, `return function(n)
		for i = 1, n do local buf = Buffer.alloc(64) end
	end`))
}

// BenchmarkBufferFrom: Buffer.from of a 64-byte string (bytes written in).
func BenchmarkBufferFrom(b *testing.B) {
	rt := benchRuntime(b)
	runN(b, rt, luaFunc(b, rt, `return function(n)
		local s = string.rep('a', 64)
		for i = 1, n do local buf = Buffer.from(s) end
	end`))
}

// BenchmarkBufferRead: a 64-byte Buffer's bytes and length read from Lua
// (tostring, # and .length).
func BenchmarkBufferRead(b *testing.B) {
	rt := benchRuntime(b)
	for _, c := range []struct{ name, expr string }{
		{"tostring", "tostring(buf)"},
		{"len", "#buf"},
		{"length", "buf.length"},
	} {
		b.Run(c.name, func(b *testing.B) {
			runN(b, rt, luaFunc(b, rt, `return function(n)
				local buf = Buffer.from(string.rep('a', 64))
				local x
				for i = 1, n do x = `+c.expr+` end
			end`))
		})
	}
}

// BenchmarkNewBuffer: wrapping a received chunk as a Lua Buffer, from Go
// (what every 'data' event does).
func BenchmarkNewBuffer(b *testing.B) {
	rt := benchRuntime(b)
	chunk := make([]byte, 64)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		rt.NewBuffer(chunk)
	}
}

// BenchmarkFormatGo: util.format's Go side with a format string, a string, a
// number and a table.
func BenchmarkFormatGo(b *testing.B) {
	rt := benchRuntime(b)
	t := rt.L.NewTable()
	t.RawSetString("port", lua.LNumber(3210))
	args := []lua.LValue{lua.LString("%s:%d"), lua.LString("127.0.0.1"), lua.LNumber(3210), t}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		rt.Format(args)
	}
}

// BenchmarkFormatLua: util.format called from Lua.
func BenchmarkFormatLua(b *testing.B) {
	rt := benchRuntime(b)
	runN(b, rt, luaFunc(b, rt, `return function(n)
		local util = require('util')
		for i = 1, n do local s = util.format('%s:%d', '127.0.0.1', i) end
	end`))
}

// BenchmarkPatternHTTPLine: the request-line and header matches a
// hand-written HTTP parser makes per request (string.match and find).
func BenchmarkPatternHTTPLine(b *testing.B) {
	rt := benchRuntime(b)
	runN(b, rt, luaFunc(b, rt, `return function(n)
  local line, hdr = 'GET /index.html HTTP/1.1', 'Content-Length: 1234'
  for i = 1, n do
    local m, u, v = line:match('^(%u+) (%S+) HTTP/(%d%.%d)$')
    local k, val = hdr:match('^([%w-]+):%s*(.-)%s*$')
    local e = hdr:find('\r\n\r\n', 1, true)
  end
end`))
}

// BenchmarkPatternGsub: a gsub with captures and a string replacement.
func BenchmarkPatternGsub(b *testing.B) {
	rt := benchRuntime(b)
	runN(b, rt, luaFunc(b, rt, `return function(n)
  local s = 'key=value; other=42; last=x'
  for i = 1, n do local r = s:gsub('(%w+)=(%w+)', '%2=%1') end
end`))
}

// BenchmarkHTTPDecodeRespond: what an 'http'-framed server does per
// request: the request decoded to a table, a response built.
func BenchmarkHTTPDecodeRespond(b *testing.B) {
	rt := benchRuntime(b)
	runN(b, rt, luaFunc(b, rt, `local h = require('http1')
return function(n)
  local req = 'GET /hi HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nUser-Agent: wrk\r\nAccept: */*\r\n\r\n'
  for i = 1, n do
    local m = h.decode(req)
    local out = h.response{ status = 200, headers = { ['Content-Type'] = 'text/plain', Connection = 'keep-alive' }, body = 'hello ' .. m.url }
  end
end`))
}

// BenchmarkRESPDecode: a pipelined SET command decoded to a table.
func BenchmarkRESPDecode(b *testing.B) {
	rt := benchRuntime(b)
	runN(b, rt, luaFunc(b, rt, `local resp = require('resp')
return function(n)
  local cmd = '*3\r\n$3\r\nSET\r\n$5\r\nkey:1\r\n$5\r\nvalue\r\n'
  for i = 1, n do local v = resp.decode(cmd) end
end`))
}

// BenchmarkRESPHandParse: a SET command read the way a hand-written RESP
// parser does (bench/servers/resp.lua): find, byte, sub and tonumber per
// line, each returning small numbers.
func BenchmarkRESPHandParse(b *testing.B) {
	rt := benchRuntime(b)
	runN(b, rt, luaFunc(b, rt, `return function(n)
  local buf = '*3\r\n$3\r\nSET\r\n$16\r\nkey:__rand_int__\r\n$3\r\nxxx\r\n'
  for i = 1, n do
    local eol = buf:find('\r\n', 1, true)
    local count = tonumber(buf:sub(2, eol - 1))
    local pos, args = eol + 2, {}
    for k = 1, count do
      eol = buf:find('\r\n', pos, true)
      if buf:byte(pos) ~= 36 then error('bad') end
      local len = tonumber(buf:sub(pos + 1, eol - 1))
      args[k] = buf:sub(eol + 2, eol + 1 + len)
      pos = eol + 4 + len
    end
  end
end`))
}
