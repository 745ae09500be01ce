package luabind

import (
	lua "github.com/yuin/gopher-lua"
)

// asStream returns v's *Stream, or nil for any other object.
func asStream(v lua.LValue) *Stream {
	if ud, ok := v.(*lua.LUserData); ok {
		if s, ok := ud.Value.(*Stream); ok {
			return s
		}
	}
	return nil
}

// methodCall calls obj:name(args...) on L unprotected (for Go code that
// Lua called) and returns the first result.
func methodCall(L *lua.LState, obj lua.LValue, name string, args ...lua.LValue) lua.LValue {
	fn := L.GetField(obj, name)
	if _, ok := fn.(*lua.LFunction); !ok && name == "_end" {
		fn = L.GetField(obj, "end")
	}
	if _, ok := fn.(*lua.LFunction); !ok {
		L.RaiseError("stream has no method '%s' (pipe needs it)", name)
	}
	L.Push(fn)
	L.Push(obj)
	for _, a := range args {
		L.Push(a)
	}
	L.Call(len(args)+1, 1)
	ret := L.Get(-1)
	L.Pop(1)
	return ret
}

// methodCallOpt is methodCall for a method the object may lack (a plain
// writable table such as process.stdout has no EventEmitter methods).
func methodCallOpt(L *lua.LState, obj lua.LValue, name string, args ...lua.LValue) lua.LValue {
	if _, ok := L.GetField(obj, name).(*lua.LFunction); !ok {
		return lua.LNil
	}
	return methodCall(L, obj, name, args...)
}

// methodCallP is methodCall in protected mode on the main state, for Go
// code running from the loop; an error goes to Uncaught.
func (rt *Runtime) methodCallP(obj lua.LValue, name string, args ...lua.LValue) lua.LValue {
	var ret lua.LValue = lua.LNil
	fn := rt.L.NewFunction(func(L *lua.LState) int {
		ret = methodCall(L, obj, name, args...)
		return 0
	})
	rt.Call(fn)
	return ret
}

// fieldOf reads obj.name, through __index, as Lua code would.
func fieldOf(L *lua.LState, obj lua.LValue, name string) lua.LValue {
	return L.GetField(obj, name)
}

// goFn wraps f as a Lua function returning nothing, for listeners.
func goFn(L *lua.LState, f func(L *lua.LState)) *lua.LFunction {
	return L.NewFunction(func(L *lua.LState) int { f(L); return 0 })
}

// hasMethod reports whether obj.name is a function, for any value: one
// that cannot be indexed has none (where Lua would raise).
func hasMethod(L *lua.LState, obj lua.LValue, name string) bool {
	switch obj.(type) {
	case *lua.LTable:
	case *lua.LUserData, lua.LString:
		mt, ok := L.GetMetatable(obj).(*lua.LTable)
		if !ok || mt.RawGetString("__index") == lua.LNil {
			return false
		}
	default:
		return false
	}
	_, ok := L.GetField(obj, name).(*lua.LFunction)
	return ok
}

// isNodeStream is Node's isNodeStream: a Stream, or an object with on
// and either write or pipe (a socket, a Lua emitter table).
func isNodeStream(L *lua.LState, v lua.LValue) bool {
	if asStream(v) != nil {
		return true
	}
	return hasMethod(L, v, "on") && (hasMethod(L, v, "write") || hasMethod(L, v, "pipe"))
}
