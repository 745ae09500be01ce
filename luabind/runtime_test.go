package luabind

import (
	"strconv"
	"strings"
	"testing"

	lua "github.com/yuin/gopher-lua"
)

func TestUncaughtErrorExitsOneWithFileLine(t *testing.T) {
	r := runLua(t, shortLimit, "local x = 1\nerror('boom')")
	r.wantCode(t, 1)
	mustContain(t, r.Err, "test.lua:2: boom", "stack traceback:")
}

func TestUncaughtErrorInCallbackStopsTheLoop(t *testing.T) {
	r := runLua(t, shortLimit, `
setInterval(function() print('tick') end, 1000)
setTimeout(function() error(Error('late')) end, 5)`)
	r.wantCode(t, 1)
	mustContain(t, r.Err, "test.lua:3: Error: late")
}

func TestSyntaxErrorIsReportedWithLine(t *testing.T) {
	r := runLua(t, shortLimit, "print('ok')\nlocal = 3")
	r.wantCode(t, 2)
	mustContain(t, r.Err, "test.lua:2:")
	if strings.Contains(r.Out, "ok") {
		t.Fatal("a chunk with a syntax error ran")
	}
}

func TestProcessExitAndExitCode(t *testing.T) {
	r := runLua(t, shortLimit, `
process:on('exit', function(code) print('exit event', code) end)
setTimeout(function() print('never') end, 1000)
print('before')
process.exit(3)
print('after')`)
	r.wantCode(t, 3)
	mustContain(t, r.Out, "before", "exit event\t3")
	if strings.Contains(r.Out, "after") || strings.Contains(r.Out, "never") {
		t.Fatalf("code ran after process.exit:\n%s", r.Out)
	}
	r = runLua(t, shortLimit, `process.exitCode = 4; setTimeout(function() print('done') end, 5)`)
	r.wantCode(t, 4) // from process.exitCode
}

func TestUncaughtExceptionListenerGetsTheValue(t *testing.T) {
	r := runLua(t, shortLimit, `
process:on('uncaughtException', function(e, origin) print('caught', type(e), tostring(e), origin) end)
setTimeout(function() error('plain string', 0) end, 1)
setTimeout(function() error(Error('an object')) end, 2)
setTimeout(function() print('still running') end, 20)`)
	r.wantCode(t, 0)
	mustContain(t, r.Out, "caught\tstring\tplain string\tuncaughtException",
		"caught\ttable\tError: an object", "still running")
}

func TestProcessFields(t *testing.T) {
	r := runLua(t, shortLimit, `
print(process.argv[0], process.argv[1], process.argv[2], process.argv[3])
print(arg[0], arg[1], arg[-1])
print(type(process.pid), process.platform, type(process.env.PATH))
local t = process.hrtime(); print(#t, t[1] >= 0)
local d = process.hrtime(t); print(d[1] >= 0, d[2] >= 0)
print(type(process.hrtime.bigint()))
process.stdout:write('out\n'); process.stderr:write('err\n')
local ok, e = pcall(process.stdout.write, process.stdout, 42); print(ok, e.code)
process.nextTick(function(a) print('tick', a) end, 'arg')`, "one", "two")
	mustContain(t, r.Out, "netsh\ttest.lua\tone\ttwo", "test.lua\tone\tnetsh", "number\tlinux\tstring",
		"2\ttrue", "true\ttrue", "number", "out", "false\tERR_INVALID_ARG_TYPE", "tick\targ")
	mustContain(t, r.Err, "err")
}

func TestTimersFromLua(t *testing.T) {
	r := runLua(t, shortLimit, `
local log = {}
setTimeout(function(a, b) log[#log+1] = 'timeout ' .. a .. b end, 150, 'x', 'y')
local n = 0
local iv; iv = setInterval(function() n = n + 1; if n == 3 then clearInterval(iv); log[#log+1] = 'interval x3' end end, 1)
local cancelled = setTimeout(function() log[#log+1] = 'cancelled ran' end, 5)
clearTimeout(cancelled)
setImmediate(function() log[#log+1] = 'immediate' end)
local u = setTimeout(function() log[#log+1] = 'unref ran' end, 100000)
u:unref(); print('hasRef', u:hasRef()); u:ref(); u:unref()
process.nextTick(function() log[#log+1] = 'tick' end)
process:on('exit', function() print(table.concat(log, ',')) end)`)
	r.wantCode(t, 0)
	mustContain(t, r.Out, "hasRef\tfalse", "tick,immediate", "interval x3", "timeout xy")
	if strings.Contains(r.Out, "cancelled ran") || strings.Contains(r.Out, "unref ran") {
		t.Fatalf("a cleared or unref'd timer ran:\n%s", r.Out)
	}
}

