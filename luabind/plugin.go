package luabind

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	lua "github.com/yuin/gopher-lua"
)

// Command is a REPL dot-command (`.name args`). Run gets the text after
// the name and runs on the loop goroutine.
type Command struct {
	Name   string
	Help   string
	Run    func(args string) error
	Source string // the plugin file that added it, "" for built-ins
}

// AddCommand registers a dot-command; it fails if the name is taken.
func (rt *Runtime) AddCommand(c Command) error {
	c.Name = strings.TrimPrefix(c.Name, ".")
	if c.Name == "" || strings.ContainsAny(c.Name, " \t") {
		return fmt.Errorf("invalid command name %q", c.Name)
	}
	if slices.Contains(replCommands, c.Name) {
		return fmt.Errorf("command .%s is already taken by the REPL", c.Name)
	}
	for _, x := range rt.plug.commands {
		if x.Name == c.Name {
			from := "a built-in"
			if x.Source != "" {
				from = x.Source
			}
			return fmt.Errorf("command .%s is already taken (by %s)", c.Name, from)
		}
	}
	rt.plug.commands = append(rt.plug.commands, c)
	return nil
}

// Commands lists the added dot-commands, sorted by name.
func (rt *Runtime) Commands() []Command {
	out := append([]Command(nil), rt.plug.commands...)
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// PluginResult is the outcome of loading one plugin file.
type PluginResult struct {
	Path string
	Err  error // names the file and line; the plugin was skipped
}

// DefaultPluginDir is $XDG_CONFIG_HOME/netsh/plugins, or
// ~/.config/netsh/plugins when XDG_CONFIG_HOME is unset.
func DefaultPluginDir() string {
	base := os.Getenv("XDG_CONFIG_HOME")
	if base == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return ""
		}
		base = filepath.Join(home, ".config")
	}
	return filepath.Join(base, "netsh", "plugins")
}

// PluginFiles lists the plugins to load, in order: each --plugin file as
// given, then the *.lua files of each NETSH_PLUGIN_PATH folder
// (colon-separated), then those of configDir, each folder sorted by name.
// A file is listed once, at its first place.
func PluginFiles(flagFiles []string, pathEnv, configDir string) []string {
	var out []string
	seen := map[string]bool{}
	add := func(p string) {
		key := p
		if abs, err := filepath.Abs(p); err == nil {
			key = abs
		}
		if !seen[key] {
			seen[key] = true
			out = append(out, p)
		}
	}
	for _, f := range flagFiles {
		add(f)
	}
	dirs := filepath.SplitList(pathEnv)
	if configDir != "" {
		dirs = append(dirs, configDir)
	}
	for _, d := range dirs {
		if d == "" {
			continue
		}
		matches, _ := filepath.Glob(filepath.Join(d, "*.lua"))
		sort.Strings(matches)
		for _, m := range matches {
			add(m)
		}
	}
	return out
}

// LoadPlugins runs each plugin file with the `netsh` table available. A
// plugin that fails (syntax error, runtime error, a command name already
// taken) is reported in its result and skipped; the others still load.
// Loop goroutine only.
func (rt *Runtime) LoadPlugins(files []string) []PluginResult {
	var results []PluginResult
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			res := PluginResult{Path: f, Err: fmt.Errorf("plugin %s: cannot read: %v", f, err)}
			rt.plug.plugins = append(rt.plug.plugins, res)
			results = append(results, res)
			continue
		}
		results = append(results, rt.LoadPluginSource(f, string(src)))
	}
	return results
}

// LoadPluginSource runs one plugin given as source (netsh's own shipped
// plugins are embedded in the binary); name is how messages refer to it.
func (rt *Runtime) LoadPluginSource(name, src string) PluginResult {
	proto, err := Compile(src, name)
	return rt.LoadCompiledPlugin(name, proto, err)
}

// LoadCompiledPlugin runs a plugin compiled with Compile (compileErr is
// what Compile returned), with the same reporting as LoadPlugins.
func (rt *Runtime) LoadCompiledPlugin(name string, proto *lua.FunctionProto, compileErr error) PluginResult {
	res := PluginResult{Path: name}
	if compileErr != nil {
		res.Err = fmt.Errorf("plugin %s: %v", name, compileErr)
	} else {
		fn := rt.L.NewFunctionFromProto(proto)
		rt.plug.loading = name
		n := len(rt.plug.commands)
		L := rt.L
		// A failed plugin is skipped whole: what it added before failing
		// (commands, modules, new globals) is taken back.
		provided := make(map[string]bool, len(rt.mods.provided))
		for k := range rt.mods.provided {
			provided[k] = true
		}
		globals := map[lua.LValue]bool{}
		L.G.Global.ForEach(func(k, _ lua.LValue) { globals[k] = true })
		L.Push(fn)
		if err := pcallFromGo(L, 0, 0); err != nil {
			rt.plug.commands = rt.plug.commands[:n]
			for k := range rt.mods.provided {
				if !provided[k] {
					delete(rt.mods.provided, k)
				}
			}
			var added []lua.LValue
			L.G.Global.ForEach(func(k, _ lua.LValue) {
				if !globals[k] {
					added = append(added, k)
				}
			})
			for _, k := range added {
				L.G.Global.RawSet(k, lua.LNil)
			}
			res.Err = fmt.Errorf("plugin %s: %s", name, rt.errorText(err))
		}
		rt.plug.loading = ""
	}
	rt.plug.plugins = append(rt.plug.plugins, res)
	return res
}

// Plugins lists the plugins loaded so far with their outcome.
func (rt *Runtime) Plugins() []PluginResult { return append([]PluginResult(nil), rt.plug.plugins...) }

