package luabind

import (
	"os"
	"path/filepath"
	"strings"

	lua "github.com/yuin/gopher-lua"
)

// setScriptDir sets the folder require searches first: the running
// script's own (RunFile sets it; the REPL and -e use the working directory).
func (rt *Runtime) setScriptDir(dir string) { rt.proc.scriptDir = dir }

// requireDirs is where Lua modules are looked for, in order: the script's
// folder, ./lua_modules/, then each folder of NETSH_PATH. Lua's own
// package.path searcher runs after these.
func (rt *Runtime) requireDirs() []string {
	dirs := []string{}
	if rt.proc.scriptDir != "" {
		dirs = append(dirs, rt.proc.scriptDir)
	} else {
		dirs = append(dirs, ".")
	}
	dirs = append(dirs, "lua_modules")
	for _, d := range filepath.SplitList(os.Getenv("NETSH_PATH")) {
		if d != "" {
			dirs = append(dirs, d)
		}
	}
	return dirs
}

// fileSearcher is a package.loaders entry: it finds NAME.lua or
// NAME/init.lua in requireDirs, then along package.path, and otherwise
// names every file it tried, so require's error lists every place it looked.
func (rt *Runtime) fileSearcher(L *lua.LState) int {
	name := L.CheckString(1)
	rel := strings.ReplaceAll(name, ".", string(filepath.Separator))
	var cands []string
	for _, dir := range rt.requireDirs() {
		cands = append(cands, filepath.Join(dir, rel+".lua"), filepath.Join(dir, rel, "init.lua"))
	}
	if pkg, ok := L.GetGlobal("package").(*lua.LTable); ok {
		if path, ok := pkg.RawGetString("path").(lua.LString); ok {
			for _, tmpl := range strings.Split(string(path), ";") {
				if tmpl != "" {
					cands = append(cands, strings.ReplaceAll(tmpl, "?", rel))
				}
			}
		}
	}
	tried := make([]string, 0, len(cands))
	for _, cand := range cands {
		if st, err := os.Stat(cand); err == nil && !st.IsDir() {
			fn, err := loadModuleFile(L, cand)
			if err != nil {
				L.RaiseError("error loading module '%s' from file '%s':\n\t%s", name, cand, err.Error())
			}
			L.Push(fn)
			return 1
		}
		tried = append(tried, "no file '"+cand+"'")
	}
	L.Push(lua.LString(strings.Join(tried, "\n\t")))
	return 1
}