func TestEventEmitter(t *testing.T) {
	r := runLua(t, shortLimit, `
local EventEmitter = require('events')
local e = EventEmitter.new()
local function a(x) print('a', x) end
e:on('ev', a):once('ev', function(x) print('once', x) end):prependListener('ev', function(x) print('first', x) end)
print('count', e:listenerCount('ev'), #e:listeners('ev'))
print('emit', e:emit('ev', 1))
e:emit('ev', 2)
e:off('ev', a)
print('after off', e:listenerCount('ev'), e:emit('nothing'))
-- listeners removed during emit still run for that emit, as in Node
local e2 = EventEmitter()
local function l2() print('l2 ran') end
e2:on('x', function() e2:removeListener('x', l2) end)
e2:on('x', l2)
e2:emit('x'); e2:emit('x')
-- the error rule
local ok, err = pcall(function() e:emit('error', Error('unhandled')) end)
print('error thrown', ok, tostring(err))
e:on('error', function(er) print('handled', er.message) end)
e:emit('error', Error('h'))
-- subclassing
local Dog = EventEmitter:extend()
function Dog:initialize(name) self.name = name end
function Dog:bark() self:emit('bark', self.name) end
local d = Dog:new('rex')
d:on('bark', function(n) print('bark', n) end)
d:bark()
local d2, d3 = Dog.new('fido'), Dog('max')
print('subclass ctors', getmetatable(d2) == Dog, d2.name, getmetatable(d3) == Dog, d3.name)
local Puppy = Dog:extend()
local p = Puppy.new('tiny')
print('grandchild', p.name, p.bark == Dog.bark)
e:removeAllListeners()
print('eventNames', #e:eventNames())
local ok2, err2 = pcall(function() e:on('x', 5) end)
print(err2.code)
e:setMaxListeners(1); e:on('m', a); e:on('m', a)`)
	r.wantCode(t, 0)
	mustContain(t, r.Out, "count\t3\t3", "first\t1\na\t1\nonce\t1\nemit\ttrue", "first\t2\na\t2\n",
		"after off\t1\tfalse", "l2 ran\n", "error thrown\tfalse\tError: unhandled", "handled\th",
		"bark\trex", "subclass ctors\ttrue\tfido\ttrue\tmax", "grandchild\ttiny\ttrue", "eventNames\t0", "ERR_INVALID_ARG_TYPE")
	if strings.Count(r.Out, "l2 ran") != 1 {
		t.Fatalf("a listener removed during emit: want it to run once, got:\n%s", r.Out)
	}
	mustContain(t, r.Err, "MaxListenersExceededWarning")
}

var regtestN int

func TestModuleRegistryAndNodeAlias(t *testing.T) {
	regtestN++ // the registry is process-wide: a fresh name per run (-count)
	name := "regtest" + strconv.Itoa(regtestN)
	Register(Module{Name: name, Open: func(rt *Runtime) (lua.LValue, error) {
		t := rt.L.NewTable()
		t.RawSetString("answer", lua.LNumber(42))
		return t, nil
	}})
	found := false
	for _, n := range Modules() {
		found = found || n == name
	}
	if !found {
		t.Fatal("Modules() does not list a registered module")
	}
	r := runLua(t, shortLimit, `
local name = process.argv[2]
print(require(name).answer, require('node:' .. name) == require(name))
print(require('node:net') == require('net'))
local ok, e = pcall(require, 'nope_module')
print(ok)`, name)
	mustContain(t, r.Out, "42\ttrue", "true", "false")
	defer func() {
		if recover() == nil {
			t.Fatal("duplicate Register did not panic")
		}
	}()
	Register(Module{Name: name, Open: func(*Runtime) (lua.LValue, error) { return lua.LNil, nil }})
}

func TestErrorObjects(t *testing.T) {
	r := runLua(t, shortLimit, `
local e = Error('boom')
print(tostring(e), e.message, e.name)
e.code = 'E_MINE'
print(tostring(Error.new('x')), tostring(TypeError('bad')))
local ok, err = pcall(error, e)
print(ok, err == e, err.code)`)
	mustContain(t, r.Out, "Error: boom\tboom\tError", "Error: x\tTypeError: bad", "false\ttrue\tE_MINE")
}

func TestRuntimeCloseClosesHandles(t *testing.T) {
	rt := newRuntime(t, &syncBuffer{}, &syncBuffer{}, "netsh")
	fn, err := rt.Load(`srv = require('net').createServer():listen(0, '127.0.0.1'); t = setInterval(function() end, 1000)`, "x")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := rt.Eval(fn); err != nil {
		t.Fatal(err)
	}
	if n := len(rt.Loop().Handles()); n != 2 {
		t.Fatalf("%d live handles, want 2", n)
	}
	rt.Close()
	if n := len(rt.Loop().Handles()); n != 0 {
		t.Fatalf("%d handles left after Close", n)
	}
}
