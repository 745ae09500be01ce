package luabind

import (
	"strings"
	"testing"
	"time"
)

// Expected outputs below come from the same programs run in Node 20.

const fixLimit = 20 * time.Second

// fixExpect runs src and compares its trimmed output with want.
func fixExpect(t *testing.T, src, want string) {
	t.Helper()
	r := runLua(t, fixLimit, src)
	if r.Code != 0 || r.Err != "" {
		t.Fatalf("exit %d, stderr:\n%s\nstdout:\n%s", r.Code, r.Err, r.Out)
	}
	if got := strings.TrimSpace(r.Out); got != strings.TrimSpace(want) {
		t.Fatalf("output differs\n--- got:\n%s\n--- want:\n%s", got, want)
	}
}

// hexLua defines hex(s), a string's bytes in hex, for comparing decoded
// text byte for byte.
const hexLua = `
local function hex(s) return (s:gsub('.', function(c) return string.format('%02x', c:byte()) end)) end
`

// A surrogate pair split across two chunks is one character: the high
// half waits for the low one.
func TestStreamFixUTF16SurrogateSplit(t *testing.T) {
	fixExpect(t, hexLua+`
local stream = require('stream')
local r = stream.Readable({ read = function() end })
r:setEncoding('utf16le')
local got = {}
r:on('data', function(d) got[#got+1] = hex(d) end)
r:on('end', function() print(table.concat(got, '|')) end)
r:push(Buffer.from({0x3d, 0xd8})); r:push(Buffer.from({0x00, 0xde})); r:push(Buffer.from({0x41, 0x00}))
r:push(nil)
`, "f09f9880|41")
}

// With utf8, each invalid sequence becomes U+FFFD (ef bf bd), within a
// chunk, across chunks and at the end.
func TestStreamFixUTF8InvalidReplaced(t *testing.T) {
	fixExpect(t, hexLua+`
local stream = require('stream')
local r = stream.Readable({ read = function() end })
r:setEncoding('utf8')
local got = {}
r:on('data', function(d) got[#got+1] = hex(d) end)
r:on('end', function() print(table.concat(got, '|')) end)
r:push(Buffer.from({0x41, 0xff, 0x42})); r:push(Buffer.from({0xe2, 0x82}))
r:push(Buffer.from({0x41, 0xc3})); r:push(Buffer.from({0xa9, 0xed, 0xa0, 0x80}))
r:push(Buffer.from({0xe2}))
r:push(nil)
`, "41efbfbd42|efbfbd41|c3a9efbfbdefbfbdefbfbd|efbfbd")
}

// A socket's setEncoding uses the same decoder: the text joined from its
// chunks (however TCP splits them) has the invalid bytes replaced.
func TestStreamFixSocketUTF8Invalid(t *testing.T) { bothIO(t, testStreamFixSocketUTF8Invalid) }

func testStreamFixSocketUTF8Invalid(t *testing.T) {
	fixExpect(t, hexLua+`
local net = require('net')
local parts = { '\65\255\66', '\226\130', '\65\195', '\169' }
local srv = net.createServer(function(sock)
  local i = 0
  local function step()
    i = i + 1
    if i > #parts then sock:_end() return end
    sock:write(parts[i])
    setTimeout(step, 5)
  end
  step()
end)
srv:listen(0, '127.0.0.1', function()
  local c = net.connect(srv:address().port, '127.0.0.1')
  c:setEncoding('utf8')
  local got = {}
  c:on('data', function(d) got[#got+1] = d end)
  c:on('end', function() print(hex(table.concat(got))); srv:close() end)
end)
`, "41efbfbd42efbfbd41c3a9")
}

// tryLua defines try(f): prints whether f raised, and the error's name,
// code and message.
const tryLua = `
local function try(f)
  local ok, e = pcall(f)
  if ok then print('ok') return end
  if type(e) ~= 'table' then print('raised a ' .. type(e), tostring(e)) return end
  print(e.name, e.code, e.message)
end
`

