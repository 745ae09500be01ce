package luabind

import (
	"strings"
	"testing"
	"time"
)

// TestNumbersLikeLua51: numeric literals, tonumber and math.huge give the
// values lua5.1 gives (compared with == where the two print numbers
// differently: gopher-lua writes infinity as +Inf, Lua as inf).
func TestNumbersLikeLua51(t *testing.T) {
	r := runLua(t, 10*time.Second, `
print(00012, 010, 08, 0x10, 0xff, 1e1, .5, 5., 1E2, 1e-400, ({[00012] = 'k'})[12])
print(1e309 == 1/0, -1e309 == -1/0, 1e309 > 0, 2e308 == math.huge, 0xFFFFFFFFFFFFFFFFFF == 2^72 - 1, 0x10 == 16)
print(math.huge == 1/0, -math.huge == -1/0, math.huge > 1.7976931348623157e308)
local ok = {}
for _, s in ipairs({"1e1", "1.5e3", "1E5", " 1e1 ", "-2e-2", ".5", "5.", "0xA", "0Xa", "  0x10  ", "1e+2", "+5", "\t7\n", "00012", "1.e2", "0x1e", "10", "3.0"}) do
  ok[#ok + 1] = tostring(tonumber(s))
end
print(table.concat(ok, " "))
local bad = {}
for _, s in ipairs({"1e", "e1", "0x", "1 2", "", " ", "- 5", "0x-1", "1e1e1", "0x1.8.1", "infx", "1e1.5"}) do
  bad[#bad + 1] = tostring(tonumber(s))
end
print(table.concat(bad, " "))
print(tonumber("1e309") == 1/0, tonumber("-1e309") == -1/0, tonumber("1e-400"))
print(tonumber("0x1.8"), tonumber("0x1p4"), tonumber("-0x10"), tonumber("inf") == 1/0, tonumber("-INF") == -1/0, tonumber("nan") ~= tonumber("nan"))
print(tonumber("ff", 16), tonumber("777", 8), tonumber("102", 2), tonumber("z", 36), tonumber(" 11 ", 2), tonumber(12), tonumber({}), tonumber(nil))
`)
	want := strings.Join([]string{
		"12\t10\t8\t16\t255\t10\t0.5\t5\t100\t0\tk",
		"true\ttrue\ttrue\ttrue\ttrue\ttrue",
		"true\ttrue\ttrue",
		"10 1500 100000 10 -0.02 0.5 5 10 10 16 100 5 7 12 100 30 10 3",
		"nil nil nil nil nil nil nil nil nil nil nil nil",
		"true\ttrue\t0",
		"1.5\t16\t-16\ttrue\ttrue\ttrue",
		"255\t511\tnil\t35\t3\t12\tnil\tnil",
	}, "\n") + "\n"
	if r.Out != want || r.Err != "" {
		t.Fatalf("got:\n%s\nstderr: %s\nwant:\n%s", r.Out, r.Err, want)
	}
}
