package luabind

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func writeFile(t *testing.T, path, body string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestPluginFilesOrder(t *testing.T) {
	dir := t.TempDir()
	a, b, cfg := filepath.Join(dir, "a"), filepath.Join(dir, "b"), filepath.Join(dir, "cfg")
	for _, p := range []string{"a/z.lua", "a/m.lua", "a/notes.txt", "b/a.lua", "cfg/c.lua", "flag.lua"} {
		writeFile(t, filepath.Join(dir, p), "")
	}
	flag := filepath.Join(dir, "flag.lua")
	got := PluginFiles([]string{flag}, a+string(os.PathListSeparator)+b, cfg)
	want := []string{flag, filepath.Join(a, "m.lua"), filepath.Join(a, "z.lua"), filepath.Join(b, "a.lua"), filepath.Join(cfg, "c.lua")}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("order:\n got %v\nwant %v", got, want)
	}
	// A file named twice loads once, at its first place.
	if got := PluginFiles([]string{filepath.Join(a, "m.lua")}, a, ""); len(got) != 2 {
		t.Fatalf("duplicate listed: %v", got)
	}
}

func TestDefaultPluginDir(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", "/x/cfg")
	if got := DefaultPluginDir(); got != "/x/cfg/netsh/plugins" {
		t.Fatalf("got %s", got)
	}
	t.Setenv("XDG_CONFIG_HOME", "")
	t.Setenv("HOME", "/home/u")
	if got := DefaultPluginDir(); got != "/home/u/.config/netsh/plugins" {
		t.Fatalf("got %s", got)
	}
}

func TestLoadPluginsSkipsBrokenOnes(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.lua")
	syntax := filepath.Join(dir, "syntax.lua")
	runtimeErr := filepath.Join(dir, "runtime.lua")
	dup := filepath.Join(dir, "dup.lua")
	writeFile(t, good, `netsh.command('hello', 'say hello', function(args) print('hello ' .. args) end)
netsh.module('greeting', { text = 'hi' })
netsh.module('lazy', function(name) print('loading ' .. name); return { n = 1 } end)`)
	writeFile(t, syntax, "netsh.command('x', 'y', function() end\n")
	writeFile(t, runtimeErr, "local x = nil\nnetsh.command('half', '', function() end)\nnetsh.module('halfmod', 1); HALF = true\nx.boom = 1\n")
	writeFile(t, dup, "netsh.command('hello', 'again', function() end)\n")
	r := runLuaSetup(t, shortLimit, func(rt *Runtime) {
		res := rt.LoadPlugins([]string{good, syntax, runtimeErr, dup})
		if res[0].Err != nil {
			t.Fatalf("good plugin failed: %v", res[0].Err)
		}
		for i, want := range []string{syntax + ":2:", runtimeErr + ":4:", "command .hello is already taken (by " + good + ")"} {
			e := res[i+1].Err
			if e == nil || !strings.Contains(e.Error(), want) {
				t.Fatalf("plugin %d: error %v, want it to contain %q", i+1, e, want)
			}
		}
		cmds := rt.Commands()
		if len(cmds) != 1 || cmds[0].Name != "hello" || cmds[0].Help != "say hello" || cmds[0].Source != good {
			t.Fatalf("commands after loading: %+v (a failed plugin must add none)", cmds)
		}
		if err := cmds[0].Run("world"); err != nil {
			t.Fatal(err)
		}
		if err := rt.AddCommand(Command{Name: "help"}); err == nil {
			t.Fatal("a plugin could take .help")
		}
	}, `
print(require('greeting').text)
print(require('lazy').n, require('lazy').n)
print('half', HALF, pcall(require, 'halfmod'))
local ps = netsh.plugins()
print(#ps, ps[1].ok, ps[2].ok, netsh.version ~= nil)`).wantCode(t, 0)
	mustContain(t, r.Out, "hello world", "hi", "loading lazy\n1\t1", "half\tnil\tfalse", "4\ttrue\tfalse\ttrue")
}