// errorText renders a Lua error as one message (no traceback).
func (rt *Runtime) errorText(err error) string {
	if ae, ok := err.(*lua.ApiError); ok {
		if t, ok := ae.Object.(*lua.LTable); ok && rt.isError(t) {
			msg := rt.errorString(t)
			if w, ok := t.RawGetString("__where").(lua.LString); ok {
				msg = string(w) + " " + msg
			}
			return msg
		}
		return rt.valueText(ae.Object)
	}
	return err.Error()
}

// openNetsh builds the `netsh` table plugins use: its version and the
// functions below, one per entry.
func openNetsh(rt *Runtime) (lua.LValue, error) {
	L := rt.L
	t := L.NewTable()
	t.RawSetString("version", lua.LString(Version))
	L.SetFuncs(t, map[string]lua.LGFunction{
		"command":         rt.netshCommand,
		"module":          rt.netshModule,
		"plugins":         rt.netshPlugins,
		"bufferFormatter": rt.netshBufferFormatter,
		"attach":          rt.netshAttach,
		"detach":          rt.netshDetach,
		"attached":        rt.netshAttached,
		"commands":        rt.netshCommands,
	})
	for name, fn := range rt.taskFunctions() {
		t.RawSetString(name, fn)
	}
	return t, nil
}

// netshCommand is netsh.command(name[, help], fn): a REPL dot-command
// that calls fn with the text after its name.
func (rt *Runtime) netshCommand(L *lua.LState) int {
	name := rt.CheckString(L, 1, "name")
	help := ""
	fnIdx := 2
	if s, ok := L.Get(2).(lua.LString); ok {
		help, fnIdx = string(s), 3
	}
	fn := rt.CheckFunction(L, fnIdx, "fn")
	c := Command{Name: name, Help: help, Source: rt.plug.loading}
	c.Run = func(args string) error {
		L := rt.L
		L.Push(fn)
		L.Push(lua.LString(args))
		if err := pcallFromGo(L, 1, 0); err != nil {
			return fmt.Errorf("%s", rt.errorText(err))
		}
		return nil
	}
	if err := rt.AddCommand(c); err != nil {
		L.RaiseError("%s", err.Error())
	}
	return 0
}

// netshModule is netsh.module(name, value): what require(name) returns,
// or a loader function that makes it.
func (rt *Runtime) netshModule(L *lua.LState) int {
	name := rt.CheckString(L, 1, "name")
	v := L.Get(2)
	if v == lua.LNil {
		rt.ArgTypeError(L, "value", "a value or a loader function", v)
	}
	rt.Provide(name, v)
	return 0
}

// netshPlugins is netsh.plugins(): {path, ok, error} for each plugin
// tried so far, failed ones included.
func (rt *Runtime) netshPlugins(L *lua.LState) int {
	out := L.NewTable()
	for _, p := range rt.plug.plugins {
		e := L.NewTable()
		e.RawSetString("path", lua.LString(p.Path))
		e.RawSetString("ok", lua.LBool(p.Err == nil))
		if p.Err != nil {
			e.RawSetString("error", lua.LString(p.Err.Error()))
		}
		out.Append(e)
	}
	L.Push(out)
	return 1
}

// netshBufferFormatter is bufferFormatter(fn|nil): console output shows
// Buffers as fn(buf) returns (the hexdump plugin's `.hexdump on`).
func (rt *Runtime) netshBufferFormatter(L *lua.LState) int {
	rt.console.bufFormatter = rt.OptFunction(L, 1, "fn")
	return 0
}

// netshCommands is commands(): each dot-command's name mapped to its help.
func (rt *Runtime) netshCommands(L *lua.LState) int {
	out := L.NewTable()
	for _, c := range rt.Commands() {
		out.RawSetString(c.Name, lua.LString(c.Help))
	}
	L.Push(out)
	return 1
}

func init() {
	Register(Module{Name: "netsh", Open: openNetsh})
}

// DeferPlugin registers a plugin that loads on first use of one of the
// globals or modules it provides, instead of now: compiling Lua is most of
// netsh's start-up, and a script rarely uses what the shipped plugins add.
// A plugin that then fails is reported on the Printer's error stream and
// the use raises an error naming it. Loop goroutine only.
func (rt *Runtime) DeferPlugin(name, src string, globals, modules []string) {
	L := rt.L
	var res *PluginResult
	load := func(L *lua.LState, what string) {
		if res == nil {
			r := rt.LoadPluginSource(name, src)
			res = &r
			if r.Err != nil {
				rt.console.out.Err(fmt.Sprintf("netsh: %v (skipped)\n", r.Err))
			}
		}
		if res.Err != nil {
			L.RaiseError("%s is not available: %v", what, res.Err)
		}
	}
	for _, g := range globals {
		g := g
		var stub *lua.LFunction
		stub = L.NewFunction(func(L *lua.LState) int {
			load(L, g)
			real := L.GetGlobal(g)
			if real == stub {
				L.RaiseError("plugin %s did not define %s", name, g)
			}
			L.Insert(real, 1)
			L.Call(L.GetTop()-1, lua.MultRet)
			return L.GetTop()
		})
		L.SetGlobal(g, stub)
	}
	for _, m := range modules {
		m := m
		rt.Provide(m, L.NewFunction(func(L *lua.LState) int {
			load(L, "module "+m)
			v, err := rt.Require(m) // the plugin provided the real one
			if err != nil {
				L.RaiseError("%v", err)
			}
			L.Push(v)
			return 1
		}))
	}
}
