package luabind

import (
	"fmt"
	"sort"
	"strings"
	"sync"

	lua "github.com/yuin/gopher-lua"
)

// Module is something require() can return: a name and the function that
// builds its value. Built-in modules register through exactly this type, so
// a Go program embedding netsh adds its own the same way.
type Module struct {
	// Name is what require takes ("net"); "node:net" reaches it too.
	Name string
	// Open builds the module's value. It runs once per Runtime, on the loop
	// goroutine, on the first require; the value is then cached.
	Open func(rt *Runtime) (lua.LValue, error)
}

var (
	registryMu sync.RWMutex
	registry   = map[string]Module{}
)

// Register adds m to the process-wide module registry. Call it from init()
// or before New; Runtimes created earlier do not see it. It panics on an
// empty or duplicate name or a nil Open, since those are programming errors.
func Register(m Module) {
	if m.Name == "" || m.Open == nil {
		panic("luabind: Register needs a Name and an Open function")
	}
	name := strings.TrimPrefix(m.Name, "node:")
	registryMu.Lock()
	defer registryMu.Unlock()
	if _, dup := registry[name]; dup {
		panic("luabind: module " + name + " registered twice")
	}
	m.Name = name
	registry[name] = m
}

// Modules lists the registered module names, sorted.
func Modules() []string {
	registryMu.RLock()
	defer registryMu.RUnlock()
	out := make([]string, 0, len(registry))
	for n := range registry {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

func lookupModule(name string) (Module, bool) {
	registryMu.RLock()
	defer registryMu.RUnlock()
	m, ok := registry[strings.TrimPrefix(name, "node:")]
	return m, ok
}

// Require returns the value of a registered or provided module, opening it
// on first use. Loop goroutine only.
func (rt *Runtime) Require(name string) (lua.LValue, error) {
	name = strings.TrimPrefix(name, "node:")
	if v, ok := rt.mods.loaded[name]; ok {
		return v, nil
	}
	if v, ok := rt.mods.provided[name]; ok {
		// A function given to netsh.module is a loader: run once, cache.
		if fn, ok := v.(*lua.LFunction); ok {
			L := rt.L
			L.Push(fn)
			L.Push(lua.LString(name))
			if err := pcallFromGo(L, 1, 1); err != nil {
				return nil, err
			}
			v = L.Get(-1)
			L.Pop(1)
			if v == lua.LNil {
				v = lua.LTrue
			}
		}
		rt.mods.loaded[name] = v
		return v, nil
	}
	m, ok := lookupModule(name)
	if !ok {
		return nil, fmt.Errorf("module '%s' not found", name)
	}
	v, err := m.Open(rt)
	if err != nil {
		return nil, fmt.Errorf("module '%s': %w", name, err)
	}
	rt.mods.loaded[name] = v
	return v, nil
}

// Provide makes require(name) return v in this Runtime only (what a Lua
// plugin's netsh.module uses); a function is a loader, called once on the
// first require. Loop goroutine only.
func (rt *Runtime) Provide(name string, v lua.LValue) {
	name = strings.TrimPrefix(name, "node:")
	rt.mods.provided[name] = v
	if _, was := rt.mods.loaded[name]; !was {
		// Not loaded yet, or being loaded right now (require has put its
		// loop-detection mark in package.loaded): leave that alone.
		return
	}
	delete(rt.mods.loaded, name)
	if pkg, ok := rt.L.GetGlobal("package").(*lua.LTable); ok {
		if loaded, ok := pkg.RawGetString("loaded").(*lua.LTable); ok {
			loaded.RawSetString(name, lua.LNil)
		}
	}
}

// installRequire puts a searcher in front of Lua's own, so registered
// modules (and their node: aliases) load through Require, and Lua modules on
// package.path still load as usual.
func (rt *Runtime) installRequire() {
	L := rt.L
	pkg, ok := L.GetGlobal("package").(*lua.LTable)
	if !ok {
		return
	}
	loaders, ok := pkg.RawGetString("loaders").(*lua.LTable)
	if !ok {
		return
	}
	searcher := L.NewFunction(func(L *lua.LState) int {
		name := L.CheckString(1)
		bare := strings.TrimPrefix(name, "node:")
		_, registered := lookupModule(bare)
		_, provided := rt.mods.provided[bare]
		if !registered && !provided {
			L.Push(lua.LString("no built-in module '" + bare + "'"))
			return 1
		}
		L.Push(L.NewFunction(func(L *lua.LState) int {
			v, err := rt.Require(bare)
			if err != nil {
				L.RaiseError("%s", err.Error())
			}
			L.Push(v)
			return 1
		}))
		return 1
	})
	// After the preload searcher (index 1), so package.preload still wins:
	// built-in and provided modules, then files in the script's folder,
	// ./lua_modules, NETSH_PATH and package.path. The file searcher replaces
	// gopher-lua's own (index 2), whose failures read as raw stat errors.
	loaders.RawSetInt(2, searcher)
	loaders.RawSetInt(3, L.NewFunction(rt.fileSearcher))
}
