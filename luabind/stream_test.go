package luabind

import (
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	lua "github.com/yuin/gopher-lua"
)

// streamLimit bounds a stream or fs script: the 100 MiB file pipe takes a
// while under -race on a loaded machine.
const streamLimit = 60 * time.Second

// streamRunLua runs src with the Lua local DIR set to dir.
func streamRunLua(t *testing.T, dir, src string) luaResult {
	t.Helper()
	return runLua(t, streamLimit, fmt.Sprintf("local DIR = %q\n", dir)+src)
}

// fsExpect runs src with DIR set to a fresh temporary directory, which it
// returns; the script must exit 0 with nothing on stderr, and print want
// (with $D in want standing for the directory; space around both aside).
func fsExpect(t *testing.T, src, want string) string {
	t.Helper()
	dir := t.TempDir()
	out := streamRunLua(t, dir, src).wantClean(t).Out
	want = strings.ReplaceAll(strings.TrimSpace(want), "$D", dir)
	if strings.TrimSpace(out) != want {
		t.Fatalf("output differs\n--- got:\n%s\n--- want:\n%s", out, want)
	}
	return dir
}

// streamExpect is fsExpect for a script that uses no files.
func streamExpect(t *testing.T, src, want string) {
	t.Helper()
	fsExpect(t, src, want)
}

// The expected outputs below were produced by the same programs in Node 20.

func TestStreamReadableFlowingAndPaused(t *testing.T) {
	streamExpect(t, `
local stream = require('stream')
local i = 0
local r = stream.Readable({ read = function(self, n)
  i = i + 1
  if i > 3 then self:push(nil) else self:push('chunk' .. i) end
end })
r:on('data', function(d) print('data', tostring(d), #d) end)
r:on('end', function() print('end') end)
r:on('close', function() print('close') end)

local p = stream.Readable({ highWaterMark = 4, read = function(self) end })
p:push('abcdef'); p:push('gh')
p:on('readable', function()
  local c = p:read(3)
  while c do print('read', tostring(c)); c = p:read(3) end
  print('readable done', p.readableLength)
end)
p:on('end', function() print('p end') end)
setTimeout(function() p:push(nil) end, 10)

local f = stream.Readable({ read = function() end })
print(f.readableFlowing, f:isPaused())
f:on('data', function() end); print(f.readableFlowing, f:isPaused())
f:pause(); print(f.readableFlowing, f:isPaused())
f:resume(); print(f.readableFlowing, f:isPaused())
`, `
nil	false
true	false
false	true
true	false
data	chunk1	6
data	chunk2	6
data	chunk3	6
read	abc
read	def
readable done	2
end
close
read	gh
readable done	0
p end`)
}

// A 'readable' listener pauses the stream; removing the last one puts
// readableFlowing back to null on the next tick (flowState's flowNull, the
// zero value, so this guards the constructor and offListener alike).
func TestStreamReadableListenerFlowingNull(t *testing.T) {
	streamExpect(t, `
local stream = require('stream')
local g = stream.Readable({ read = function() end })
local fn = function() end
g:on('readable', fn); print(g.readableFlowing, g:isPaused())
g:removeListener('readable', fn); print(g.readableFlowing, g:isPaused())
setImmediate(function()
  print(g.readableFlowing, g:isPaused())
  g:on('data', function() end); print(g.readableFlowing, g:isPaused())
end)
`, `
false	true
false	true
nil	false
true	false`)
}

func TestStreamWritableBackpressure(t *testing.T) {
	streamExpect(t, `
local stream = require('stream')
local w = stream.Writable({ highWaterMark = 10, write = function(self, c, enc, cb)
  print('write', tostring(c), enc, Buffer.isBuffer == nil or Buffer.isBuffer(c))
  setTimeout(cb, 5)
end })
print(w:write('hello'), w:write('world!'), w.writableLength, w.writableNeedDrain)
w:on('drain', function()
  print('drain', w.writableLength)
  print(w:write('x'))
  w:_end('bye', function() print('end cb') end)
  print(w.writableEnded, w.writableFinished)
end)
w:on('finish', function() print('finish', w.writableFinished) end)
w:on('close', function() print('close', w.destroyed) end)
`, `
write	hello	buffer	true
true	false	11	true
write	world!	buffer	true
drain	0
write	x	buffer	true
true
true	false
write	bye	buffer	true
end cb
finish	true
close	true`)
}

