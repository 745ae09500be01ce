package luabind

import (
	"math"
	"strings"

	lua "github.com/yuin/gopher-lua"
)

// The bit module is LuaJIT's BitOp API, since Lua 5.1 has no bit
// operators and LuaJIT's spelling is the one Lua users know. Every
// operation works on 32-bit integers and returns a signed 32-bit result,
// exactly as LuaJIT does.

// toBit is bit.tobit: the number rounded to an integer (ties to even, as
// LuaJIT's 2^52+2^51 addition does) and taken modulo 2^32, as int32.
func toBit(x float64) int32 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return 0
	}
	r := math.Mod(math.RoundToEven(x), 4294967296)
	if r < 0 {
		r += 4294967296
	}
	return int32(uint32(r))
}

func (rt *Runtime) bitArg(L *lua.LState, n int, fn string) int32 {
	v := L.Get(n)
	switch x := v.(type) {
	case lua.LNumber:
		return toBit(float64(x))
	case lua.LString:
		if f, err := parseNumber(string(x)); err == nil { // Lua coerces numeric strings
			return toBit(f)
		}
	}
	L.RaiseError("bad argument #%d to '%s' (number expected, got %s)", n, fn, luaTypeName(v))
	return 0
}

func luaTypeName(v lua.LValue) string {
	if v == lua.LNil {
		return "no value"
	}
	return v.Type().String()
}

func pushBit(L *lua.LState, v int32) int {
	L.Push(lua.LNumber(v))
	return 1
}

// bitFold is band, bor and bxor: one or more arguments folded with op.
func (rt *Runtime) bitFold(fn string, op func(a, b int32) int32) lua.LGFunction {
	return func(L *lua.LState) int {
		acc := rt.bitArg(L, 1, fn)
		for i := 2; i <= L.GetTop(); i++ {
			acc = op(acc, rt.bitArg(L, i, fn))
		}
		return pushBit(L, acc)
	}
}

// bitShift is the shifts and rotations: (x, n) with n taken modulo 32.
func (rt *Runtime) bitShift(fn string, op func(x uint32, n uint) uint32) lua.LGFunction {
	return func(L *lua.LState) int {
		x := uint32(rt.bitArg(L, 1, fn))
		n := uint(rt.bitArg(L, 2, fn)) & 31
		return pushBit(L, int32(op(x, n)))
	}
}

// bitToHex is bit.tohex(x[, n]): n hex digits (8 by default) of the
// 32-bit value, zero-padded past 8 as LuaJIT 2.1 pads, upper case when n
// is negative.
func (rt *Runtime) bitToHex(L *lua.LState) int {
	x := uint32(rt.bitArg(L, 1, "tohex"))
	n := int32(8)
	if L.GetTop() >= 2 {
		n = rt.bitArg(L, 2, "tohex")
	}
	digits := "0123456789abcdef"
	if n < 0 {
		n = -n
		digits = "0123456789ABCDEF"
	}
	if n > 256 { // LuaJIT has no limit; a runaway count must not eat memory
		n = 256
	}
	var b strings.Builder
	for i := n - 1; i >= 0; i-- {
		if i >= 8 {
			b.WriteByte('0')
			continue
		}
		b.WriteByte(digits[(x>>(4*uint(i)))&15])
	}
	L.Push(lua.LString(b.String()))
	return 1
}

func openBit(rt *Runtime) (lua.LValue, error) {
	L := rt.L
	fns := map[string]lua.LGFunction{
		"tobit":   func(L *lua.LState) int { return pushBit(L, rt.bitArg(L, 1, "tobit")) },
		"tohex":   rt.bitToHex,
		"bnot":    func(L *lua.LState) int { return pushBit(L, ^rt.bitArg(L, 1, "bnot")) },
		"band":    rt.bitFold("band", func(a, b int32) int32 { return a & b }),
		"bor":     rt.bitFold("bor", func(a, b int32) int32 { return a | b }),
		"bxor":    rt.bitFold("bxor", func(a, b int32) int32 { return a ^ b }),
		"lshift":  rt.bitShift("lshift", func(x uint32, n uint) uint32 { return x << n }),
		"rshift":  rt.bitShift("rshift", func(x uint32, n uint) uint32 { return x >> n }),
		"arshift": rt.bitShift("arshift", func(x uint32, n uint) uint32 { return uint32(int32(x) >> n) }),
		"rol":     rt.bitShift("rol", func(x uint32, n uint) uint32 { return x<<n | x>>((32-n)&31) }),
		"ror":     rt.bitShift("ror", func(x uint32, n uint) uint32 { return x>>n | x<<((32-n)&31) }),
		"bswap": func(L *lua.LState) int {
			x := uint32(rt.bitArg(L, 1, "bswap"))
			return pushBit(L, int32(x>>24|(x>>8)&0xff00|(x<<8)&0xff0000|x<<24))
		},
	}
	m := L.CreateTable(0, len(fns))
	for name, fn := range fns {
		m.RawSetString(name, L.NewFunction(fn))
	}
	return m, nil
}

func init() { Register(Module{Name: "bit", Open: openBit}) }
