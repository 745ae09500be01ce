package luabind

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// bigTableSource is a chunk returning checks on a keyed table of n fields
// (with nested tables, negative numbers, booleans and a repeated key whose
// last value must win) and a positional one of n values.
func bigTableSource(n int) string {
	var b strings.Builder
	b.WriteString("local keyed = {\n")
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "  k%d = %d,\n", i, 2*i)
	}
	b.WriteString("  n = {1, 2, x = -3}, yes = true, no = false, [7.5] = 'seven', k1 = 'dup',\n}\n")
	b.WriteString("local list = {\n")
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "  %d, '%d',\n", i, i)
	}
	b.WriteString("}\n")
	b.WriteString(`local sum, count = 0, 0
for k, v in pairs(keyed) do count = count + 1; if type(v) == 'number' then sum = sum + v end end
print(keyed.k1, keyed.k2, keyed['k' .. N], keyed.n[2], keyed.n.x, keyed.yes, keyed.no, keyed[7.5], count, sum)
print(#list, list[1], list[2], list[2 * N - 1], list[2 * N], type(list[2 * N]))
`)
	return strings.ReplaceAll(b.String(), "N", fmt.Sprint(n))
}

// TestBigDataTables: a big table of literals means the same after
// splitTable builds it in pieces (want is what lua5.1 prints).
func TestBigDataTables(t *testing.T) {
	r := runLua(t, time.Minute, bigTableSource(3000))
	want := "dup\t4\t6000\t2\t-3\ttrue\tfalse\tseven\t3004\t9002998\n" +
		"6000\t1\t1\t3000\t3000\tstring\n"
	if r.Out != want || r.Err != "" {
		t.Fatalf("got %q (stderr %q)\nwant %q", r.Out, r.Err, want)
	}
	// Tables that are not split keep their meaning too: `...`, nil and
	// calls among the values, positional and keyed fields mixed.
	var b strings.Builder
	b.WriteString("local function f(...) return {")
	for i := 1; i <= 1500; i++ {
		fmt.Fprintf(&b, "%d, ", i)
	}
	b.WriteString("nil, [1] = 'keyed', ...} end\nlocal t = f('a', 'b')\nprint(t[1], t[1500], t[1501], t[1502], t[1503])\n")
	r = runLua(t, time.Minute, b.String())
	if r.Out != "keyed\t1500\tnil\ta\tb\n" || r.Err != "" { // as lua5.1
		t.Fatalf("mixed table: got %q (stderr %q)", r.Out, r.Err)
	}
}

// TestBigDataTableCompilesFast: gopher-lua's constant lookup made a big
// table's compile time grow with the square of its size (30,000 keyed and
// 30,000 positional literals took 16-30 s). Compiling eight times as many
// fields must take about eight times as long, not sixty-four: compared in
// one process, so the check holds under -race and load.
func TestBigDataTableCompilesFast(t *testing.T) {
	timeCompile := func(n int) time.Duration {
		src := bigTableSource(n)
		best := time.Duration(1 << 62)
		for i := 0; i < 2; i++ {
			start := time.Now()
			if _, err := Compile(src, "big"); err != nil {
				t.Fatal(err)
			}
			best = min(best, time.Since(start))
		}
		return best
	}
	small, big := timeCompile(1200), timeCompile(9600)
	t.Logf("1,200 fields: %v; 9,600 fields: %v (%.1fx)", small, big, float64(big)/float64(small))
	if big > 24*small {
		t.Fatalf("8x the fields took %.1fx the time (%v, %v); want linear", float64(big)/float64(small), small, big)
	}
}
