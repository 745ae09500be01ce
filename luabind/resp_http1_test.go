package luabind

import (
	"testing"
	"time"
)

func TestRESPModule(t *testing.T) {
	r := runLua(t, 10*time.Second, `
local resp = require('resp')
local function w(...) print(table.concat({...})) end
w(resp.encode({'SET', 'k', 42, n = 3}))
w(resp.encode(resp.simple('OK')), resp.encode(resp.error('ERR x')), resp.encode({}), resp.encode(nil))
w(resp.encode(Error('oops')), resp.encode(true), resp.encode(1.5), resp.encode({a = 1}))
w(resp.command('GET', 'k'))
local v, n = resp.decode('*3\r\n:1\r\n$-1\r\n-ERR bad\r\n')
print(v.n, v[1], v[2], v[3].code, v[3].message, n)
print(resp.decode('+OK\r\n:5\r\n$3\r\nab'))
print(pcall(resp.decode, ':x\r\n'))
local ok, e = pcall(resp.decode, ':x\r\n')
print(e.code, e.offset)
print(pcall(resp.encode, function() end))`)
	want := "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n:42\r\n\n+OK\r\n-ERR x\r\n*0\r\n$-1\r\n\n-oops\r\n:1\r\n$3\r\n1.5\r\n%1\r\n$1\r\na\r\n:1\r\n\n" +
		"*2\r\n$3\r\nGET\r\n$1\r\nk\r\n\n3\t1\tnil\tERR_RESP\tERR bad\t23\nOK\t5\t9\n"
	if r.Code != 0 || len(r.Out) < len(want) || r.Out[:len(want)] != want {
		t.Fatalf("got %q\nwant prefix %q\nstderr %s", r.Out, want, r.Err)
	}
	mustContain(t, r.Out[len(want):], "false\t", "ERR_FRAMING\t0\n", "ERR_INVALID_ARG_TYPE")
}

func TestHTTP1Module(t *testing.T) {
	r := runLua(t, 10*time.Second, `
local h = require('http1')
local function w(...) print(table.concat({...})) end
local req = h.request{method = 'POST', url = '/x', headers = {Host = 'a', ['X-A'] = {'1', '2'}}, body = 'hi'}
w(req)
local m, m2, n = h.decode(req .. 'GET / HTTP/1.0\r\n\r\n')
print(m.method, m.url, m.version, m.headers.host, m.headers['x-a'][1], m.headers['x-a'][2], m.body, n, m.keepAlive)
w(h.response{status = 404, body = 'nope'})
w(h.response{status = 204, rawHeaders = {'X-B', 'b', 'X-A', 'a'}})
local a, b, used = h.decode('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokHTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\npart')
print(a.status, a.reason, a.body, b, used)
w(h.response{status = 200, headers = {'X-A', [3] = 'y', ['1'] = 'one'}}) -- each key writes its own value
print(pcall(h.response, {status = 42}))
print(pcall(h.request, {headers = {['Bad\r\n'] = 'x'}}))`)
	want := "POST /x HTTP/1.1\r\nHost: a\r\nX-A: 1\r\nX-A: 2\r\nContent-Length: 2\r\n\r\nhi\n" +
		"POST\t/x\t1.1\ta\t1\t2\thi\t84\ttrue\n" +
		"HTTP/1.1 404 Not Found\r\nContent-Length: 4\r\n\r\nnope\n" +
		"HTTP/1.1 204 No Content\r\nX-B: b\r\nX-A: a\r\n\r\n\n" +
		"200\tOK\tok\t40\tnil\n" +
		"HTTP/1.1 200 OK\r\n1: X-A\r\n1: one\r\n3: y\r\nContent-Length: 0\r\n\r\n\n"
	if r.Code != 0 || len(r.Out) < len(want) || r.Out[:len(want)] != want {
		t.Fatalf("got %q\nwant prefix %q\nstderr %s", r.Out, want, r.Err)
	}
	mustContain(t, r.Out[len(want):], "ERR_HTTP_INVALID_STATUS_CODE", "ERR_INVALID_CHAR")
}