func TestRequireSearchOrder(t *testing.T) {
	dir := t.TempDir()
	script := filepath.Join(dir, "app", "main.lua")
	writeFile(t, script, `
print(require('both').from)
print(require('onlymods').from)
print(require('onlypath').from)
print(require('pkg.sub').from)
print(require('both') == require('both'))
local ok, err = pcall(require, 'missing_mod')
print(err)`)
	writeFile(t, filepath.Join(dir, "app", "both.lua"), "return { from = 'script dir' }")
	writeFile(t, filepath.Join(dir, "lua_modules", "both.lua"), "return { from = 'lua_modules' }")
	writeFile(t, filepath.Join(dir, "lua_modules", "onlymods.lua"), "return { from = 'lua_modules' }")
	writeFile(t, filepath.Join(dir, "np", "onlypath.lua"), "return { from = 'NETSH_PATH' }")
	writeFile(t, filepath.Join(dir, "np", "pkg", "sub", "init.lua"), "return { from = 'init.lua' }")
	t.Setenv("NETSH_PATH", filepath.Join(dir, "np"))
	old, _ := os.Getwd()
	if err := os.Chdir(dir); err != nil {
		t.Fatal(err)
	}
	defer os.Chdir(old)
	r := runScript(t, shortLimit, luaScript{file: script}).wantCode(t, 0)
	mustContain(t, r.Out, "script dir\nlua_modules\nNETSH_PATH\ninit.lua\ntrue\n",
		"module missing_mod not found:\n\tno field package.preload['missing_mod']\n\tno built-in module 'missing_mod'\n\tno file",
		"no file '"+filepath.Join(dir, "app", "missing_mod.lua")+"'",
		"no file '"+filepath.Join("lua_modules", "missing_mod.lua")+"'",
		"no file '"+filepath.Join(dir, "np", "missing_mod.lua")+"'",
		"no built-in module 'missing_mod'")
}

// A deferred plugin loads on first use of what it provides, once.
func TestDeferPlugin(t *testing.T) {
	r := runLuaSetup(t, shortLimit, func(rt *Runtime) {
		rt.DeferPlugin("lazy.lua", `
loads = (loads or 0) + 1
function shout(s) return string.upper(s) end
netsh.module('lazymod', { n = 7 })`, []string{"shout"}, []string{"lazymod"})
		rt.DeferPlugin("broken.lua", "this is not lua", []string{"broken"}, nil)
	}, `
print('before', loads)
print(shout('hi'), loads)
print(require('lazymod').n, require('lazymod') == require('lazymod'), loads)
print(pcall(broken))`).wantCode(t, 0)
	mustContain(t, r.Out, "before\tnil", "HI\t1", "7\ttrue\t1", "false", "broken is not available", "broken.lua:1:")
}

// The netsh table's REPL hooks, their results and their argument errors.
func TestNetshTableHooks(t *testing.T) {
	var out syncBuffer
	rt := newRuntime(t, &out, &out, "netsh")
	defer rt.Close()
	code, err := rt.RunString(`
local function try(f, ...) local ok, e = pcall(f, ...); print(ok, type(e) == 'table' and e.code or e) end
try(netsh.attach, 42)
try(netsh.bufferFormatter, 'x')
try(netsh.command, 'x', 'help', 5)
try(netsh.module, 'm')
print('attached', netsh.attached())
netsh.attach(function(line) print('got line', line) end, 'peer> ')
print('attached', netsh.attached())
netsh.command('hi', 'says hi', function() end)
print('help', netsh.commands().hi)
netsh.bufferFormatter(function(b) return '<' .. #b .. ' bytes>' end)
console.log(Buffer.from('abc'))
netsh.bufferFormatter(nil)
console.log(Buffer.from('abc'))`, "t.lua")
	if err != nil || code != 0 {
		t.Fatalf("%v %d\n%s", err, code, out.String())
	}
	if p, ok := rt.LinePrompt(); !ok || p != "peer> " {
		t.Fatalf("LinePrompt = %q, %v", p, ok)
	}
	rt.HandleLine("hello")
	rt.console.out.Flush()
	mustContain(t, out.String(), "false\tERR_INVALID_ARG_TYPE\nfalse\tERR_INVALID_ARG_TYPE\nfalse\tERR_INVALID_ARG_TYPE\nfalse\tERR_INVALID_ARG_TYPE\n",
		"attached\tfalse\nattached\ttrue\n", "help\tsays hi", "<3 bytes>", "<Buffer 61 62 63>", "got line\thello")
	fn, _ := rt.Load("return netsh.detach(), netsh.detach(), netsh.attached()", "d")
	v, _ := rt.Eval(fn)
	if len(v) != 3 || v[0].String() != "true" || v[1].String() != "false" || v[2].String() != "false" {
		t.Fatalf("detach/detach/attached = %v", v)
	}
}
