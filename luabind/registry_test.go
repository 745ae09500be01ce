package luabind

import (
	"testing"
	"time"
)

// TestRegistryGrowsInFewSteps: gopher-lua grows the value stack to what a
// call needs plus RegistryGrowStep, copying it each time. With its default
// step of 32, unpack of 400,000 values took 30 s and {chunk:byte(1, -1)}
// on a 64 KiB chunk 0.4 s (1.6 s on a loaded machine), all of it on the
// loop goroutine. Each coroutine has its own stack, so eight of them grow
// eight stacks from the start.
func TestRegistryGrowsInFewSteps(t *testing.T) {
	cases := []struct {
		name, src, want string
		bound           time.Duration
	}{
		{"unpack 400000", `
			local t = {}
			for i = 1, 400000 do t[i] = i end
			print(select('#', unpack(t)), (select(400000, unpack(t))))`, "400000\t400000\n", 3 * time.Second},
		{"byte of 64 KiB in 8 coroutines", `
			local chunk = string.rep('x', 65536)
			local n = 0
			for i = 1, 8 do
				local co = coroutine.wrap(function() return #{chunk:byte(1, -1)} end)
				n = n + co()
			end
			print(n)`, "524288\n", 1500 * time.Millisecond},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			start := time.Now()
			r := runLua(t, 2*time.Minute, c.src)
			took := time.Since(start)
			if r.Out != c.want || r.Err != "" {
				t.Fatalf("got %q (stderr %q), want %q", r.Out, r.Err, c.want)
			}
			if took > c.bound {
				t.Fatalf("took %v, want under %v", took, c.bound)
			}
			t.Logf("took %v", took)
		})
	}
}
