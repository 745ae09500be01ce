package repl

import (
	"regexp"
	"strings"
	"testing"
)

// TestShellHints: each JavaScript habit and typo gets its one-line hint
// under the error.
func TestShellHints(t *testing.T) {
	sc := startScreen(t, nil, "")
	sc.line("c = net.Socket()")
	sc.line("s = net.createServer()")
	cases := []struct{ typed, hint string }{
		{"c:end()", "hint: `end` is a Lua keyword: call c:_end() (or c['end'](c))"},
		{"new net.Socket()", "hint: Lua has no `new`: call net.Socket(...) (or net.Socket.new(...))"},
		{"x = {port: 1}", "hint: Lua tables use = for keys: {port = ...}"},
		{"f = (x) => x * 2", "hint: Lua has no arrow functions: function(x) return x * 2 end"},
		{"print(1 === 1)", "hint: Lua compares with == (like ===, it never converts types)"},
		{"print(1 !== 2)", "hint: Lua's not-equal is ~= (like !==, it never converts types)"},
		{"let n = 1", "hint: Lua has no `let`: declare with local (local x = 1)"},
		{"const n = 1", "hint: Lua has no `const`: declare with local (local x = 1)"},
		{"nosuchfn()", "hint: nosuchfn is nil"},
		{"nosuchtable.field", "hint: nosuchtable is nil"},
		{"prnt('hi')", "hint: prnt is nil; did you mean print?"},
		{"net.creatServer()", "hint: net.creatServer is nil; did you mean net.createServer?"},
		{"s:lisen(0)", "hint: s has no method lisen; did you mean listen?"},
		{"print(nosuchvar.x)", "hint: nosuchvar is nil"},
	}
	for _, c := range cases {
		got := sc.line(c.typed)
		lines := strings.Split(got, "\n")
		if !strings.HasPrefix(got, "error: ") || lines[len(lines)-1] != c.hint {
			t.Errorf("%s:\n%s\nwant the last line %q", c.typed, got, c.hint)
		}
	}
	// An error at the prompt is one line, as Node's `Uncaught Error: x`.
	if got := sc.line("error('plain')"); got != "error: repl:1: plain" {
		t.Errorf("error('plain') printed %q", got)
	}
	// A local (or a parameter) is not a global: no hint names it.
	if got := sc.line("local function g(t) return t.x.y end g({})"); strings.Contains(got, "hint:") {
		t.Errorf("a hint named a parameter:\n%s", got)
	}
}

// TestShellCompletionNoEnd: after `:` completion offers `_end`, never the
// keyword `end`; module globals complete before they are loaded.
func TestShellCompletionNoEnd(t *testing.T) {
	sc := startScreen(t, nil, "")
	sc.typeText("dgr")
	sc.keys("Tab")
	sc.waitFor(0, `netsh> dgram`)
	sc.keys("C-c")
	sc.waitPrompt("netsh>")
	sc.line("c = net.Socket()")
	txt := sc.waitPrompt("netsh>")
	sc.typeText("c:")
	sc.keys("Tab", "Tab")
	txt, _ = sc.waitFor(len(txt), `_end`)
	list := txt[strings.LastIndex(txt, "netsh> c:"):]
	if regexp.MustCompile(`(^|\s)end(\s|$)`).MatchString(list) {
		t.Errorf("completion after c: offers end:\n%s", list)
	}
	if !strings.Contains(list, "write") || !strings.Contains(list, "destroy") {
		t.Errorf("completion after c: lacks methods:\n%s", list)
	}
	sc.keys("C-c") // leaves the candidate list
	sc.waitPrompt("netsh> c:")
	sc.keys("C-c") // clears the line
	sc.waitPrompt("netsh>")
	sc.typeText("c:en")
	sc.keys("Tab")
	sc.typeText("X")
	sc.waitFor(0, `(?m)^netsh> c:enX$`) // nothing completed `en` to `end`
	sc.keys("C-c")
	sc.waitPrompt("netsh>")
}

// TestShellColors: on a terminal values are styled as Node's REPL styles
// them (strings green, numbers yellow, nil grey, errors red); NO_COLOR or
// a piped stdout turn that off.
func TestShellColors(t *testing.T) {
	sc := startScreen(t, nil, "")
	sc.line("'hi', 42, nil, true")
	sc.line("error('red')")
	colored := sc.capture(true)
	for _, want := range []string{"\x1b[32m'hi'", "\x1b[33m42", "\x1b[90mnil", "\x1b[33mtrue", "\x1b[31merror: repl:1: red"} {
		if !strings.Contains(colored, want) {
			t.Errorf("the screen lacks %q:\n%q", want, colored)
		}
	}
	for _, plain := range []struct {
		name   string
		env    []string
		suffix string
	}{{"NO_COLOR", []string{"NO_COLOR=1"}, ""}, {"piped", nil, " | cat"}} {
		sc := startScreen(t, plain.env, plain.suffix)
		// Piped, the echo goes through cat and the error straight to the
		// terminal: their order on the screen is not fixed, so the test
		// waits for each, not for a whole line.
		sc.typeText("'hi', 42, nil\r")
		sc.waitFor(0, `'hi'\s+42\s+nil`)
		sc.typeText("error('red')\r")
		sc.waitFor(0, `error: repl:1: red`)
		if got := sc.capture(true); regexp.MustCompile("\x1b\\[(3[0-9]|90)m").MatchString(got) {
			t.Errorf("%s: the screen has colours:\n%q", plain.name, got)
		}
	}
}
