package luabind

import (
	"strings"
	"testing"
	"time"
)

// TestDebugGetInfo: debug.getinfo as lua5.1 answers for the same script
// (want is lua5.1's output; the pcall message differs only in how the two
// name the function and the position Lua adds).
func TestDebugGetInfo(t *testing.T) {
	r := runLua(t, 10*time.Second, `local p = debug.getinfo(print)
print(p.what, p.short_src, p.source, p.linedefined, p.lastlinedefined, p.currentline)
local function g()
  local x = 1
  return x
end
local i = debug.getinfo(g, "SL")
local lines = {}
for l in pairs(i.activelines) do lines[#lines + 1] = l end
table.sort(lines)
print(i.what, i.short_src, i.linedefined, i.lastlinedefined, table.concat(lines, ","), i.currentline, i.func)
print(debug.getinfo(1, "l").currentline, debug.getinfo(1, "S").what, debug.getinfo(1, "S").short_src)
print(select(2, pcall(debug.getinfo, 1, "x")):match("bad argument #2 .*%(invalid option%)") ~= nil)
print(debug.getinfo(100), debug.getinfo(g, "f").func == g)
print(type(debug.getinfo(print, "L")), debug.getinfo(print, "L").activelines)
print(debug.getinfo(loadstring("return 1", "")).short_src)
`)
	want := strings.Join([]string{
		"C\t[C]\t=[C]\t-1\t-1\t-1",
		"Lua\ttest.lua\t3\t6\t4,5,6\tnil\tnil",
		"12\tmain\ttest.lua",
		"true",
		"nil\ttrue",
		"table\tnil",
		`[string ""]`,
	}, "\n") + "\n"
	if r.Out != want || r.Err != "" {
		t.Fatalf("got:\n%s\nstderr: %s\nwant:\n%s", r.Out, r.Err, want)
	}
}
