package cli

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"sort"

	lua "github.com/yuin/gopher-lua"

	"github.com/netsh/netsh/luabind"
)

// pluginOpts is what the command line says about plugins.
type pluginOpts struct {
	shipped fs.FS    // netsh's own plugins, *.lua at the root
	files   []string // --plugin FILE, in order
	none    bool     // --no-plugins
	lazy    bool     // script mode: netsh's own plugins load on first use
}

// shippedProvides is what each shipped plugin gives a script. Their
// dot-commands exist only in the REPL, so a script needs a plugin only when
// it touches one of these, and netsh loads it then (start-up is mostly
// compiling Lua).
var shippedProvides = map[string]struct{ globals, modules []string }{
	"hexdump.lua": {globals: []string{"hexdump"}, modules: []string{"hexdump"}},
	"lines.lua":   {modules: []string{"lines"}},
	"ncat.lua":    {},
}

// shippedName is the name a shipped plugin is known by in messages and
// .plugins: where it lives in the repository, marked as carried by netsh.
func shippedName(file string) string { return "netsh:plugins/" + file }

// shippedFiles lists the shipped plugins in load order.
func shippedFiles(shipped fs.FS) []string {
	if shipped == nil {
		return nil
	}
	names, _ := fs.Glob(shipped, "*.lua")
	sort.Strings(names)
	return names
}

// newRuntime builds a runtime and loads the plugins into it: the shipped
// ones, each --plugin file, NETSH_PLUGIN_PATH's, then the config folder's.
// A plugin that fails is reported on stderr and skipped.
func newRuntime(opts luabind.Options, po pluginOpts, stderr io.Writer) (*luabind.Runtime, error) {
	var shipped []chan compiled
	if !po.none && !po.lazy {
		shipped = compileShipped(po.shipped)
	}
	rt, err := luabind.New(opts)
	if err != nil {
		return nil, err
	}
	if po.none {
		return rt, nil
	}
	if po.lazy {
		deferShipped(rt, po.shipped)
	}
	var results []luabind.PluginResult
	for _, ch := range shipped {
		c := <-ch
		results = append(results, rt.LoadCompiledPlugin(c.name, c.proto, c.err))
	}
	files := luabind.PluginFiles(po.files, os.Getenv("NETSH_PLUGIN_PATH"), luabind.DefaultPluginDir())
	results = append(results, rt.LoadPlugins(files)...)
	for _, r := range results {
		if r.Err != nil {
			fmt.Fprintf(stderr, "netsh: %v (skipped)\n", r.Err)
		}
	}
	return rt, nil
}

// compileShipped compiles each shipped plugin on its own goroutine.
// Compiling Lua is most of what plugins cost at start-up; it needs no Lua
// state, so it overlaps with building one. The channels are in load order.
func compileShipped(shipped fs.FS) []chan compiled {
	var out []chan compiled
	for _, n := range shippedFiles(shipped) {
		ch := make(chan compiled, 1)
		out = append(out, ch)
		go func(n string) {
			name := shippedName(n)
			src, err := fs.ReadFile(shipped, n)
			if err != nil {
				ch <- compiled{name: name, err: err}
				return
			}
			proto, err := luabind.Compile(string(src), name)
			ch <- compiled{name, proto, err}
		}(n)
	}
	return out
}

// deferShipped registers each shipped plugin to load when a script first
// touches what it provides.
func deferShipped(rt *luabind.Runtime, shipped fs.FS) {
	for _, n := range shippedFiles(shipped) {
		src, err := fs.ReadFile(shipped, n)
		if err != nil {
			continue
		}
		p := shippedProvides[n]
		rt.DeferPlugin(shippedName(n), string(src), p.globals, p.modules)
	}
}

// compiled is a plugin compiled off the loop goroutine.
type compiled struct {
	name  string
	proto *lua.FunctionProto
	err   error
}