// stream.finished checks its callback, its options and then its stream
// at the call, as Node does, instead of failing later in a listener.
func TestStreamFixFinishedChecksStream(t *testing.T) {
	fixExpect(t, tryLua+`
local stream = require('stream')
local cb = function() end
try(function() stream.finished({}, cb) end)
try(function() stream.finished({ write = function() end }, cb) end)
try(function() stream.finished(nil, cb) end)
try(function() stream.finished(5, cb) end)
try(function() stream.finished({}, 5) end)
try(function() stream.finished(stream.Readable(), 5, cb) end)
try(function() stream.finished(stream.Readable(), nil, cb) end)
local E = require('events')
local e = E()
e.pipe = function() end
try(function() stream.finished(e, cb) end)
print('done')
`, `TypeError	ERR_INVALID_ARG_TYPE	The "stream" argument must be an instance of ReadableStream, WritableStream, or Stream. Received an instance of Object
TypeError	ERR_INVALID_ARG_TYPE	The "stream" argument must be an instance of ReadableStream, WritableStream, or Stream. Received an instance of Object
TypeError	ERR_INVALID_ARG_TYPE	The "stream" argument must be an instance of ReadableStream, WritableStream, or Stream. Received undefined
TypeError	ERR_INVALID_ARG_TYPE	The "stream" argument must be an instance of ReadableStream, WritableStream, or Stream. Received type number (5)
TypeError	ERR_INVALID_ARG_TYPE	The "callback" argument must be of type function. Received type number (5)
TypeError	ERR_INVALID_ARG_TYPE	The "options" argument must be of type object. Received type number (5)
ok
ok
done`)
}

// readable:pipe(dest) raises Node's TypeError at the call for a
// destination that is not a stream, and for one whose write or end the
// pipe would miss later (Node raises that one from a listener).
func TestStreamFixPipeChecksDestination(t *testing.T) {
	fixExpect(t, tryLua+`
local stream = require('stream')
local E = require('events')
local r = stream.Readable({ read = function() end })
try(function() r:pipe({}) end)
try(function() r:pipe() end)
try(function() r:pipe(5) end)
try(function() r:pipe({ on = function() end, once = function() end }) end)
try(function() r:pipe({ write = function() return true end }) end)
try(function() r:pipe(stream.Readable()) end)
local noEnd = E()
noEnd.write = function() return true end
try(function() r:pipe(noEnd) end)
local got = {}
noEnd.write = function(self, c) got[#got+1] = tostring(c) return true end
try(function() r:pipe(noEnd, { ['end'] = false }) end)
r:on('end', function() print('end', table.concat(got)) end)
r:push('a'); r:push('b'); r:push(nil)
`, `TypeError	nil	dest.on is not a function
TypeError	nil	Cannot read properties of undefined (reading 'on')
TypeError	nil	dest.on is not a function
TypeError	nil	dest.emit is not a function
TypeError	nil	dest.on is not a function
TypeError	nil	dest.write is not a function
TypeError	nil	dest.end is not a function
ok
end	ab`)
}

// _read assigned on a Readable after construction is its _read, called
// as a method.
func TestStreamFixReadableOwnRead(t *testing.T) {
	fixExpect(t, `
local stream = require('stream')
local r = stream.Readable()
local i = 0
r._read = function(self, n)
  print('_read', self == r, type(n))
  if i < 2 then self:push('x' .. i); i = i + 1 else self:push(nil) end
end
r:on('data', function(d) print('data', tostring(d)) end)
r:on('end', function() print('end') end)
`, `_read	true	number
_read	true	number
data	x0
_read	true	number
data	x1
end`)
}

// _write, _final and _destroy assigned on a Writable are used.
func TestStreamFixWritableOwnMethods(t *testing.T) {
	fixExpect(t, `
local stream = require('stream')
local w = stream.Writable()
w._write = function(self, c, e, cb) print('_write', tostring(c), e, self == w); cb() end
w._final = function(self, cb) print('_final'); cb() end
w._destroy = function(self, err, cb) print('_destroy', err); cb(err) end
w:on('finish', function() print('finish') end)
w:on('close', function() print('close') end)
w:write('a'); w:_end('b')
`, `_write	a	buffer	true
_write	b	buffer	true
_final
finish
_destroy	nil
close`)
}

// _writev takes the chunks buffered while a write is under way, as Node's
// array of { chunk, encoding } with allBuffers; the writev option is one
// too, and alone it takes single writes.
func TestStreamFixWritableOwnWritev(t *testing.T) {
	fixExpect(t, `
local stream = require('stream')
local w = stream.Writable()
w._write = function(self, c, e, cb) print('_write', tostring(c)); setTimeout(cb, 5) end
w._writev = function(self, chunks, cb)
  local t = {}
  for _, c in ipairs(chunks) do t[#t+1] = tostring(c.chunk) .. ':' .. c.encoding end
  print('_writev', #chunks, table.concat(t, ','), chunks.allBuffers)
  cb()
end
w:on('finish', function() print('finish') end)
w:write('1'); w:write('2'); w:write('3'); w:_end()
local w2 = stream.Writable({ writev = function(self, chunks, cb) print('writev option', #chunks, tostring(chunks[1].chunk)); cb() end })
w2:write('x'); w2:_end()
`, `_write	1
writev option	1	x
_writev	2	2:buffer,3:buffer	true
finish`)
}

