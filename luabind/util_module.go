package luabind

import (
	"math"
	"strings"

	lua "github.com/yuin/gopher-lua"
)

// This file is the util module table: format and inspect (whose text is
// built in util_format.go and util_inspect*.go), inherits and
// isDeepStrictEqual.

// openUtil makes the module table require('util') returns.
func openUtil(rt *Runtime) (lua.LValue, error) {
	L := rt.L
	t := L.NewTable()
	L.SetFuncs(t, map[string]lua.LGFunction{
		"format": func(L *lua.LState) int {
			L.Push(lua.LString(rt.Format(extraArgs(L, 1))))
			return 1
		},
		"formatWithOptions": func(L *lua.LState) int {
			ot, ok := L.Get(1).(*lua.LTable)
			if !ok {
				rt.ArgTypeError(L, "inspectOptions", "of type object", L.Get(1))
			}
			opts := inspectOptionsFrom(ot)
			var b strings.Builder
			rt.formatTo(&b, &opts, extraArgs(L, 2))
			L.Push(lua.LString(b.String()))
			return 1
		},
		"inspect": func(L *lua.LState) int {
			ot, _ := L.Get(2).(*lua.LTable)
			L.Push(lua.LString(rt.inspectOpts(L.Get(1), inspectOptionsFrom(ot))))
			return 1
		},
		"inherits": rt.inherits,
		"isDeepStrictEqual": func(L *lua.LState) int {
			L.Push(lua.LBool(rt.deepEqual(L.Get(1), L.Get(2), map[[2]lua.LValue]bool{})))
			return 1
		},
	})
	return t, nil
}

func init() { Register(Module{Name: "util", Open: openUtil}) }

// inherits is util.inherits for Lua classes: ctor looks up what it lacks
// in superCtor (through ctor's metatable __index), ctor.super_ is
// superCtor, and ctor.__index defaults to ctor so setmetatable(obj, ctor)
// makes instances.
func (rt *Runtime) inherits(L *lua.LState) int {
	ctor, ok := L.Get(1).(*lua.LTable)
	if !ok {
		rt.ArgTypeError(L, "ctor", "of type table", L.Get(1))
	}
	super, ok := L.Get(2).(*lua.LTable)
	if !ok {
		rt.ArgTypeError(L, "superCtor", "of type table", L.Get(2))
	}
	mt, ok := L.GetMetatable(ctor).(*lua.LTable)
	if !ok {
		mt = L.NewTable()
		L.SetMetatable(ctor, mt)
	}
	mt.RawSetString("__index", super)
	ctor.RawSetString("super_", super)
	if ctor.RawGetString("__index") == lua.LNil {
		ctor.RawSetString("__index", ctor)
	}
	return 0
}

// deepEqual is util.isDeepStrictEqual: primitives compare as Object.is
// (NaN equals NaN, 0 differs from -0), tables by metatable and every
// key's value, Buffers by content; memo breaks cycles.
func (rt *Runtime) deepEqual(a, b lua.LValue, memo map[[2]lua.LValue]bool) bool {
	if a == b {
		if n, ok := a.(lua.LNumber); ok && n == 0 {
			return math.Signbit(float64(n)) == math.Signbit(float64(b.(lua.LNumber)))
		}
		return true
	}
	switch x := a.(type) {
	case lua.LNumber:
		y, ok := b.(lua.LNumber)
		return ok && math.IsNaN(float64(x)) && math.IsNaN(float64(y))
	case *lua.LUserData:
		y, ok := b.(*lua.LUserData)
		if !ok {
			return false
		}
		bx, ok1 := x.Value.(*Buffer)
		by, ok2 := y.Value.(*Buffer)
		return ok1 && ok2 && string(bx.B) == string(by.B)
	case *lua.LTable:
		y, ok := b.(*lua.LTable)
		if !ok || rt.L.GetMetatable(x) != rt.L.GetMetatable(y) {
			return false
		}
		pair := [2]lua.LValue{a, b}
		if memo[pair] {
			return true
		}
		memo[pair] = true
		nx, equal := 0, true
		x.ForEach(func(k, v lua.LValue) {
			nx++
			if equal && !rt.deepEqual(v, y.RawGet(k), memo) {
				equal = false
			}
		})
		if !equal {
			return false
		}
		ny := 0
		y.ForEach(func(lua.LValue, lua.LValue) { ny++ })
		return nx == ny
	}
	return false
}
