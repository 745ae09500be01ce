package luabind

import (
	"strings"
	"testing"
	"time"
)

// TestTasksWaitWithoutBlocking: the main chunk and spawned tasks wait
// (sleep, wait) while timers and other tasks go on; results in the order
// the timers guarantee.
func TestTasksWaitWithoutBlocking(t *testing.T) {
	r := runLua(t, 10*time.Second, `
local events = require('events')
local log = {}
local em = events.EventEmitter()
local a = netsh.spawn(function(x)
  log[#log + 1] = 'a start ' .. x
  local v, w = netsh.wait(em, 'go')
  log[#log + 1] = 'a got ' .. v .. w
  return 'ra'
end, 1)
local b = netsh.spawn(function()
  netsh.sleep(20)
  log[#log + 1] = 'b woke'
  em:emit('go', 'x', 'y')
  log[#log + 1] = 'b emitted'
end)
log[#log + 1] = 'main ' .. a:status() .. ' ' .. b:status()
setTimeout(function() log[#log + 1] = 'timer' end, 5)
netsh.sleep(60)
log[#log + 1] = 'main ' .. a:status() .. ' ' .. b:status() .. ' ' .. tostring(a)
print(table.concat(log, '\n'))`).wantClean(t)
	want := "a start 1\nmain waiting waiting\ntimer\nb woke\nb emitted\na got xy\nmain done done Task { done }\n"
	checkOutput(t, "log", r.Out, want)
}

// TestPcallInsideTasks: pcall and xpcall in a task let the call wait, and
// keep Lua 5.1's results and error positions.
func TestPcallInsideTasks(t *testing.T) {
	r := runLua(t, 10*time.Second, `
print(pcall(function(a, b) netsh.sleep(1); return a + b, 'two' end, 1, 2))
print(pcall(function() netsh.sleep(1); error('boom') end))
print(pcall(function() netsh.sleep(1); error({code = 7}) end))
print(pcall(error, 'hi'))
print(pcall(error, 'hi', 2))
print(pcall(string.rep))
print(xpcall(function() netsh.sleep(1); error('x') end, function(e) return 'handled ' .. e end))
print(pcall(pcall, function() netsh.sleep(1); return 'nested' end))
local co = coroutine.create(function() local ok, v = pcall(coroutine.yield, 'up'); return ok, v end)
print(coroutine.resume(co))
print(coroutine.resume(co, 'down'))
local n = 0
for i = 1, 200 do if pcall(function() n = n + 1 end) then end end
print(n)`).wantClean(t)
	want := strings.Join([]string{
		"true\t3\ttwo",
		"false\ttest.lua:3: boom",
		"false\ttable: ",
		"false\thi",
		"false\ttest.lua:6: hi",
		"false\ttest.lua:7: bad argument #1 to (anonymous) (string expected, got nil)",
		"false\thandled test.lua:8: x",
		"true\ttrue\tnested",
		"true\tup",
		"true\ttrue\tdown",
		"200",
	}, "\n")
	got := r.Out
	if i := strings.Index(got, "table: "); i > 0 {
		got = got[:i+7] + got[strings.IndexByte(got[i:], '\n')+i:]
	}
	if strings.TrimSpace(got) != want {
		t.Fatalf("got:\n%s\nwant:\n%s", got, want)
	}
}

// TestWaitingOutsideATask: a waiting call where it cannot wait raises
// ERR_NOT_IN_TASK naming why, and nothing is left half done.
func TestWaitingOutsideATask(t *testing.T) {
	r := runLua(t, 10*time.Second, `
local function try(what, f)
  local ok, e = pcall(f)
  print(what, ok, e.code, (e.message:gsub('^.-, and ', '')))
end
setTimeout(function()
  try('callback', function() netsh.sleep(1) end)
  try('dial', function() require('net').dial(1) end)
end, 1)
local co = coroutine.wrap(function() try('coroutine', function() netsh.sleep(1) end) end)
co()
try('sort', function() table.sort({3, 2, 1}, function(a, b) netsh.sleep(1); return a < b end) end)
local co2 = coroutine.create(function() table.sort({3, 2, 1}, function(a, b) coroutine.yield(); return a < b end) end)
print(coroutine.resume(co2))`).wantClean(t)
	mustContain(t, r.Out,
		"coroutine\tfalse\tERR_NOT_IN_TASK\tthis coroutine was not started by netsh.spawn: wrap the code in netsh.spawn(function() ... end)",
		"sort\tfalse\tERR_NOT_IN_TASK\there it is called through Go code",
		"false\ttest.lua:13: attempt to yield across metamethod/C-call boundary",
		"callback\tfalse\tERR_NOT_IN_TASK\tthis is a callback:",
		"dial\tfalse\tERR_NOT_IN_TASK\tthis is a callback:")
}

