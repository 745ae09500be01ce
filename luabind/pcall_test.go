package luabind

import "testing"

// gopher-lua's own pcall detaches closures from surviving frames' locals
// when it catches an error (yuin/gopher-lua#448); netsh's does not.
func TestPcallKeepsUpvaluesOfSurvivingFrames(t *testing.T) {
	r := runLua(t, shortLimit, `
local n = 0
local function f() n = n + 1; pcall(error, 'x') end
f(); f()
print('n', n)
local m = 0
local function g() m = m + 1 end
print(pcall(function() g(); pcall(error, 'inner'); g(); error('outer', 0) end))
print('m', m)
-- a closure that escaped a frame the error unwound keeps its value
local saved
print(pcall(function() local v = 'inside'; saved = function() return v end; error('x', 0) end))
local a, b, c = 1, 2, 3
print('escaped', saved())
print(xpcall(function() error({ code = 1 }) end, function(e) return 'handled ' .. e.code end))
print(pcall(42))
print(select('#', pcall(function() return 1, nil, 3 end)))
print(pcall(setmetatable({}, { __call = function(self, x) return x * 2 end }), 21))
-- inside a callback (a frame of its own, run from the loop) too
setTimeout(function()
  local k = 0
  local function inc() k = k + 1 end
  inc(); pcall(error, 'y'); inc()
  print('k', k)
end, 1)`)
	r.wantCode(t, 0)
	mustContain(t, r.Out, "n\t2\n", "false\touter\nm\t2\n", "false\tx\nescaped\tinside\n",
		"false\thandled 1\n", "false\tattempt to call a number value\n", "4\n", "true\t42\n", "k\t2\n")
}
