package luabind

import (
	"testing"
	"time"
)

// TestTooManyResultsIsCatchable: asking unpack or string.byte for more
// values than the stack holds is a Lua error pcall catches. gopher-lua
// overflowed the stack first, and the error escaped pcall and ended the
// script.
func TestTooManyResultsIsCatchable(t *testing.T) {
	r := runLua(t, time.Minute, `
		print(pcall(unpack, {}, 1, 2^30))
		local big = {}
		for i = 1, 1100000 do big[i] = i end
		print(pcall(function() return unpack(big) end))
		print(pcall(string.byte, string.rep("x", 1100000), 1, -1))
		print(select('#', unpack(big, 1, 400000)))
		print('still running')`)
	want := "false\ttest.lua:2: too many results to unpack\n" +
		"false\ttest.lua:5: too many results to unpack\n" +
		"false\ttest.lua:6: string slice too long\n" +
		"400000\nstill running\n"
	if r.Out != want || r.Err != "" {
		t.Fatalf("got %q (stderr %q)\nwant %q", r.Out, r.Err, want)
	}
}

// TestStringByteLikeLua51: string.byte's defaults and position clamping,
// against lua5.1's output for the same script.
func TestStringByteLikeLua51(t *testing.T) {
	r := runLua(t, 10*time.Second, `
local s = "abc"
for _, a in ipairs({{}, {1}, {-1}, {10}, {0}, {-10}, {0, 100}, {2, -1}, {-2}, {3, 2}, {1, 0}, {-100, -100}, {4, 10}, {-3, -2}, {2.7, 3}}) do
  print(unpack(a), "->", s:byte(unpack(a)))
end
print(("").byte(""), select("#", (""):byte(1, -1)))
print(#{string.rep("x", 5000):byte(1, -1)})
print(pcall(string.byte, 1234, 2))`)
	want := "nil\t->\t97\n1\t->\t97\n-1\t->\t99\n10\t->\n0\t->\n-10\t->\n0\t->\t97\t98\t99\n" +
		"2\t->\t98\t99\n-2\t->\t98\n3\t->\n1\t->\n-100\t->\n4\t->\n-3\t->\t97\t98\n2.7\t->\t98\t99\n" +
		"nil\t0\n5000\ntrue\t50\n"
	if r.Out != want || r.Err != "" {
		t.Fatalf("got %q (stderr %q)\nwant %q", r.Out, r.Err, want)
	}
}
