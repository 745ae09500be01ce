package luabind

import (
	lua "github.com/yuin/gopher-lua"
)

// maxResults is how many values unpack and string.byte may push at once.
// gopher-lua raises "registry overflow" only when the value stack is
// already full, and then has no room left to run pcall's handler: the
// error escaped every pcall and ended the script (pcall(unpack, {}, 1,
// 2^30) could not be caught). Refusing up front, while the stack has room,
// gives Lua 5.1's catchable errors instead. Lua 5.1 itself stops at about
// 8,000 values; half the stack leaves the rest for the running code.
const maxResults = registryMaxSize / 2

// installLimits wraps unpack with that check and replaces string.byte.
func (rt *Runtime) installLimits() {
	L := rt.L
	if fn, ok := L.GetGlobal("unpack").(*lua.LFunction); ok {
		L.SetGlobal("unpack", L.NewFunction(func(L *lua.LState) int {
			t := L.CheckTable(1)
			i, j := int64(L.OptInt(2, 1)), int64(L.OptInt(3, t.Len()))
			if j-i+1 > maxResults {
				L.RaiseError("too many results to unpack")
			}
			return callThrough(L, fn)
		}))
	}
	str, ok := L.GetGlobal("string").(*lua.LTable)
	if !ok {
		return
	}
	str.RawSetString("byte", L.NewFunction(luaStringByte))
}

// luaStringByte is string.byte(s [, i [, j]]) as Lua 5.1's str_byte: j
// defaults to i, positions count from the end when negative and are
// clamped to the string. gopher-lua's returned every byte for s:byte()
// and nothing for s:byte(0, n) or a negative i before the start.
func luaStringByte(L *lua.LState) int {
	s := L.CheckString(1)
	n := int64(len(s))
	i := posRelat(int64(L.OptInt(2, 1)), n)
	j := posRelat(int64(L.OptInt(3, int(i))), n)
	if i < 1 {
		i = 1
	}
	if j > n {
		j = n
	}
	if i > j {
		return 0
	}
	if j-i+1 > maxResults {
		L.RaiseError("string slice too long")
	}
	for k := i; k <= j; k++ {
		L.Push(smallNums[s[k-1]])
	}
	return int(j - i + 1)
}

// posRelat is Lua 5.1's posrelat: a negative string position counts from
// the end.
func posRelat(p, n int64) int64 {
	if p < 0 {
		return n + p + 1
	}
	return p
}

// callThrough calls fn with this call's arguments and returns its results.
func callThrough(L *lua.LState, fn *lua.LFunction) int {
	top := L.GetTop()
	L.Insert(fn, 1)
	L.Call(top, lua.MultRet)
	return L.GetTop()
}
