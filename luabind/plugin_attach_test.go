package luabind

import (
	"strings"
	"testing"
)

// TestAttachEOFAndHook: netsh.attach's onEOF runs on Ctrl-D (HandleEOF)
// and detaches; every attach and detach calls the REPL's hook; a line
// reaches the handler only while attached.
func TestAttachEOFAndHook(t *testing.T) {
	var out syncBuffer
	rt, err := New(Options{Stdout: &out, Stderr: &out, IO: ioFor(t), Interactive: true})
	if err != nil {
		t.Fatal(err)
	}
	defer rt.Close()
	hooks := 0
	rt.SetAttachHook(func() { hooks++ })
	fn, err := rt.Load(`
netsh.attach(function(line) print('line', line) end, 'peer> ', function() print('eof') end)
local ok, e = pcall(netsh.attach, function() end, 42)
print('bad prompt', ok, e.code)`, "attach.lua")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := rt.Eval(fn); err != nil {
		t.Fatal(err)
	}
	if p, attached := rt.LinePrompt(); !attached || p != "peer> " {
		t.Fatalf("LinePrompt = %q, %v", p, attached)
	}
	if !rt.HandleLine("hello") {
		t.Fatal("HandleLine: not attached")
	}
	if !rt.HandleEOF() {
		t.Fatal("HandleEOF: not attached")
	}
	if _, attached := rt.LinePrompt(); attached {
		t.Error("still attached after Ctrl-D")
	}
	if rt.HandleLine("after") || rt.HandleEOF() {
		t.Error("a line or Ctrl-D went to a detached handler")
	}
	if hooks != 2 {
		t.Errorf("the attach hook ran %d times, want 2 (attach, detach)", hooks)
	}
	rt.console.out.Flush()
	got := out.String()
	for _, want := range []string{"bad prompt\tfalse\tERR_INVALID_ARG_TYPE", "line\thello", "eof"} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "after") {
		t.Errorf("a line after detach was handled:\n%s", got)
	}
}
