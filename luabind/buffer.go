package luabind

import (
	lua "github.com/yuin/gopher-lua"
)

// Buffer is Node's Buffer: a userdata over a byte slice. Slices share
// memory with their parent, as in Node. (Minimal; to be completed.)
type Buffer struct {
	Base
	B []byte
}

var bufferClass = &Class{
	Name: "Buffer",
	Getters: map[string]func(rt *Runtime, self Object) lua.LValue{
		"length": func(rt *Runtime, self Object) lua.LValue { return lua.LNumber(len(self.(*Buffer).B)) },
	},
	Meta: map[string]lua.LGFunction{
		"__len": func(L *lua.LState) int {
			L.Push(lua.LNumber(len(L.Get(1).(*lua.LUserData).Value.(*Buffer).B)))
			return 1
		},
		"__tostring": func(L *lua.LState) int {
			L.Push(lua.LString(L.Get(1).(*lua.LUserData).Value.(*Buffer).B))
			return 1
		},
	},
}

// NewBuffer wraps b (not copied) in a Lua Buffer. Loop goroutine only.
func (rt *Runtime) NewBuffer(b []byte) *lua.LUserData {
	return rt.NewObject(bufferClass, &Buffer{B: b})
}

// toBytes returns the bytes of a string or Buffer argument. For a Buffer
// the slice is shared, not copied.
func (rt *Runtime) toBytes(v lua.LValue) ([]byte, bool) {
	switch x := v.(type) {
	case lua.LString:
		return []byte(x), true
	case *lua.LUserData:
		if b, ok := x.Value.(*Buffer); ok {
			return b.B, true
		}
	}
	return nil, false
}

func openBuffer(rt *Runtime) (lua.LValue, error) {
	L := rt.L
	B := L.NewTable()
	B.RawSetString("alloc", L.NewFunction(func(L *lua.LState) int {
		n := rt.CheckInt(L, 1, "size", 0, 1<<32)
		L.Push(rt.NewBuffer(make([]byte, n)))
		return 1
	}))
	B.RawSetString("from", L.NewFunction(func(L *lua.LState) int {
		b, _ := rt.toBytes(L.Get(1))
		L.Push(rt.NewBuffer(append([]byte(nil), b...)))
		return 1
	}))
	m := L.NewTable()
	m.RawSetString("Buffer", B)
	return m, nil
}

func init() {
	Register(Module{Name: "buffer", Open: openBuffer})
	addGlobals("buffer", copyFields("Buffer"))
}
