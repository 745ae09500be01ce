package luabind

import (
	lua "github.com/yuin/gopher-lua"
	luar "layeh.com/gopher-luar"
)

// RegisterGo registers a module whose value is a plain Go value (a struct
// pointer with methods, a map of funcs, ...) exposed through gopher-luar, so
// an embedder writes no binding code: require(name) returns it, methods are
// callable as obj:doThing(x) (luar's lower-camel names, or the Go name), and
// a non-nil error returned last is raised as a Lua Error. Reflection costs
// about 8x a hand-written binding per call: keep it off hot paths.
func RegisterGo(name string, v any) {
	Register(Module{Name: name, Open: func(rt *Runtime) (lua.LValue, error) { return rt.GoValue(v), nil }})
}

// GoValue converts v with gopher-luar and wraps it so that Go errors become
// Lua errors. Loop goroutine only.
func (rt *Runtime) GoValue(v any) lua.LValue {
	L := rt.L
	inner := luar.New(L, v)
	if _, ok := inner.(*lua.LUserData); !ok {
		if fn, ok := inner.(*lua.LFunction); ok {
			return rt.raiseGoErrors(fn, nil, nil)
		}
		return inner
	}
	proxy := L.NewUserData()
	proxy.Value = v
	mt := L.NewTable()
	cache := map[string]lua.LValue{}
	mt.RawSetString("__index", L.NewFunction(func(L *lua.LState) int {
		key := L.Get(2)
		if ks, ok := key.(lua.LString); ok {
			if f, ok := cache[string(ks)]; ok {
				L.Push(f)
				return 1
			}
		}
		val := L.GetTable(inner, key)
		if fn, ok := val.(*lua.LFunction); ok {
			w := rt.raiseGoErrors(fn, proxy, inner)
			if ks, ok := key.(lua.LString); ok {
				cache[string(ks)] = w
			}
			val = w
		}
		L.Push(val)
		return 1
	}))
	mt.RawSetString("__newindex", L.NewFunction(func(L *lua.LState) int {
		L.SetTable(inner, L.Get(2), L.Get(3))
		return 0
	}))
	mt.RawSetString("__tostring", L.NewFunction(func(L *lua.LState) int {
		L.Push(L.ToStringMeta(inner))
		return 1
	}))
	proxy.Metatable = mt
	return proxy
}

// raiseGoErrors wraps a luar function: the proxy as receiver is swapped
// for luar's own userdata, and an error value returned last is raised.
func (rt *Runtime) raiseGoErrors(fn *lua.LFunction, proxy, inner lua.LValue) *lua.LFunction {
	return rt.L.NewFunction(func(L *lua.LState) int {
		if proxy != nil && L.GetTop() >= 1 && L.Get(1) == proxy {
			L.Replace(1, inner)
		}
		base := L.GetTop()
		L.Insert(fn, 1)
		L.Call(base, lua.MultRet)
		n := L.GetTop()
		if n > 0 {
			if ud, ok := L.Get(n).(*lua.LUserData); ok {
				if err, ok := ud.Value.(error); ok && err != nil {
					rt.ThrowCode(L, "Error", "", err.Error())
				}
			}
			// A nil error returned last is dropped: Lua sees (value) as a
			// Lua function would return it. Trailing nils are invisible
			// to Lua code anyway, except to select('#').
			if n >= 2 && L.Get(n) == lua.LNil {
				L.Pop(1)
				n--
			}
		}
		return n
	})
}