func TestStreamTransformAndPassThrough(t *testing.T) {
	streamExpect(t, `
local stream = require('stream')
local t = stream.Transform({
  transform = function(self, c, enc, cb) cb(nil, string.upper(tostring(c))) end,
  flush = function(self, cb) self:push('!'); cb(nil, '?') end,
})
t:setEncoding('utf8')
t:on('data', function(d) print('T', d, type(d)) end)
t:on('end', function() print('T end') end)
t:on('finish', function() print('T finish') end)
t:write('abc'); t:_end('def')
local pt = stream.PassThrough()
local got = {}
pt:on('data', function(d) got[#got+1] = tostring(d) end)
pt:on('end', function() print('pt', table.concat(got, ',')) end)
pt:write('x'); pt:write(Buffer.from('y')); pt:_end('z')
local o = stream.Transform({ objectMode = true, transform = function(self, c, enc, cb)
  self:push(c.n * 2); self:push(c.n * 3); cb()
end })
o:on('data', function(v) print('obj', v) end)
o:write({ n = 1 }); o:_end({ n = 2 })
`, `
T	ABC	string
T	DEF	string
T	!	string
T	?	string
obj	2
obj	3
obj	4
obj	6
T end
T finish
pt	x,y,z`)
}

func TestStreamPipeBackpressure(t *testing.T) {
	// A source that can produce 200 chunks at once into a writer that takes
	// one per timer tick: the source must pause, and neither side may buffer
	// more than its highWaterMark plus one chunk.
	out := streamRunLua(t, t.TempDir(), `
local stream = require('stream')
local n, made = 0, 0
local src = stream.Readable({ highWaterMark = 1000, read = function(self)
  while true do
    n = n + 1
    if n > 200 then self:push(nil) return end
    made = made + 100
    if not self:push(string.rep('x', 100)) then return end
  end
end })
local pauses, resumes, maxR, maxW, got, writes = 0, 0, 0, 0, 0, 0
src:on('pause', function() pauses = pauses + 1 end)
src:on('resume', function() resumes = resumes + 1 end)
local dst
dst = stream.Writable({ highWaterMark = 500, write = function(self, c, e, cb)
  writes = writes + 1
  got = got + #c
  if src.readableLength > maxR then maxR = src.readableLength end
  if dst.writableLength > maxW then maxW = dst.writableLength end
  setTimeout(cb, 0)
end })
dst:on('finish', function()
  print('finish', got, made, writes)
  print('paused', pauses > 10, resumes > 10)
  print('bounded', maxR <= 1100, maxW <= 600, maxR, maxW)
end)
local ret = src:pipe(dst)
print('pipe returns dest', ret == dst)
`).wantClean(t).Out
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 4 || lines[0] != "pipe returns dest\ttrue" || lines[1] != "finish\t20000\t20000\t200" ||
		lines[2] != "paused\ttrue\ttrue" || !strings.HasPrefix(lines[3], "bounded\ttrue\ttrue") {
		t.Fatalf("unexpected output:\n%s", out)
	}
}

func TestStreamPipeEndFalseAndUnpipe(t *testing.T) {
	streamExpect(t, `
local stream = require('stream')
local function sink(name)
  local got = {}
  local w = stream.Writable({ write = function(self, c, e, cb) got[#got+1] = tostring(c); cb() end })
  w:on('pipe', function() print(name, 'pipe') end)
  w:on('unpipe', function() print(name, 'unpipe') end)
  w:on('finish', function() print(name, 'finish', table.concat(got)) end)
  return w, got
end
-- end = false: the destination stays open after the source ends
local a = stream.Readable({ read = function() end })
local wa, gota = sink('wa')
a:pipe(wa, { ['end'] = false })
a:push('one'); a:push(nil)
a:on('end', function()
  setTimeout(function()
    print('wa writable after end', wa.writable, table.concat(gota))
    wa:_end('!')
  end, 5)
end)
-- unpipe stops the flow and pauses the source
local b = stream.Readable({ read = function() end })
local wb, gotb = sink('wb')
b:pipe(wb)
b:push('first')
setTimeout(function()
  b:unpipe(wb)
  print('b paused', b:isPaused(), b.readableFlowing)
  b:push('second')
end, 5)
setTimeout(function() print('wb got', table.concat(gotb), 'b buffered', b.readableLength) end, 40)
`, `
wa	pipe
wb	pipe
wa	unpipe
wb	unpipe
b paused	true	false
wa writable after end	true	one
wa	finish	one!
wb got	first	b buffered	6`)
}

