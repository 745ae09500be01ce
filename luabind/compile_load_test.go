package luabind

import (
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// swapChunk is gopher-lua's #440: without Compile's rewrite it yields "22".
const swapChunk = "local a, b = 1, 2\na, b = b, a\nreturn a .. b\n"

// TestEveryLoadPathFixesAssignment: every way netsh turns source into a
// function goes through Compile, so each gets the assignment fix: scripts
// and -e (RunString), the REPL (Load then Eval), plugins, require, and
// Lua's own loadstring, load, loadfile and dofile.
func TestEveryLoadPathFixesAssignment(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "swap.lua"), swapChunk)
	writeFile(t, filepath.Join(dir, "swapmod.lua"), swapChunk)
	t.Setenv("NETSH_PATH", dir)
	script := `
		print('loadstring', loadstring(src)())
		local done = false
		print('load', load(function() if done then return nil end done = true return src end)())
		print('loadfile', loadfile(file)())
		print('dofile', dofile(file))
		print('require', require('swapmod'))
		print('plugin', plugswap)
	`
	script = "local src, file = " + luaQuote(swapChunk) + ", " + luaQuote(filepath.Join(dir, "swap.lua")) + "\n" + script
	plugin := func(rt *Runtime) {
		if res := rt.LoadPluginSource("swap-plugin", "plugswap = (function() "+swapChunk+" end)()"); res.Err != nil {
			t.Fatal(res.Err)
		}
	}
	r := runLuaSetup(t, 10*time.Second, plugin, script+"print('script', (function() "+swapChunk+" end)())")
	if r.Err != "" {
		t.Fatalf("stderr: %s", r.Err)
	}
	for _, want := range []string{"loadstring\t21", "load\t21", "loadfile\t21", "dofile\t21", "require\t21", "plugin\t21", "script\t21"} {
		mustContain(t, r.Out, want)
	}
	if r.Err != "" {
		t.Fatalf("stderr: %s", r.Err)
	}

	// The REPL's path: Load, then Eval on the loop goroutine.
	rt, err := New(Options{Stdout: &syncBuffer{}, Stderr: &syncBuffer{}, IO: ioFor(t)})
	if err != nil {
		t.Fatal(err)
	}
	defer rt.Close()
	fn, err := rt.Load(swapChunk, "repl")
	if err != nil {
		t.Fatal(err)
	}
	vals, err := rt.Eval(fn)
	if err != nil || len(vals) != 1 || vals[0].String() != "21" {
		t.Fatalf("REPL path gave %v, %v; want 21", vals, err)
	}
}

// luaQuote is s as a Lua string literal.
func luaQuote(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, "'", `\'`, "\n", `\n`).Replace(s) + "'"
}

// TestLoadFunctionsLikeLua51: the replaced loaders name chunks and report
// failures as Lua 5.1.5 does (each want is what lua5.1 prints).
func TestLoadFunctionsLikeLua51(t *testing.T) {
	dir := t.TempDir()
	shebang := filepath.Join(dir, "sb.lua")
	writeFile(t, shebang, "#!/usr/bin/env lua\nerror('e')")
	rets := filepath.Join(dir, "rets.lua")
	writeFile(t, rets, "return 1, 2, ...")
	cases := []struct{ code, want string }{
		{`print(select(2, loadstring('error("e")', '=name')) == nil, pcall(loadstring('error("e")', '=name')))`, "true\tfalse\tname:1: e"},
		{`print(pcall(loadstring('error("e")')))`, `false	[string "error("e")"]:1: e`},
		{`print(pcall(loadstring('error("e")', '@f.lua')))`, "false\tf.lua:1: e"},
		// A plain explicit name is kept as given (Lua 5.1 shows [string "name"]):
		// gopher-lua has one name for messages and debug.getinfo's source.
		{`print(pcall(loadstring('local x = \n\n error("e")', 'modname')))`, "false\tmodname:3: e"},
		{`print(pcall(loadstring('local x = 1 -- a long first line that goes on and on and on and on and on\nerror("e")')))`,
			`false	[string "local x = 1 -- a long first line that goes ..."]:2: e`},
		{`print(pcall(loadstring('error("e") -- a first line just long enough to be cut short by lua')))`,
			`false	[string "error("e") -- a first line just long enough..."]:1: e`},
		{`print(pcall(loadstring('\n error("e")')))`, `false	[string "..."]:2: e`},
		{`local f, err = loadstring('x=') print(f, (err:gsub(':1:.*', ':1:')))`, "nil\t[string \"x=\"]:1:"},
		{`local i, p = 0, {'x=1 ', 'error("e")'} print(pcall(load(function() i = i + 1 return p[i] end)))`, "false\t(load):1: e"},
		{`print(load(function() return {} end))`, "nil\treader function must return a string"},
		{`local f, err = load(function() error('in reader') end) print(f, err)`, "nil\ttest.lua:1: in reader"},
		{`print(pcall(load(function() return nil end)))`, "true"},
		{`print(loadfile('no/such.lua'))`, "nil\tcannot open no/such.lua: No such file or directory"},
		{`print(pcall(dofile, 'no/such.lua'))`, "false\tcannot open no/such.lua: No such file or directory"},
		{`print(loadfile(` + luaQuote(dir) + `))`, "nil\tcannot read " + dir + ": Is a directory"},
		{`print(pcall(dofile, ` + luaQuote(shebang) + `))`, "false\t" + shebang + ":2: e"},
		{`print(dofile(` + luaQuote(rets) + `))`, "1\t2"},
		{`print(loadfile(` + luaQuote(rets) + `)(3))`, "1\t2\t3"},
	}
	for _, c := range cases {
		r := runLua(t, 10*time.Second, c.code)
		if strings.TrimRight(r.Out, "\n") != c.want || r.Err != "" {
			t.Errorf("%s\n got %q (stderr %q)\nwant %q", c.code, r.Out, r.Err, c.want)
		}
	}
}

// TestRewrittenAssignmentKeepsLines: a runtime error inside a rewritten
// assignment still names the assignment's line.
func TestRewrittenAssignmentKeepsLines(t *testing.T) {
	r := runLua(t, 10*time.Second, "local t\nlocal a\n\na, t.x = 1, 2\n")
	mustContain(t, r.Err, "test.lua:4:")
	r = runLua(t, 10*time.Second, "local a, b\nlocal function f() error('in f') end\na, b =\n  1,\n  f()\n")
	mustContain(t, r.Err, "test.lua:2: in f")
	if _, err := Compile("a, b = 1, 2,", "x"); err == nil {
		t.Fatal("a syntax error compiled")
	}
}