// _transform and _flush assigned on a Transform are used.
func TestStreamFixTransformOwnMethods(t *testing.T) {
	fixExpect(t, `
local stream = require('stream')
local t = stream.Transform()
t._transform = function(self, c, e, cb) cb(nil, tostring(c):upper()) end
t._flush = function(self, cb) print('_flush'); cb(nil, '!') end
t:on('data', function(d) print('data', tostring(d)) end)
t:on('end', function() print('end') end)
t:write('hi'); t:_end()
`, `data	HI
_flush
data	!
end`)
}

// A Transform's read option replaces its own _read, as in Node; so does
// one assigned later.
func TestStreamFixTransformReadOption(t *testing.T) {
	fixExpect(t, `
local stream = require('stream')
local t = stream.Transform({
  read = function(self, n) print('read option', type(n)) end,
  transform = function(self, c, e, cb) print('transform'); cb(nil, c) end,
})
t:on('data', function(d) print('data', tostring(d)) end)
t:write('q')
local t2 = stream.Transform({ transform = function(self, c, e, cb) cb(nil, c) end })
t2._read = function(self, n) print('own _read', type(n)) end
t2:on('data', function(d) print('t2 data', tostring(d)) end)
setTimeout(function() t2:write('r') end, 1)
`, `transform
data	q
read option	number
own _read	number
t2 data	r
own _read	number`)
}

// A Transform's write option replaces its _write (the transform is not
// called), a final option runs before the flush, and a PassThrough's
// transform option replaces its identity, all as in Node.
func TestStreamFixTransformOtherOptions(t *testing.T) {
	fixExpect(t, `
local stream = require('stream')
local t = stream.Transform({
  final = function(self, cb) print('final'); cb() end,
  transform = function(self, c, e, cb) cb(nil, c) end,
  flush = function(self, cb) print('flush'); cb(nil, 'F') end,
})
t:on('prefinish', function() print('prefinish') end)
t:on('finish', function() print('finish') end)
t:on('data', function(d) print('data', tostring(d)) end)
t:on('end', function() print('end') end)
t:_end('z')
local w = stream.Transform({
  write = function(self, c, e, cb) print('write option', tostring(c)); cb() end,
  transform = function(self, c, e, cb) print('transform'); cb(nil, c) end,
})
w:write('k')
local p = stream.PassThrough({ transform = function(self, c, e, cb) cb(nil, 'P' .. tostring(c)) end })
p:on('data', function(d) print('pass data', tostring(d)) end)
p:write('y')
`, `data	z
final
flush
data	F
prefinish
write option	k
pass data	Py
end
finish`)
}

// An implementation that is not a function errors the stream with the
// TypeError Node gives.
func TestStreamFixOwnNotFunction(t *testing.T) {
	fixExpect(t, `
local stream = require('stream')
local r = stream.Readable()
r._read = 5
r:on('error', function(e) print('error', e.name, e.code, e.message) end)
r:on('close', function() print('close', r.destroyed) end)
r:resume()
`, `error	TypeError	nil	this._read is not a function
close	true`)
}

// stream.pipeline checks that each of its streams is one at the call,
// with Node's error, instead of failing later in a listener.
func TestStreamFixPipelineChecksStreams(t *testing.T) {
	fixExpect(t, tryLua+`
local stream = require('stream')
local function r() return stream.Readable({ read = function() end }) end
local function w() return stream.Writable({ write = function(s, c, e, cb) cb() end }) end
local cb = function() end
try(function() stream.pipeline({}, w(), cb) end)
try(function() stream.pipeline(r(), {}, w(), cb) end)
try(function() stream.pipeline(r(), 5, cb) end)
try(function() stream.pipeline({ r(), w() }, cb) end)
`, `TypeError	ERR_INVALID_ARG_TYPE	The "body" argument must be of type function or an instance of Blob, ReadableStream, WritableStream, Stream, Iterable, AsyncIterable, or Promise or { readable, writable } pair. Received an instance of Object
TypeError	ERR_INVALID_ARG_TYPE	The "body" argument must be of type function or an instance of Blob, ReadableStream, WritableStream, Stream, Iterable, AsyncIterable, or Promise or { readable, writable } pair. Received an instance of Object
TypeError	ERR_INVALID_ARG_TYPE	The "body" argument must be of type function or an instance of Blob, ReadableStream, WritableStream, Stream, Iterable, AsyncIterable, or Promise or { readable, writable } pair. Received type number (5)
ok`)
}
