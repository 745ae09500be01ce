package luabind

import (
	"strings"
	"testing"
	"time"
)

// TestRegistryGrowsInFewSteps: gopher-lua grows the value stack to what a
// call needs plus RegistryGrowStep, copying it each time. With its default
// step of 32, unpack of 400,000 values took 30 s and {chunk:byte(1, -1)}
// on a 64 KiB chunk 0.4 s (1.6 s on a loaded machine), all of it on the
// loop goroutine; each coroutine has its own stack, so eight of them grow
// eight stacks. The cost is compared with storing as many values in a
// table, which the stack's growth does not touch, so the check holds
// under -race and load: with the fix the two are alike, without it the
// spread is hundreds of times slower.
func TestRegistryGrowsInFewSteps(t *testing.T) {
	r := runLua(t, 2*time.Minute, `
		local N = 400000
		local t = {}
		local c = os.clock()
		for i = 1, N do t[i] = i end
		local fill = os.clock() - c
		c = os.clock()
		local n, last = select('#', unpack(t)), (select(N, unpack(t)))
		local spread = os.clock() - c
		print(n, last, spread < 20 * fill + 0.05, fill, spread)

		local chunk = string.rep('x', 65536)
		c = os.clock()
		local total = 0
		for i = 1, 8 do
			local big = {}
			for j = 1, #chunk do big[j] = 120 end
			total = total + #big
		end
		fill = os.clock() - c
		c = os.clock()
		local n = 0
		for i = 1, 8 do
			local co = coroutine.wrap(function() return #{chunk:byte(1, -1)} end)
			n = n + co()
		end
		spread = os.clock() - c
		print(n, total, spread < 20 * fill + 0.05, fill, spread)`)
	lines := strings.Split(strings.TrimSpace(r.Out), "\n")
	if r.Err != "" || len(lines) != 2 {
		t.Fatalf("stdout %q, stderr %q", r.Out, r.Err)
	}
	for i, want := range []string{"400000\t400000\ttrue\t", "524288\t524288\ttrue\t"} {
		if !strings.HasPrefix(lines[i], want) {
			t.Errorf("got %q, want %q then the fill and spread times", lines[i], want)
		}
		t.Logf("count, ok, fill s, spread s: %s", lines[i])
	}
}

// TestDeepRecursion: Lua 5.1 allows about 20,000 nested calls; gopher-lua's
// call stack was fixed at 1,024 frames, so a recursion 1,100 deep (a flood
// fill, a deep tree) raised "stack overflow". Past the limit it is still a
// catchable error.
func TestDeepRecursion(t *testing.T) {
	r := runLua(t, time.Minute, `
		local function depth(n) if n == 0 then return 0 end return 1 + depth(n - 1) end
		print(pcall(depth, 1100))
		print(pcall(depth, 15000))
		local ok, err = pcall(depth, 30000)
		print(ok, (err:match("stack overflow")))
		local co = coroutine.create(depth)
		print(coroutine.resume(co, 15000))`)
	want := "true\t1100\ntrue\t15000\nfalse\tstack overflow\ntrue\t15000\n"
	if r.Out != want || r.Err != "" {
		t.Fatalf("got %q (stderr %q), want %q", r.Out, r.Err, want)
	}
}