// TestHTTP1DecodedTables: a decoded message's table and its headers, built
// at their final size: repeated headers (any case) gather into an array in
// arrival order, pairs() visits the keys in their fixed order, and the
// tables take new keys like any other.
func TestHTTP1DecodedTables(t *testing.T) {
	r := runLua(t, 10*time.Second, `
local h = require('http1')
local m = h.decode('GET /p HTTP/1.1\r\nHost: a\r\nX-Dup: 1\r\nAccept: */*\r\nx-dup: 2\r\nX-DUP: 3\r\nCookie: c\r\n\r\n')
local keys = {}
for k in pairs(m) do keys[#keys + 1] = k end
print(table.concat(keys, ' '))
local hk = {}
for k, v in pairs(m.headers) do hk[#hk + 1] = k .. '=' .. (type(v) == 'table' and table.concat(v, ',') or v) end
print(table.concat(hk, ' '))
print(#m.rawHeaders, m.rawHeaders[7], m.rawHeaders[8], m.keepAlive, m.body)
m.extra = 1; m.headers.new = 'x'
local n = 0
for k in pairs(m.headers) do n = n + 1 end
print(m.extra, m.headers.new, n)
local c = h.decode('POST /u HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n')
local ck = {}
for k in pairs(c) do ck[#ck + 1] = k end
print(table.concat(ck, ' '), c.continue)
local res = h.decode('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n')
print(res.status, res.reason, res.version, res.url)`)
	want := "method url version headers rawHeaders body keepAlive\n" +
		"host=a x-dup=1,2,3 accept=*/* cookie=c\n" +
		"12\tx-dup\t2\ttrue\t\n" +
		"1\tx\t5\n" +
		"method url version headers rawHeaders continue keepAlive\ttrue\n" +
		"404\tNot Found\t1.1\tnil\n"
	if r.Out != want || r.Err != "" {
		t.Fatalf("got:\n%s\nstderr: %s\nwant:\n%s", r.Out, r.Err, want)
	}
}

// TestHTTP1ManyHeaders: a head of 5,000 distinct headers and one repeated
// 3 times decodes whole and fast (the names are indexed past a few, not
// searched one by one).
func TestHTTP1ManyHeaders(t *testing.T) {
	r := runLua(t, 10*time.Second, `
local h = require('http1')
local parts = { 'GET / HTTP/1.1\r\n' }
for i = 1, 5000 do parts[#parts + 1] = 'X-H' .. i .. ': v' .. i .. '\r\n' end
for i = 1, 3 do parts[#parts + 1] = 'X-H17: again' .. i .. '\r\n' end
parts[#parts + 1] = '\r\n'
local t0 = os.clock()
local m = h.decode(table.concat(parts))
local n = 0
for _ in pairs(m.headers) do n = n + 1 end
print(n, #m.rawHeaders, m.headers['x-h5000'], table.concat(m.headers['x-h17'], ','), os.clock() - t0 < 2)`)
	if want := "5000\t10006\tv5000\tv17,again1,again2,again3\ttrue\n"; r.Out != want || r.Err != "" {
		t.Fatalf("got %q (stderr %q), want %q", r.Out, r.Err, want)
	}
}

// TestRESPEncodeRunsNoIndex: resp.encode reads a table's n raw: an object
// whose __index raises (a strict table) encodes as its fields, and a
// decoded array (n from its metatable) as the array it is.
func TestRESPEncodeRunsNoIndex(t *testing.T) {
	r := runLua(t, 10*time.Second, `
local resp = require('resp')
local strict = setmetatable({ a = 1 }, { __index = function(_, k) error('no field ' .. k) end })
print(resp.encode(strict))
print(resp.encode(resp.decode('*2\r\n$1\r\nx\r\n$1\r\ny\r\n')))
print(resp.encode({ 'a', 'b', n = 1 }))`)
	want := "%1\r\n$1\r\na\r\n:1\r\n\n*2\r\n$1\r\nx\r\n$1\r\ny\r\n\n*1\r\n$1\r\na\r\n\n"
	if r.Out != want || r.Err != "" {
		t.Fatalf("got %q (stderr %q), want %q", r.Out, r.Err, want)
	}
}

// TestRESPDecodedArrayN: a decoded array's n is its element count, from a
// metatable shared by the arrays of that length (a field past 63
// elements, or with a null inside); other keys are nil, and n stays what
// was decoded when the script changes the array, as table.pack's does.
func TestRESPDecodedArrayN(t *testing.T) {
	r := runLua(t, 10*time.Second, `
local resp = require('resp')
local a = resp.decode('*2\r\n$1\r\nx\r\n$1\r\ny\r\n')
local b = resp.decode('*2\r\n:1\r\n:2\r\n')
local c = resp.decode('*3\r\n:1\r\n:2\r\n:3\r\n')
print(a.n, b.n, c.n, getmetatable(a) == getmetatable(b), getmetatable(a) == getmetatable(c), a.other)
a[3] = 'z'
print(a.n, #a, resp.encode(a) == '*3\r\n$1\r\nx\r\n$1\r\ny\r\n$1\r\nz\r\n')
local parts = {'*70\r\n'}
for i = 1, 70 do parts[#parts + 1] = ':' .. i .. '\r\n' end
local long = resp.decode(table.concat(parts))
print(long.n, rawget(long, 'n'), getmetatable(long), #long)
local empty = resp.decode('*0\r\n')
print(empty.n, resp.encode(empty))
local withNull = resp.decode('*2\r\n$-1\r\n:1\r\n')
print(withNull.n, rawget(withNull, 'n'))`)
	want := "2\t2\t3\ttrue\tfalse\tnil\n2\t3\ttrue\n70\t70\tnil\t70\n0\t*0\r\n\n2\t2\n"
	if r.Out != want || r.Err != "" {
		t.Fatalf("got %q (stderr %q), want %q", r.Out, r.Err, want)
	}
}
