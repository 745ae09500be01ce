package luabind

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestPatternsLikeLua51: string.find, match, gmatch and gsub over 12
// subjects × 67 patterns (anchors, classes, sets, frontiers, balances,
// back-references, position captures, malformed patterns) print what
// lua5.1 prints; gopher-lua's own functions differed on 1,133 of the 3,663
// lines (empty matches, init past the end, gmatch of an empty match,
// captures in gsub, error texts).
func TestPatternsLikeLua51(t *testing.T) {
	file := filepath.Join("testdata", "patterns.lua")
	want, err := os.ReadFile(filepath.Join("testdata", "patterns.out"))
	if err != nil {
		t.Fatal(err)
	}
	r := runScript(t, 60*time.Second, luaScript{file: file}).wantClean(t)
	if r.Out != string(want) {
		gl, wl := strings.Split(r.Out, "\n"), strings.Split(string(want), "\n")
		for i := range wl {
			if i >= len(gl) || gl[i] != wl[i] {
				t.Fatalf("line %d differs from lua5.1's:\n got %q\nwant %q", i+1, gl[min(i, len(gl)-1)], wl[i])
			}
		}
		t.Fatalf("output has %d lines, lua5.1's %d", len(gl), len(wl))
	}
	lua, err := exec.LookPath("lua5.1")
	if err != nil {
		t.Log("lua5.1 is not installed: checked against the baked output only")
		return
	}
	out, err := exec.Command(lua, file).Output()
	if err != nil || string(out) != string(want) {
		t.Fatalf("lua5.1 no longer prints testdata/patterns.out (%v)", err)
	}
}

// TestPatternErrorsAreCatchable: malformed and too complex patterns raise
// Lua errors with Lua's words, never a Go panic.
func TestPatternErrorsAreCatchable(t *testing.T) {
	r := runLua(t, 10*time.Second, `
for _, p in ipairs({'[a', '%', '(', 'a)', '%1', '%b', '%f', '%fx', string.rep('a?', 6000), string.rep('(', 40)}) do
  local ok, e = pcall(string.match, string.rep('a', 6000), p)
  print(ok, (tostring(e):gsub('^[^:]*:%d+: ', '')))
end
print(pcall(string.gsub, 'abc', '(', 'x')) -- as lua5.1: the unfinished capture is never read
print(select('#', string.find('abc', '()', 4)), string.find('abc', '()', 4))`).wantClean(t)
	mustContain(t, r.Out,
		"false\tmalformed pattern (missing ']')\n",
		"false\tmalformed pattern (ends with '%')\n",
		"false\tunfinished capture\n",
		"false\tinvalid pattern capture\n",
		"false\tinvalid capture index\n",
		"false\tunbalanced pattern\n",
		"false\tmissing '[' after '%f' in pattern\n",
		"false\tpattern too complex\n",
		"false\ttoo many captures\n",
		"true\txaxbxcx\t4\n",
		"3\t4\t3\t4\n")
}