// TestYieldAcrossGo: coroutine.yield works from any depth of Lua calls,
// tail calls and pcall (Lua 5.2's rule), and is refused, as Lua 5.1
// refuses it, wherever Go code sits between it and its coroutine: a
// metamethod, a gsub replacement, a for-in iterator, table.sort, a Go
// function calling it, however deep the Lua and Go calls around the
// nested loop.
func TestYieldAcrossGo(t *testing.T) {
	r := runLua(t, 10*time.Second, `
local function try(what, f)
  local co = coroutine.create(f)
  local ok, v = coroutine.resume(co)
  print(what, ok, ok and v or (v:gsub('^.-: ', '')))
end
local function deep(n) if n == 0 then return coroutine.yield('deep') end return (deep(n - 1)) end
try('direct', function() coroutine.yield('direct') end)
try('deep', function() deep(50) end)
try('tail', function() return coroutine.yield('tail') end)
try('pcall', function() pcall(function() coroutine.yield('in pcall') end) end)
try('nested coroutine', function()
  local inner = coroutine.wrap(function() coroutine.yield('inner') end)
  coroutine.yield(inner())
end)
try('index', function() local t = setmetatable({}, { __index = function() coroutine.yield('x') end }); return t.k end)
try('gsub', function() ('ab'):gsub('.', function(c) coroutine.yield(c) end) end)
try('iterator', function() for _ in function() coroutine.yield('it') end do end end)
try('sort', function() table.sort({3, 2, 1}, function(a, b) coroutine.yield('s'); return a < b end) end)
try('go caller', function() pcall(coroutine.yield, 'p') end)
local function nest(n, f) if n == 0 then return f() end return (nest(n - 1, f)) end
try('deep index', function() nest(30, function() local t = setmetatable({}, { __index = function() coroutine.yield('x') end }); return t.k end) end)
try('deep go stack', function()
  local t = setmetatable({}, { __index = function() return nest(5, function() coroutine.yield('y') end) end })
  local u = setmetatable({}, { __index = function() return t.k end })
  return u.k
end)`).wantClean(t)
	const refused = "attempt to yield across metamethod/C-call boundary"
	checkOutput(t, "yields", r.Out, `direct	true	direct
deep	true	deep
tail	true	tail
pcall	true	in pcall
nested coroutine	true	inner
index	false	`+refused+`
gsub	false	`+refused+`
iterator	false	`+refused+`
sort	false	`+refused+`
go caller	true	p
deep index	false	`+refused+`
deep go stack	false	`+refused+`
`)
}

// TestTaskErrors: a task's error is an uncaught error with its traceback;
// with an uncaughtException listener the other tasks go on.
func TestTaskErrors(t *testing.T) {
	r := runLua(t, 10*time.Second, `
local function fail() netsh.sleep(1); error('task failed') end
netsh.spawn(fail)
netsh.sleep(20)
print('not reached')`).wantCode(t, 1)
	mustContain(t, r.Err, "test.lua:2: task failed", "stack traceback:", "test.lua:2: in function <test.lua:2>")
	if strings.Contains(r.Out, "not reached") {
		t.Fatalf("the script went on after an uncaught task error")
	}
	r = runLua(t, 10*time.Second, `
process:on('uncaughtException', function(e) print('caught', e) end)
netsh.spawn(function() netsh.sleep(1); error('one', 0) end)
local t = netsh.spawn(function() netsh.sleep(10); return 'fine' end)
netsh.sleep(30)
print(t:status())`).wantClean(t)
	checkOutput(t, "stdout", r.Out, "caught\tone\ndone\n")
}

// TestTaskCancel: cancel() makes the waiting call raise ABORT_ERR, which
// the task may catch; a wait with a limit raises ETIMEDOUT.
func TestTaskCancel(t *testing.T) {
	r := runLua(t, 10*time.Second, `
local events = require('events')
local t = netsh.spawn(function()
  local ok, e = pcall(netsh.sleep, 10000)
  print('sleep', ok, e.code)
  netsh.sleep(1)
  print('after')
end)
netsh.sleep(5)
t:cancel()
netsh.sleep(20)
print(t:status())
local ok, e = pcall(netsh.wait, events.EventEmitter(), 'never', 10)
print(ok, e.code, e.message)
local em = events.EventEmitter()
setTimeout(function() em:emit('error', 'bad') end, 1)
print(pcall(netsh.wait, em, 'x'))
print(pcall(netsh.sleep, -1))
print(pcall(netsh.spawn, 5))`).wantClean(t)
	mustContain(t, r.Out, "sleep\tfalse\tABORT_ERR\nafter\ndone\n",
		"false\tETIMEDOUT\tnetsh.wait() for 'never' timed out\n",
		"false\tbad\n",
		"false\tRangeError [ERR_OUT_OF_RANGE]: The value of \"ms\" is out of range. It must be >= 0. Received -1",
		"false\tTypeError [ERR_INVALID_ARG_TYPE]: The \"fn\" argument must be of type function. Received type number (5)")
}

// TestWaitingArgumentErrors: the waiting functions and task methods
// refuse bad arguments with Node-style errors before waiting.
func TestWaitingArgumentErrors(t *testing.T) {
	r := runLua(t, 10*time.Second, `
local net = require('net')
local function e(f, ...) local ok, err = pcall(f, ...); print(ok, err.code or err) end
e(netsh.wait, 5, 'x')
e(netsh.wait, require('events').EventEmitter(), 5)
e(netsh.sleep, 'soon')
local t = netsh.spawn(function() end)
e(t.cancel, 5)
e(t.status, {})
local srv = net.createServer(function() end)
srv:listen(0, '127.0.0.1')
netsh.wait(srv, 'listening')
local s = net.dial(srv:address().port, '127.0.0.1')
e(s.receiveuntil, s, '')
e(s.expect, s, '[unclosed')
e(s.receive, s, -1)
e(s.receive, s, 'l', 'soon')
s:destroy(); srv:close()`).wantClean(t)
	checkOutput(t, "stdout", r.Out, strings.Join([]string{
		"false\tERR_INVALID_ARG_TYPE", "false\tERR_INVALID_ARG_TYPE", "false\tERR_INVALID_ARG_TYPE",
		"false\tERR_INVALID_ARG_TYPE", "false\tERR_INVALID_ARG_TYPE",
		"false\tERR_INVALID_ARG_VALUE", "false\tERR_INVALID_ARG_VALUE", "false\tERR_OUT_OF_RANGE", "false\tERR_INVALID_ARG_TYPE",
	}, "\n")+"\n")
}
