package repl

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestShellSaveLoadRoundTrip: .save writes what .load replays to the same
// state, expression lines and multi-line chunks included, and .load shows
// each chunk with its prompt and result.
func TestShellSaveLoadRoundTrip(t *testing.T) {
	sc := startScreen(t, nil, "")
	sc.line("local base = 40")
	sc.line("base + 1")
	sc.typeText("function add(n)\r  return base + n\rend\r")
	sc.waitFor(0, `(?m)^\.\.\.> end$`)
	sc.waitPrompt("netsh>")
	sc.line("add(2)")
	sc.line("t = {port = 1}")
	if got := sc.line(".save session.lua"); got != "Session saved to: session.lua" {
		t.Errorf(".save printed %q", got)
	}
	b, err := os.ReadFile(filepath.Join(sc.dir, "session.lua"))
	want := "local base = 40\nbase + 1\nfunction add(n)\n  return base + n\nend\nadd(2)\nt = {port = 1}\n"
	if err != nil || string(b) != want {
		t.Errorf("saved %q, %v; want %q", b, err, want)
	}
	sc.line(".clear")
	if got := sc.line("base, add, t"); got != "nil nil nil" {
		t.Fatalf("after .clear: %q", got)
	}
	got := sc.line(".load session.lua")
	wantShown := "netsh> local base = 40\nnetsh> base + 1\n41\nnetsh> function add(n)\n...> return base + n\n...> end\nnetsh> add(2)\n42\nnetsh> t = {port = 1}"
	if got != wantShown {
		t.Errorf(".load showed:\n%s\nwant:\n%s", got, wantShown)
	}
	if got := sc.line("base, add(0), t.port"); got != "40 40 1" {
		t.Errorf("the state after .load: %q", got)
	}
}

// TestShellEditorNextLine: Ctrl-D ends .editor on a half-typed line too,
// and the line typed right after it runs at the prompt, however fast.
func TestShellEditorNextLine(t *testing.T) {
	sc := startScreen(t, nil, "")
	sc.typeText(".editor\r")
	sc.waitFor(0, "Entering editor mode")
	sc.typeText("ed = 1\red = ed + 1")
	sc.keys("C-d") // on `ed = ed + 1`, not after an Enter
	sc.waitPrompt("netsh>")
	if got := sc.line("ed"); got != "2" {
		t.Errorf("after .editor ended on a half-typed line, ed = %q", got)
	}
	// Typed ahead in one burst, five times over: .editor, a line, Ctrl-D,
	// and the next line for the prompt.
	for i := 0; i < 5; i++ {
		sc.typeText(".editor\rn = " + string(rune('1'+i)) + "\x04n * 10\r")
	}
	txt := sc.waitPrompt("netsh>")
	for i := 0; i < 5; i++ {
		sc.waitFor(0, "(?m)^"+string(rune('1'+i))+"0$")
	}
	if strings.Count(txt, "// Entering editor mode") != 6 {
		t.Errorf("editor sessions shown: %d", strings.Count(txt, "// Entering editor mode"))
	}
}

// TestShellPaste: a multi-line block pasted at once runs as typed.
func TestShellPaste(t *testing.T) {
	sc := startScreen(t, nil, "")
	sc.typeText("function twice(a)\r  return a * 2\rend\rprint(twice(21))\rprint('after paste')\r")
	sc.waitFor(0, "(?m)^42$")
	sc.waitFor(0, "(?m)^after paste$")
	sc.waitPrompt("netsh>")
}

// TestShellCoroutinesLiveOn: a coroutine made on one line resumes on the
// next lines and from a timer, after the line that made it ended.
func TestShellCoroutinesLiveOn(t *testing.T) {
	sc := startScreen(t, nil, "")
	sc.line("co = coroutine.create(function(a) local b = coroutine.yield(a + 1) return b * 2 end)")
	if got := sc.line("coroutine.resume(co, 1)"); got != "true 2" {
		t.Errorf("first resume: %q", got)
	}
	if got := sc.line("coroutine.resume(co, 5)"); got != "true 10" {
		t.Errorf("second resume: %q", got)
	}
	if got := sc.line("coroutine.status(co)"); got != "'dead'" {
		t.Errorf("status: %q", got)
	}
	sc.line("gen = coroutine.wrap(function() for i = 1, 3 do coroutine.yield(i) end end)")
	sc.line("gen()")
	sc.line("setTimeout(function() print('from a timer', gen()) end, 10)")
	sc.waitFor(0, `from a timer\s+2`)
	if got := sc.line("gen()"); got != "3" {
		t.Errorf("gen() after the timer: %q", got)
	}
}

// TestShellHelpTour: .help's first five minutes work as written.
func TestShellHelpTour(t *testing.T) {
	sc := startScreen(t, nil, "")
	help := sc.line(".help")
	for _, want := range []string{"First five minutes:", ".connect 127.0.0.1 <port>", ".handles", ".close 2", "c:_end() for c.end()"} {
		if !strings.Contains(help, want) {
			t.Errorf(".help lacks %q:\n%s", want, help)
		}
	}
	sc.line("s = net.createServer(function(c) c:write('hi\\n') end):listen(0)")
	mustMatch(t, "the server", sc.line("s"), `^Server \{ \S+:\d+, listening, 0 connections \}$`)
	sc.line("port = s:address().port")
	sc.line("c = net.connect(port); c:on('data', print)")
	sc.waitFor(0, "(?m)^hi$")
	mustMatch(t, "the client", sc.line("c"), `^Socket \{ 127\.0\.0\.1:\d+ -> 127\.0\.0\.1:\d+, open, read 3 B, written 0 B \}$`)
	handles := sc.line(".handles")
	mustMatch(t, ".handles", handles, `(?m)^2 tcp server`)
	if got := sc.line(".close 2"); got != "closed handle 2" {
		t.Errorf(".close 2 printed %q", got)
	}
	mustMatch(t, "the closed server", sc.line("s"), `^Server \{ (not listening|closing, 1 connection) \}$`)
}