func TestStreamPipeIntoTableDestination(t *testing.T) {
	// pipe talks to the destination by method name only: a Lua table with
	// EventEmitter methods, write and _end is a valid destination.
	streamExpect(t, `
local stream = require('stream')
local EventEmitter = require('events')
local dest = EventEmitter.new()
local got, full = {}, 0
function dest:write(chunk)
  got[#got+1] = tostring(chunk)
  full = full + 1
  if full % 2 == 0 then
    setTimeout(function() self:emit('drain') end, 1)
    return false
  end
  return true
end
function dest:_end() print('table dest ended', table.concat(got, ',')) end
local i = 0
local src = stream.Readable({ read = function(self)
  i = i + 1
  if i > 5 then self:push(nil) else self:push('c' .. i) end
end })
local pauses = 0
src:on('pause', function() pauses = pauses + 1 end)
src:pipe(dest)
src:on('end', function() print('pauses', pauses) end)
`, `
table dest ended	c1,c2,c3,c4,c5
pauses	2`)
}

func TestStreamPipelineErrorDestroysAll(t *testing.T) {
	streamExpect(t, `
local stream = require('stream')
local r = stream.Readable({ read = function(self) self:push('a'); self:push(nil) end })
local t = stream.Transform({ transform = function(self, c, e, cb) cb(Error('boom')) end })
local destroyed = {}
local w = stream.Writable({
  write = function(self, c, e, cb) cb() end,
  destroy = function(self, err, cb) destroyed[#destroyed+1] = tostring(err); cb(err) end,
})
w:on('close', function() print('w close', w.destroyed) end)
r:on('close', function() print('r close', r.destroyed) end)
local ret = stream.pipeline(r, t, w, function(err)
  print('pipeline cb', tostring(err), r.destroyed, t.destroyed, w.destroyed)
  print('w destroy hook called with', destroyed[1])
end)
print('returns last', ret == w)
`, `
returns last	true
r close	true
w close	true
pipeline cb	Error: boom	true	true	true
w destroy hook called with	Error: boom`)
}

func TestStreamPipelineSuccessAndArgs(t *testing.T) {
	streamExpect(t, `
local stream = require('stream')
local r = stream.Readable.from({ 'a', 'b', 'c' })
local up = stream.Transform({ objectMode = true, transform = function(self, c, e, cb) cb(nil, string.upper(c)) end })
local got = {}
local w = stream.Writable({ objectMode = true, write = function(self, c, e, cb) got[#got+1] = c; cb() end })
stream.pipeline({ r, up, w }, function(err) print('done', err, table.concat(got)) end)
print(pcall(stream.pipeline, stream.PassThrough()))
print(pcall(stream.pipeline, stream.PassThrough(), function() end))
`, `
false	TypeError [ERR_INVALID_ARG_TYPE]: The "streams[stream.length - 1]" property must be of type function. Received an instance of PassThrough
false	TypeError [ERR_MISSING_ARGS]: The "streams" argument must be specified
done	nil	ABC`)
}

