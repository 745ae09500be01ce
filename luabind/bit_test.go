package luabind

import (
	"os/exec"
	"strings"
	"testing"
	"time"
)

// bitCases are bit expressions with what LuaJIT 2.1 prints for them.
var bitCases = []struct{ expr, want string }{
	{`bit.tobit(0xffffffff)`, `-1`},
	{`bit.tobit(2^32 + 5)`, `5`},
	{`bit.tobit(-1)`, `-1`},
	{`bit.tobit(1.5)`, `2`},
	{`bit.tobit(2.5)`, `2`},
	{`bit.tobit(-2.5)`, `-2`},
	{`bit.tobit(2^31)`, `-2147483648`},
	{`bit.tobit(-2^31 - 1)`, `2147483647`},
	{`bit.tobit(0/0)`, `0`},
	{`bit.tohex(1)`, `00000001`},
	{`bit.tohex(-1)`, `ffffffff`},
	{`bit.tohex(0x1234abcd, 4)`, `abcd`},
	{`bit.tohex(0x1234abcd, -4)`, `ABCD`},
	{`bit.tohex(255, 2)`, `ff`},
	{`bit.tohex(255, -8)`, `000000FF`},
	{`bit.tohex(0x12345678, 12)`, `000012345678`},
	{`bit.bnot(0)`, `-1`},
	{`bit.bnot(0x12345678)`, `-305419897`},
	{`bit.band(0xff00ff00, 0x0ff00ff0)`, `251662080`},
	{`bit.band(1, 3, 7)`, `1`},
	{`bit.bor(1, 2, 4, 8)`, `15`},
	{`bit.bor(0x80000000, 1)`, `-2147483647`},
	{`bit.bxor(0xaaaaaaaa, 0xffffffff)`, `1431655765`},
	{`bit.bxor(1, 3, 5)`, `7`},
	{`bit.lshift(1, 31)`, `-2147483648`},
	{`bit.lshift(1, 32)`, `1`},
	{`bit.lshift(1, 33)`, `2`},
	{`bit.lshift(0xff, -1)`, `-2147483648`},
	{`bit.rshift(-1, 1)`, `2147483647`},
	{`bit.rshift(0x80000000, 31)`, `1`},
	{`bit.rshift(256, 36)`, `16`},
	{`bit.arshift(-256, 4)`, `-16`},
	{`bit.arshift(0x80000000, 31)`, `-1`},
	{`bit.arshift(256, 4)`, `16`},
	{`bit.rol(0x12345678, 8)`, `878082066`},
	{`bit.rol(1, 32)`, `1`},
	{`bit.rol(0x80000001, 1)`, `3`},
	{`bit.ror(0x12345678, 8)`, `2014458966`},
	{`bit.ror(1, 1)`, `-2147483648`},
	{`bit.ror(1, 0)`, `1`},
	{`bit.bswap(0x12345678)`, `2018915346`},
	{`bit.bswap(-1)`, `-1`},
	{`bit.bswap(0xff)`, `-16777216`},
	{`bit.band('0xff', 15)`, `15`},
	{`bit.tobit(4294967296 * 3 + 7)`, `7`},
	{`bit.lshift(3.7, 1)`, `8`},
}

// TestBitMatchesLuaJIT runs every case under netsh against the baked
// LuaJIT output, and, where luajit is installed (.ci/run installs it),
// checks the baked table against luajit itself.
func TestBitMatchesLuaJIT(t *testing.T) {
	var src strings.Builder
	for _, c := range bitCases {
		src.WriteString("print(" + c.expr + ")\n")
	}
	r := runLua(t, 10*time.Second, src.String())
	got := strings.Split(strings.TrimSuffix(r.Out, "\n"), "\n")
	if r.Code != 0 || len(got) != len(bitCases) {
		t.Fatalf("exit %d, %d lines of %d; stderr %s", r.Code, len(got), len(bitCases), r.Err)
	}
	for i, c := range bitCases {
		if got[i] != c.want {
			t.Errorf("%s = %s, LuaJIT says %s", c.expr, got[i], c.want)
		}
	}
	luajit, err := exec.LookPath("luajit")
	if err != nil {
		t.Log("luajit not installed: checked against the baked table only")
		return
	}
	out, err := exec.Command(luajit, "-e", src.String()).Output()
	if err != nil {
		t.Fatal(err)
	}
	if string(out) != r.Out {
		t.Fatalf("luajit disagrees with the table:\n%s", out)
	}
}

func TestBitArgumentsAndGlobal(t *testing.T) {
	r := runLua(t, 10*time.Second, `
print(require('bit') == bit, require('node:bit') == bit)
for _, f in ipairs({'band', 'tohex', 'lshift', 'bnot'}) do
  local ok, e = pcall(bit[f], {})
  print(f, ok, (tostring(e):gsub('^.-bad', 'bad')))
end
print(pcall(bit.band))`)
	mustContain(t, r.Out, "true\ttrue\n",
		"band\tfalse\tbad argument #1 to 'band' (number expected, got table)",
		"bnot\tfalse\tbad argument #1 to 'bnot'", "bad argument #1 to 'band' (number expected, got no value)")
}
