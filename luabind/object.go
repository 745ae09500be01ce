package luabind

import (
	lua "github.com/yuin/gopher-lua"
)

// Class describes a userdata type seen from Lua: methods, live properties
// (a plain field read is always current) and extra metamethods. A Class is
// static Go data; each Runtime builds its metatable once, on first use.
type Class struct {
	Name    string
	Methods map[string]Method
	// Getters answer property reads (`sock.remotePort`) from Go state.
	Getters map[string]func(rt *Runtime, self Object) lua.LValue
	// Setters handle property writes (`server.maxConnections = 5`).
	Setters map[string]func(rt *Runtime, L *lua.LState, self Object, v lua.LValue)
	// Index, if set, answers keys that are not methods or properties
	// (Buffer's numeric indices); it reports whether it handled the key.
	Index func(rt *Runtime, L *lua.LState, self Object, key lua.LValue) (lua.LValue, bool)
	// NewIndex, if set, handles writes that are not properties; it reports
	// whether it handled the key.
	NewIndex func(rt *Runtime, L *lua.LState, self Object, key, v lua.LValue) bool
	// Meta holds extra metamethods (__len, __tostring, __concat, __eq).
	Meta map[string]lua.LGFunction
	// Emitter adds the EventEmitter methods (on, once, emit, ...).
	Emitter bool
	// Waiting are methods that may wait in a task (sock:receive): they
	// are wrapped so that a wait that fails raises its error.
	Waiting map[string]Method
}

// Method is a Lua-callable method of a Class; rt is the Runtime that owns L.
type Method func(rt *Runtime, L *lua.LState) int

// Object is a Go value exposed to Lua as userdata. Types embed Base.
type Object interface{ base() *Base }

// Base is what every userdata-backed object carries: its Lua userdata (so
// every callback sees the same Lua value), fields users set on it, and
// its event listeners.
type Base struct {
	UD     *lua.LUserData
	class  *Class
	fields *lua.LTable
	em     Emitter
}

func (b *Base) base() *Base { return b }

// Emitter returns the object's listener lists.
func (b *Base) Emitter() *Emitter { return &b.em }

// classRT is a Class instantiated in one Runtime.
type classRT struct {
	c       *Class
	mt      *lua.LTable
	methods map[string]lua.LValue
}

func (rt *Runtime) classOf(c *Class) *classRT {
	if cr, ok := rt.classes[c]; ok {
		return cr
	}
	L := rt.L
	cr := &classRT{c: c, mt: L.NewTable(), methods: make(map[string]lua.LValue)}
	if c.Emitter {
		for name, fn := range emitterMethods(rt) {
			cr.methods[name] = L.NewFunction(fn)
		}
	}
	for name, fn := range c.Methods {
		fn := fn
		cr.methods[name] = L.NewFunction(func(L *lua.LState) int { return fn(rt, L) })
	}
	for name, fn := range c.Waiting {
		fn := fn
		cr.methods[name] = rt.waiting(func(L *lua.LState) int { return fn(rt, L) })
	}
	// `end` is a Lua keyword: `_end` is the contract's spelling of it.
	if f, ok := cr.methods["end"]; ok {
		cr.methods["_end"] = f
	}
	cr.mt.RawSetString("__index", L.NewFunction(func(L *lua.LState) int { return rt.index(L, cr) }))
	cr.mt.RawSetString("__newindex", L.NewFunction(func(L *lua.LState) int { return rt.newindex(L, cr) }))
	cr.mt.RawSetString("__name", lua.LString(c.Name))
	for name, fn := range c.Meta {
		cr.mt.RawSetString(name, L.NewFunction(fn))
	}
	if _, ok := c.Meta["__tostring"]; !ok {
		name := c.Name
		cr.mt.RawSetString("__tostring", L.NewFunction(func(L *lua.LState) int {
			L.Push(lua.LString(name))
			return 1
		}))
	}
	rt.classes[c] = cr
	return cr
}