func TestStreamFinished(t *testing.T) {
	streamExpect(t, `
local stream = require('stream')
local r2 = stream.Readable({ read = function() end }); r2:destroy()
stream.finished(r2, function(err) print('finished r2', tostring(err)) end)
local r3 = stream.Readable({ read = function(self) self:push('x'); self:push(nil) end })
stream.finished(r3, function(err) print('finished r3', err) end)
r3:resume()
local w = stream.Writable({ write = function(self, c, e, cb) cb() end })
local cleanup = stream.finished(w, function(err) print('finished w', err, w.writableFinished) end)
print(type(cleanup))
w:_end('x')
local w2 = stream.Writable({ write = function(self, c, e, cb) cb(Error('disk full')) end })
stream.finished(w2, function(err) print('finished w2', tostring(err)) end)
w2:write('x')
`, `
function
finished r2	Error [ERR_STREAM_PREMATURE_CLOSE]: Premature close
finished w	nil	true
finished w2	Error: disk full
finished r3	nil`)
}

func TestStreamErrors(t *testing.T) {
	streamExpect(t, `
local stream = require('stream')
local w = stream.Writable({ write = function(self, c, e, cb) cb() end })
w:on('error', function(e) print('werr', e.code, tostring(e)) end)
w:_end('x')
print('write after end returns', type(w:write('y')))
print(pcall(w.write, w, 42))
print(pcall(w.write, w, nil))
print(pcall(w.write, w, 'x', 'bogus'))
local r = stream.Readable({ read = function() end })
print(pcall(r.setEncoding, r, 'xx'))
r:on('error', function(e) print('rerr', tostring(e)) end)
print('push bad', r:push(42))
print(pcall(stream.Readable, { highWaterMark = -1 }))
print(pcall(w.write))
local nr = stream.Readable({})
nr:on('error', function(e) print('nr', tostring(e)) end)
nr:resume()
local thrower = stream.Readable({ read = function() error(Error('read failed')) end })
thrower:on('error', function(e) print('thrower', tostring(e)) end)
thrower:on('close', function() print('thrower close') end)
thrower:resume()
`, `
write after end returns	boolean
false	TypeError [ERR_INVALID_ARG_TYPE]: The "chunk" argument must be of type string or an instance of Buffer, TypedArray, or DataView. Received type number (42)
false	TypeError [ERR_STREAM_NULL_VALUES]: May not write null values to stream
false	TypeError [ERR_UNKNOWN_ENCODING]: Unknown encoding: bogus
false	TypeError [ERR_UNKNOWN_ENCODING]: Unknown encoding: xx
push bad	false
false	TypeError [ERR_INVALID_ARG_VALUE]: The property 'options.highWaterMark' is invalid. Received -1
false	TypeError [ERR_INVALID_THIS]: Value of "this" is not the expected object in write (call it with a colon: obj:write(...))
werr	ERR_STREAM_WRITE_AFTER_END	Error [ERR_STREAM_WRITE_AFTER_END]: write after end
rerr	TypeError [ERR_INVALID_ARG_TYPE]: The "chunk" argument must be of type string or an instance of Buffer, TypedArray, or DataView. Received type number (42)
nr	Error [ERR_METHOD_NOT_IMPLEMENTED]: The _read() method is not implemented
thrower	Error: read failed
thrower close`)
}

func TestStreamUnhandledErrorIsUncaught(t *testing.T) {
	r := streamRunLua(t, t.TempDir(), `
local stream = require('stream')
local w = stream.Writable({ write = function(self, c, e, cb) cb(Error('no listener')) end })
w:write('x')
`)
	if r.Code != 1 || !strings.Contains(r.Err, "Error: no listener") {
		t.Fatalf("exit %d, stderr %q", r.Code, r.Err)
	}
}

func TestStreamSetEncodingKeepsCharacters(t *testing.T) {
	// "é" is two bytes: pushed split across chunks, it must arrive whole.
	streamExpect(t, `
local stream = require('stream')
local r = stream.Readable({ read = function() end })
r:setEncoding('utf8')
local got = {}
r:on('data', function(d) got[#got+1] = d end)
r:on('end', function() print(#got, table.concat(got, '|')) end)
r:push(Buffer.from('caf\195')); r:push(Buffer.from('\169!')); r:push(nil)
local h = stream.Readable({ encoding = 'hex', read = function() end })
h:on('data', function(d) print('hex', d) end)
h:push('AB'); h:push(nil)
`, `
hex	4142
2	caf|é!`)
}

