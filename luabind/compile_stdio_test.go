package luabind

import (
	"testing"
	"time"
)

// TestIOWriteGoesThroughConsole: io.write and io.stdout/io.stderr:write
// share print's Printer, so their output keeps its order and lands where
// the runtime's output goes (gopher-lua wrote to the process's stdout).
func TestIOWriteGoesThroughConsole(t *testing.T) {
	path := t.TempDir() + "/w.txt"
	r := runLua(t, 10*time.Second, `
		io.write("a\n") print("b") io.write("c", 1, "\n")
		print(io.stdout:write("d\n"))
		io.stderr:write("E\n")
		local f = assert(io.open(`+luaQuote(path)+`, "w"))
		print(f:write("x", 2) == true) f:close()
		print(io.open(`+luaQuote(path)+`):read("*a"))
		print(pcall(io.write, {}))
		io.output(`+luaQuote(path)+`) io.write("to the file") io.close() io.output(io.stdout)
		print(io.open(`+luaQuote(path)+`):read("*a"))
		io.write("last")`)
	want := "a\nb\nc1\nd\ntrue\ntrue\nx2\nfalse\ttest.lua:8: bad argument #1 to (anonymous) (number or string expected, got table)\nto the file\nlast"
	if r.Out != want {
		t.Fatalf("stdout %q\nwant   %q", r.Out, want)
	}
	if r.Err != "E\n" {
		t.Fatalf("stderr %q, want E", r.Err)
	}
}
