package luabind

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/netsh/netsh/internal/testkit"
)

// Every Lua block of docs/tls.md runs as it is, ends by itself, and
// writes nothing to stderr.
func TestTLSDocExamplesRun(t *testing.T) {
	md, err := os.ReadFile(filepath.Join(testkit.Root(t), "docs", "tls.md"))
	if err != nil {
		t.Fatal(err)
	}
	blocks := regexp.MustCompile("(?s)```lua\n(.*?)```").FindAllSubmatch(md, -1)
	if len(blocks) < 5 {
		t.Fatalf("found %d Lua blocks in docs/tls.md", len(blocks))
	}
	for i, b := range blocks {
		r := runLua(t, netLimit, string(b[1]))
		r.wantClean(t)
		t.Logf("block %d:\n%s", i+1, r.Out)
	}
}

// Every example of docs/api.md's tls section runs after the page's
// harness block without an error (the harness's servers keep the process
// alive, so each run ends by process.exit after a moment).
func TestTLSAPIExamplesRun(t *testing.T) {
	md, err := os.ReadFile(filepath.Join(testkit.Root(t), "docs", "api.md"))
	if err != nil {
		t.Fatal(err)
	}
	harness := regexp.MustCompile("(?s)```lua\n(.*?)```").FindSubmatch(md)[1]
	section := regexp.MustCompile("(?s)\n## tls\n(.*?)\n## ").FindSubmatch(md)[1]
	examples := regexp.MustCompile("(?m)^\\|.*\\| `([^|]*)` \\|$").FindAllSubmatch(section, -1)
	if len(examples) < 20 {
		t.Fatalf("found %d examples in api.md's tls section", len(examples))
	}
	for _, ex := range examples {
		src := string(harness) + "\n" + string(ex[1]) + "\nsetTimeout(function() process.exit(0) end, 300)\n"
		r := runLua(t, netLimit, src)
		if r.Code != 0 || r.Err != "" {
			t.Errorf("example %s: exit %d\n%s%s", ex[1], r.Code, r.Out, r.Err)
		}
	}
}
