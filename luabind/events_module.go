package luabind

import (
	lua "github.com/yuin/gopher-lua"
)

// openEvents builds the EventEmitter class for Lua: instances are tables,
// so Lua code can subclass it (EventEmitter:extend(), or setmetatable with
// __index), and the methods are the same Go functions sockets use.
func openEvents(rt *Runtime) (lua.LValue, error) {
	L := rt.L
	cls := L.NewTable()
	cls.RawSetString("__index", cls)
	cls.RawSetString("name", lua.LString("EventEmitter"))
	for name, fn := range emitterMethods(rt) {
		cls.RawSetString(name, L.NewFunction(fn))
	}
	// newFor makes a class's constructor: Class.new(...), Class:new(...)
	// and Class(...) all build an instance of that class and pass the
	// arguments to its initialize, if it has one.
	newFor := func(c *lua.LTable) *lua.LFunction {
		return L.NewFunction(func(L *lua.LState) int {
			first, top := 1, L.GetTop()
			if t, ok := L.Get(1).(*lua.LTable); ok && t == c {
				first = 2 // Class:new(...) or Class(...)
			}
			obj := L.NewTable()
			L.SetMetatable(obj, c)
			if init, ok := L.GetField(c, "initialize").(*lua.LFunction); ok {
				L.Push(init)
				L.Push(obj)
				for i := first; i <= top; i++ {
					L.Push(L.Get(i))
				}
				L.Call(top-first+2, 0)
			}
			L.Push(obj)
			return 1
		})
	}
	newFn := newFor(cls)
	cls.RawSetString("new", newFn)
	cls.RawSetString("extend", L.NewFunction(func(L *lua.LState) int {
		parent, ok := L.Get(1).(*lua.LTable)
		if !ok {
			parent = cls
		}
		child := L.NewTable()
		child.RawSetString("__index", child)
		childNew := newFor(child)
		child.RawSetString("new", childNew)
		child.RawSetString("extend", L.GetField(cls, "extend"))
		meta := L.NewTable()
		meta.RawSetString("__index", parent)
		meta.RawSetString("__call", childNew)
		L.SetMetatable(child, meta)
		L.Push(child)
		return 1
	}))
	cls.RawSetString("EventEmitter", cls)
	cls.RawSetString("defaultMaxListeners", lua.LNumber(10))
	meta := L.NewTable()
	meta.RawSetString("__call", newFn)
	L.SetMetatable(cls, meta)
	return cls, nil
}

func init() { Register(Module{Name: "events", Open: openEvents}) }
