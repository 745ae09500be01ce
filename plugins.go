package main

import (
	"embed"
	"fmt"
	"io"
	"io/fs"
	"os"
	"sort"

	"github.com/netsh/netsh/luabind"
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
}

// newRuntime builds a runtime and loads the plugins into it: the shipped
// ones, each --plugin file, NETSH_PLUGIN_PATH's, then the config folder's.
// A plugin that fails is reported on stderr and skipped.
func newRuntime(opts luabind.Options, po pluginOpts, stderr io.Writer) (*luabind.Runtime, error) {
	rt, err := luabind.New(opts)
	if err != nil {
		return nil, err
	}
	if po.none {
		return rt, nil
	}
	var results []luabind.PluginResult
	names, _ := fs.Glob(shippedPlugins, "scripts/plugins/*.lua")
	sort.Strings(names)
	for _, n := range names {
		src, err := shippedPlugins.ReadFile(n)
		if err != nil {
			continue
		}
		results = append(results, rt.LoadPluginSource("netsh:"+n[len("scripts/"):], string(src)))
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
