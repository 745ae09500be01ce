package main

import (
	"embed"
	"fmt"
	"io"
	"io/fs"
	"os"
	"sort"

	"github.com/netsh/netsh/luabind"
	lua "github.com/yuin/gopher-lua"
)

// shippedPlugins are netsh's own plugins, built from the same pieces a
// user's are, and carried in the binary so they work from any directory.
//
//go:embed scripts/plugins/*.lua
var shippedPlugins embed.FS

// pluginOpts is what the command line says about plugins.
type pluginOpts struct {
	files []string // --plugin FILE, in order
	none  bool     // --no-plugins
	lazy  bool     // script mode: netsh's own plugins load on first use
}

// shippedProvides is what each shipped plugin gives a script. Their
// dot-commands exist only in the REPL, so a script needs a plugin only when
// it touches one of these, and netsh loads it then (start-up is mostly
// compiling Lua).
var shippedProvides = map[string]struct{ globals, modules []string }{
	"scripts/plugins/hexdump.lua": {globals: []string{"hexdump"}, modules: []string{"hexdump"}},
	"scripts/plugins/lines.lua":   {modules: []string{"lines"}},
	"scripts/plugins/ncat.lua":    {},
}

// newRuntime builds a runtime and loads the plugins into it: the shipped
// ones, each --plugin file, NETSH_PLUGIN_PATH's, then the config folder's.
// A plugin that fails is reported on stderr and skipped.
func newRuntime(opts luabind.Options, po pluginOpts, stderr io.Writer) (*luabind.Runtime, error) {
	var shipped []chan compiled
	if !po.none && !po.lazy {
		// Compiling Lua is most of what plugins cost at start-up; it needs no
		// Lua state, so it overlaps with building one.
		names, _ := fs.Glob(shippedPlugins, "scripts/plugins/*.lua")
		sort.Strings(names)
		for _, n := range names {
			ch := make(chan compiled, 1)
			shipped = append(shipped, ch)
			go func(n string) {
				name := "netsh:" + n[len("scripts/"):]
				src, err := shippedPlugins.ReadFile(n)
				if err != nil {
					ch <- compiled{name: name, err: err}
					return
				}
				proto, err := luabind.Compile(string(src), name)
				ch <- compiled{name, proto, err}
			}(n)
		}
	}
	rt, err := luabind.New(opts)
	if err != nil {
		return nil, err
	}
	if po.none {
		return rt, nil
	}
	var results []luabind.PluginResult
	if po.lazy {
		names, _ := fs.Glob(shippedPlugins, "scripts/plugins/*.lua")
		sort.Strings(names)
		for _, n := range names {
			src, err := shippedPlugins.ReadFile(n)
			if err != nil {
				continue
			}
			p := shippedProvides[n]
			rt.DeferPlugin("netsh:"+n[len("scripts/"):], string(src), p.globals, p.modules)
		}
	}
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

// compiled is a plugin compiled off the loop goroutine.
type compiled struct {
	name  string
	proto *lua.FunctionProto
	err   error
}
