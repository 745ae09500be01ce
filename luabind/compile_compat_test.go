package luabind

import (
	"strings"
	"testing"
	"time"
)

// TestLua51Compat: the Lua 5.1 functions gopher-lua lacks or gets wrong,
// each checked against what lua5.1 prints.
func TestLua51Compat(t *testing.T) {
	cases := []struct{ code, want string }{
		{`print(type(collectgarbage("count")), collectgarbage("count") > 0)`, "number\ttrue"},
		{`print(collectgarbage(), collectgarbage("collect"), collectgarbage("stop"), collectgarbage("restart"))`, "0\t0\t0\t0"},
		{`print(collectgarbage("step"))`, "true"},
		{`print(collectgarbage("setpause", 100), collectgarbage("setpause", 200))`, "200\t100"},
		{`print(collectgarbage("setstepmul", 400), collectgarbage("setstepmul"))`, "200\t400"},
		{`print((select(2, pcall(collectgarbage, "nooption")):match("bad argument #1 .*invalid option 'nooption'")) ~= nil)`, "true"},
		{`print(type(gcinfo()), gcinfo() == math.floor(gcinfo()))`, "number\ttrue"},
		{`print(table.foreach({x = 90}, function(k, v) return v end), table.foreach({1}, function() end))`, "90"},
		{`local t = {} table.foreachi({'a', 'b', x = 'c'}, function(i, v) t[#t + 1] = i .. v end) print(table.concat(t, ' '))`, "1a 2b"},
		{`print(table.foreachi({5, 6, 7}, function(i, v) if v == 6 then return i end end))`, "2"},
		{`print(pcall(table.setn, {}, 1))`, "false\ttest.lua:1: 'setn' is obsolete"},
		{`print(table.maxn{}, table.maxn{["1000"] = true}, table.maxn{["1000"] = true, [24.5] = 3}, table.maxn{[1000] = true}, table.maxn{-5, [-3] = 1})`, "0\t0\t24.5\t1000\t1"},
		{`print(pcall(error))`, "false\tnil"},
		{`print(select('#', pcall(error)))`, "2"},
		{`print(pcall(error, 'hi', 0))`, "false\thi"},
		{`print(pcall(error, 'hi'))`, "false\thi"}, // level 1 is pcall, a Go function: no position
		{`local ok, e = pcall(error, {code = 1}) print(ok, e.code)`, "false\t1"},
		{`print(os.setlocale(), os.setlocale("C"), os.setlocale("POSIX"), os.setlocale("xx_YY"), os.setlocale("C", "numeric"))`, "C\tC\tC\tnil\tC"},
		{`print((select(2, pcall(os.setlocale, "C", "bogus")):match("bad argument #2 .*invalid option 'bogus'")) ~= nil)`, "true"},
		{`co = coroutine.create(function() coroutine.yield(getfenv(0)) return loadstring("return a")() end)
		  a = {a = 15} debug.setfenv(co, a)
		  print(select(2, coroutine.resume(co)) == a, select(2, coroutine.resume(co)))`, "true\t15"},
		{`print(debug.getinfo(load(function() return nil end, "modname")).source)`, "modname"},
	}
	for _, c := range cases {
		r := runLua(t, 10*time.Second, c.code)
		if got := strings.TrimRight(r.Out, "\n"); got != c.want || r.Err != "" {
			t.Errorf("%s\n got %q (stderr %q)\nwant %q", c.code, got, r.Err, c.want)
		}
	}
}

// TestErrorLevelsLikeLua51: error's level names the function it counts up
// to, as lua5.1 prints for the same script (gopher-lua was one level short
// from level 2 on, and gave pcall(error, "hi") a position).
func TestErrorLevelsLikeLua51(t *testing.T) {
	r := runLua(t, 10*time.Second, `print(pcall(error, 'hi'))
print(pcall(error, 'hi', 2))
print(pcall(error, 42))
print(pcall(function() error(42) end))
print(pcall(function() error('m', 0) end))
print(pcall(function() error() end))
local function lvl(n) error('at ' .. n, n) end
local function mid(n) lvl(n) end
local function top(n) mid(n) end
for n = 1, 5 do print(pcall(top, n)) end
print(pcall(function() error(setmetatable({}, {__tostring = function() return 'T' end}), 2) end))
local co = coroutine.wrap(function() error('in co', 2) end)
print(pcall(co))`)
	want := "false\thi\nfalse\ttest.lua:2: hi\nfalse\t42\nfalse\ttest.lua:4: 42\nfalse\tm\nfalse\tnil\n" +
		"false\ttest.lua:7: at 1\nfalse\ttest.lua:8: at 2\nfalse\ttest.lua:9: at 3\nfalse\tat 4\nfalse\ttest.lua:10: at 5\n" +
		"false\tT\nfalse\tin co\n"
	if r.Out != want || r.Err != "" {
		t.Fatalf("got %q (stderr %q)\nwant %q", r.Out, r.Err, want)
	}
}