func TestStreamCorkAndDuplex(t *testing.T) {
	streamExpect(t, `
local stream = require('stream')
local w = stream.Writable({ write = function(self, c, e, cb) print('write', tostring(c)); cb() end })
w:cork(); w:write('a'); w:write('b'); print('corked', w.writableCorked, w.writableLength)
w:uncork()
local d = stream.Duplex({
  read = function(self) end,
  write = function(self, c, e, cb) self:push('echo:' .. tostring(c)); cb() end,
  final = function(self, cb) self:push(nil); cb() end,
})
d:on('data', function(x) print('duplex', tostring(x)) end)
d:on('end', function() print('duplex end') end)
d:on('finish', function() print('duplex finish') end)
d:on('close', function() print('duplex close') end)
d:write('hi'); d:_end()
`, `
corked	1	2
write	a
write	b
duplex	echo:hi
duplex finish
duplex end
duplex close`)
}

func TestStreamPipeToStdout(t *testing.T) {
	// process.stdout is a plain writable table: pipe writes to it and, as in
	// Node, never ends it.
	streamExpect(t, `
local stream = require('stream')
local r = stream.Readable.from({ 'one\n', 'two\n' })
r:pipe(process.stdout)
r:on('end', function() print('end') end)
`, `
one
two
end`)
}

func TestStreamUnshiftAndHalfOpen(t *testing.T) {
	streamExpect(t, `
local stream = require('stream')
local r = stream.Readable({ read = function() end })
r:push('world')
r:unshift('hello ')
r:on('data', function(d) print('data', tostring(d)) end)
r:push(nil)
r:on('end', function() print(pcall(r.unshift, r, 'x')) end)
r:on('error', function(e) print('err', tostring(e)) end)
local d = stream.Duplex({ allowHalfOpen = false, read = function() end, write = function(self, c, e, cb) cb() end })
d:on('finish', function() print('d finish') end)
d:on('end', function() print('d end') end)
d:on('close', function() print('d close') end)
d:resume()
d:push(nil)
`, `
data	hello 
data	world
true	false
d end
err	Error [ERR_STREAM_UNSHIFT_AFTER_END_EVENT]: stream.unshift() after end event
d finish
d close`)
}

func TestStreamPipeToTwoDestinations(t *testing.T) {
	// The source waits for the slower destination's drain before resuming
	// (the event sequence is Node 20's).
	out := streamRunLua(t, t.TempDir(), `
local stream = require('stream')
local n = 0
local src = stream.Readable({ highWaterMark = 10, read = function(self)
  n = n + 1
  if n > 6 then self:push(nil) else self:push('abcde') end
end })
local function mk(name, delay)
  local got = 0
  local w = stream.Writable({ highWaterMark = 5, write = function(self, c, e, cb) got = got + 1; setTimeout(cb, delay) end })
  w:on('finish', function() print(name, 'finish', got) end)
  w:on('drain', function() print(name, 'drain') end)
  return w
end
local fast, slow = mk('fast', 1), mk('slow', 10)
src:on('pause', function() print('pause') end)
src:on('resume', function() print('resume') end)
src:pipe(fast); src:pipe(slow)
`).wantClean(t).Out
	got := strings.Join(strings.Fields(out), " ")
	want := strings.Repeat("resume pause fast drain slow drain ", 5) + "resume pause fast finish 6 slow finish 6"
	if got != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
}

// fakeSock stands in for net.Socket: a userdata class that is not a Stream
// but puts streamPipe/streamUnpipe in its method table, the way the socket
// plugs into pipe.
type fakeSock struct {
	Base
	paused  bool
	pauses  int
	queue   []string
	writes  int
	written []string
	ended   bool
}