// Methods returns the method table of a class in this runtime, for the
// REPL's completion.
func (rt *Runtime) Methods(c *Class) map[string]lua.LValue { return rt.classOf(c).methods }

// ClassOf returns the Class of a userdata made by NewObject, or nil.
func ClassOf(v lua.LValue) *Class {
	if ud, ok := v.(*lua.LUserData); ok {
		if o, ok := ud.Value.(Object); ok {
			return o.base().class
		}
	}
	return nil
}

// NewObject wraps o in a userdata of class c and returns it; o's Base is
// filled in. Loop goroutine only.
func (rt *Runtime) NewObject(c *Class, o Object) *lua.LUserData {
	cr := rt.classOf(c)
	ud := rt.L.NewUserData()
	ud.Value = o
	ud.Metatable = cr.mt
	b := o.base()
	b.UD = ud
	b.class = c
	return ud
}

func (rt *Runtime) index(L *lua.LState, cr *classRT) int {
	ud, ok := L.Get(1).(*lua.LUserData)
	if !ok {
		L.Push(lua.LNil)
		return 1
	}
	o := ud.Value.(Object)
	key := L.Get(2)
	if ks, ok := key.(lua.LString); ok {
		if m, ok := cr.methods[string(ks)]; ok {
			L.Push(m)
			return 1
		}
		if g, ok := cr.c.Getters[string(ks)]; ok {
			L.Push(g(rt, o))
			return 1
		}
	}
	if cr.c.Index != nil {
		if v, ok := cr.c.Index(rt, L, o, key); ok {
			L.Push(v)
			return 1
		}
	}
	if f := o.base().fields; f != nil {
		L.Push(f.RawGet(key))
		return 1
	}
	L.Push(lua.LNil)
	return 1
}

func (rt *Runtime) newindex(L *lua.LState, cr *classRT) int {
	ud := L.Get(1).(*lua.LUserData)
	o := ud.Value.(Object)
	key, v := L.Get(2), L.Get(3)
	if ks, ok := key.(lua.LString); ok {
		if s, ok := cr.c.Setters[string(ks)]; ok {
			s(rt, L, o, v)
			return 0
		}
	}
	if cr.c.NewIndex != nil && cr.c.NewIndex(rt, L, o, key, v) {
		return 0
	}
	b := o.base()
	if b.fields == nil {
		b.fields = L.CreateTable(0, 4) // NewTable sizes for 32: a field or two per object is the rule
	}
	b.fields.RawSet(key, v)
	return 0
}

// Self returns argument 1 as a T (the receiver of a colon call) or raises
// a clear error; `sock.write(x)` instead of `sock:write(x)` is the usual
// cause, so the message says so.
func Self[T Object](rt *Runtime, L *lua.LState, method string) T {
	if ud, ok := L.Get(1).(*lua.LUserData); ok {
		if v, ok := ud.Value.(T); ok {
			return v
		}
	}
	var zero T
	rt.ThrowCode(L, "TypeError", ErrInvalidThis,
		"Value of \"this\" is not the expected object in "+method+" (call it with a colon: obj:"+method+"(...))")
	return zero
}

// chain returns the method's receiver, for Node's chainable methods
// (sock:setNoDelay():setKeepAlive(...)).
func chain(L *lua.LState) int { L.SetTop(1); return 1 }

// constructor is a class table callable as Name(...) and Name.new(...),
// the contract's spelling of `new Name(...)` (net.Socket, tls.Server,
// dns.Resolver).
func (rt *Runtime) constructor(name string, fn lua.LGFunction) *lua.LTable {
	L := rt.L
	c := L.NewTable()
	c.RawSetString("new", L.NewFunction(fn))
	c.RawSetString("name", lua.LString(name))
	mt := L.NewTable()
	mt.RawSetString("__call", L.NewFunction(func(L *lua.LState) int {
		L.Remove(1) // the class table
		return fn(L)
	}))
	L.SetMetatable(c, mt)
	return c
}
