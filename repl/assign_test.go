package repl

import "testing"

// TestREPLMultipleAssignment: typed chunks compile through luabind.Compile,
// so gopher-lua's multiple-assignment bug (#440) is fixed at the prompt too.
func TestREPLMultipleAssignment(t *testing.T) {
	tm := startREPL(t, nil)
	if got := tm.line("do local a, b = 1, 2; a, b = b, a; print(a, b) end"); got != "2\t1" {
		t.Errorf("swap printed %q, want 2\\t1", got)
	}
	tm.line("local c, d = 0, 0")
	tm.line("c, d = c + 1, c + d")
	if got := tm.line("c, d"); got != "1\t0" {
		t.Errorf("c, d = c + 1, c + d gave %q, want 1\\t0", got)
	}
	tm.send("\x04")
	tm.wait()
}
