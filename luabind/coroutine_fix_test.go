package luabind

import (
	"context"
	"testing"
	"time"
)

// TestCoroutineWrapAsLua51: wrap's results (nils kept), its errors (a
// string with the caller's position, a table as is), resume of a wrapped
// coroutine's own thread (true first, errors returned), and the dead
// coroutine message, as Lua 5.1 prints them.
func TestCoroutineWrapAsLua51(t *testing.T) {
	r := runLua(t, 10*time.Second, `local w = coroutine.wrap(function(a) local th = coroutine.running() _G.th = th local b = coroutine.yield(a + 1) error('boom ' .. b) end)
print(w(1))
print(coroutine.resume(th, 'x'))
print(coroutine.status(th))
local w2 = coroutine.wrap(function(...) coroutine.yield(select('#', ...), ...) return nil, 2, nil end)
print(w2(nil, nil))
print(select('#', w2()))
print(pcall(coroutine.wrap(function() error({code = 1}) end)))
local bad = coroutine.wrap(function() error('boom') end)
print(coroutine.resume(coroutine.create(function() bad() end)))
local w3 = coroutine.wrap(function() end)
w3()
print(pcall(w3))
print(coroutine.resume(coroutine.create(function() end)))
local dead = coroutine.create(function() end)
coroutine.resume(dead)
print(coroutine.resume(dead))`)
	want := "2\nfalse\ttest.lua:1: boom x\ndead\n2\tnil\tnil\n3\n"
	if r.Code != 0 || len(r.Out) < len(want) || r.Out[:len(want)] != want {
		t.Fatalf("got:\n%s\nwant first:\n%s\nstderr %s", r.Out, want, r.Err)
	}
	mustContain(t, r.Out, "false\ttable: ", "false\ttest.lua:10: test.lua:9: boom\n",
		"false\tcannot resume dead coroutine\ntrue\nfalse\tcannot resume dead coroutine\n")
}

// TestCoroutineOutlivesItsLine: a coroutine made under one context (a REPL
// line's) resumes under the next one after the first was cancelled.
func TestCoroutineOutlivesItsLine(t *testing.T) {
	rt := newRuntime(t, nil, nil)
	defer rt.Close()
	ctx1, cancel1 := context.WithCancel(context.Background())
	rt.L.SetContext(ctx1)
	fn, err := rt.Load(`co = coroutine.create(function() for i = 1, 3 do coroutine.yield(i) end end) return coroutine.resume(co)`, "line1")
	if err != nil {
		t.Fatal(err)
	}
	if out, err := rt.Eval(fn); err != nil || out[1].String() != "1" {
		t.Fatalf("line 1: %v %v", out, err)
	}
	cancel1()
	ctx2, cancel2 := context.WithCancel(context.Background())
	defer cancel2()
	rt.L.SetContext(ctx2)
	fn, _ = rt.Load(`return coroutine.resume(co)`, "line2")
	out, err := rt.Eval(fn)
	if err != nil || len(out) != 2 || out[0].String() != "true" || out[1].String() != "2" {
		t.Fatalf("line 2: %v %v", out, err)
	}
}

// process.exit inside a coroutine ends the process with its code; resume
// does not catch it as an error.
func TestCoroutineDoesNotCatchExit(t *testing.T) {
	r := runLua(t, 10*time.Second, `
process:on('exit', function(c) print('exit', c) end)
print(coroutine.resume(coroutine.create(function() process.exit(3) end)))
print('after')`)
	if r.Code != 3 || r.Out != "exit\t3\n" {
		t.Fatalf("exit %d, stdout %q", r.Code, r.Out)
	}
}