var fakeSockClass = &Class{
	Name:    "FakeSocket",
	Emitter: true,
	Methods: map[string]Method{
		"pipe":   streamPipe,
		"unpipe": streamUnpipe,
		"pause": func(rt *Runtime, L *lua.LState) int {
			s := Self[*fakeSock](rt, L, "pause")
			s.paused = true
			s.pauses++
			L.SetTop(1)
			return 1
		},
		"resume": func(rt *Runtime, L *lua.LState) int {
			s := Self[*fakeSock](rt, L, "resume")
			s.paused = false
			rt.loop.NextTick(s.flush(rt))
			L.SetTop(1)
			return 1
		},
		// feed(chunk) is data arriving from the network.
		"feed": func(rt *Runtime, L *lua.LState) int {
			s := Self[*fakeSock](rt, L, "feed")
			s.queue = append(s.queue, L.CheckString(2))
			rt.loop.NextTick(s.flush(rt))
			return 0
		},
		// write accepts every chunk but reports a full buffer every second
		// time, with 'drain' a little later.
		"write": func(rt *Runtime, L *lua.LState) int {
			s := Self[*fakeSock](rt, L, "write")
			b, _ := rt.toBytes(L.Get(2))
			s.written = append(s.written, string(b))
			s.writes++
			if s.writes%2 == 0 {
				rt.loop.SetImmediate(func() { rt.EmitGo(s.Emitter(), "drain") })
				L.Push(lua.LFalse)
				return 1
			}
			L.Push(lua.LTrue)
			return 1
		},
		"end": func(rt *Runtime, L *lua.LState) int {
			s := Self[*fakeSock](rt, L, "end")
			s.ended = true
			L.SetTop(1)
			return 1
		},
	},
	Getters: map[string]func(rt *Runtime, self Object) lua.LValue{
		"pauses":        func(rt *Runtime, o Object) lua.LValue { return lua.LNumber(o.(*fakeSock).pauses) },
		"written":       func(rt *Runtime, o Object) lua.LValue { return lua.LString(strings.Join(o.(*fakeSock).written, "")) },
		"writableEnded": func(rt *Runtime, o Object) lua.LValue { return lua.LBool(o.(*fakeSock).ended) },
	},
}

// flush emits queued chunks while not paused; "<eof>" emits 'end'.
func (s *fakeSock) flush(rt *Runtime) func() {
	return func() {
		for !s.paused && len(s.queue) > 0 {
			c := s.queue[0]
			s.queue = s.queue[1:]
			if c == "<eof>" {
				rt.EmitGo(s.Emitter(), "end")
				continue
			}
			rt.EmitGo(s.Emitter(), "data", rt.NewBuffer([]byte(c)))
		}
	}
}

func TestStreamPipeWithForeignObject(t *testing.T) {
	out := runLuaSetup(t, streamLimit, func(rt *Runtime) {
		rt.L.SetGlobal("sock", rt.NewObject(fakeSockClass, &fakeSock{}))
		rt.L.SetGlobal("sock2", rt.NewObject(fakeSockClass, &fakeSock{}))
	}, `
local stream = require('stream')
-- socket -> Writable: the socket is paused while the writable is full
local got = {}
local w = stream.Writable({ highWaterMark = 3, write = function(self, c, e, cb) got[#got+1] = tostring(c); setTimeout(cb, 2) end })
w:on('finish', function() print('w finish', table.concat(got, ','), sock.pauses >= 2) end)
local ret = sock:pipe(w)
print('returns dest', ret == w)
for i = 1, 5 do sock:feed('s' .. i) end
sock:feed('<eof>')
-- Readable -> socket: the source pauses on write() == false, resumes on 'drain', ends the socket
local i = 0
local r = stream.Readable({ read = function(self)
  i = i + 1
  if i > 6 then self:push(nil) else self:push('r' .. i) end
end })
local pauses = 0
r:on('pause', function() pauses = pauses + 1 end)
r:pipe(sock2)
r:on('end', function() setTimeout(function() print('sock2', sock2.written, sock2.writableEnded, pauses >= 3) end, 5) end)
`).wantClean(t).Out
	want := "returns dest\ttrue\nsock2\tr1r2r3r4r5r6\ttrue\ttrue\nw finish\ts1,s2,s3,s4,s5\ttrue"
	lines := strings.Split(strings.TrimSpace(out), "\n")
	sort.Strings(lines) // the two pipes run concurrently
	if strings.Join(lines, "\n") != want {
		t.Fatalf("got:\n%s\nwant:\n%s", out, want)
	}
}
