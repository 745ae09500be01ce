package luabind

import (
	"testing"
	"time"
)

// TestFormatQuotesLikeLua51: %q writes what Lua 5.1 writes, which reads
// back as the same string; the other conversions are unchanged (want is
// lua5.1's output for the same script).
func TestFormatQuotesLikeLua51(t *testing.T) {
	r := runLua(t, 10*time.Second, `
local s = "a\n\t\0b\"c\\d\re%f"
local q = string.format("%q", s)
print(q)
print(loadstring("return " .. q)() == s)
print(string.format("[%5.1f] %q %d%% %s %q", 3.14159, "x", 50, "y", 12))
print(string.format("%q", ""), string.format("no q here %d", 4), ("%q"):format("\1\127\200"))
print((select(2, pcall(string.format, "%q", {})):match("bad argument #2 .*%(string expected, got table%)")) ~= nil)
print(string.format("%s", "quiet"), string.format("q%sq", "x"))`)
	want := "\"a\\\n\t\\000b\\\"c\\\\d\\re%f\"\ntrue\n[  3.1] \"x\" 50% y \"12\"\n" +
		"\"\"\tno q here 4\t\"\x01\x7f\xc8\"\ntrue\nquiet\tqxq\n"
	if r.Out != want || r.Err != "" {
		t.Fatalf("got %q (stderr %q)\nwant %q", r.Out, r.Err, want)
	}
}
