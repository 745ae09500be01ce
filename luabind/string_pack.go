package luabind

import (
	"errors"
	"fmt"
	"math"

	lua "github.com/yuin/gopher-lua"

	"github.com/netsh/netsh/luabind/internal/binpack"
)

// Lua 5.3's string.pack, string.unpack and string.packsize, which Lua 5.1
// lacks, added to the string table (so fmt:pack(...) works too), and the
// same as Buffer methods that read and write at an offset.

// packArgs reads pack's values from the Lua stack, from index first on,
// with Lua 5.3's checks and messages.
type packArgs struct {
	L     *lua.LState
	first int
	fn    string
}

func (a packArgs) argError(n int, msg string) error {
	return &binpack.Error{Arg: n + 1, Msg: msg}
}

func (a packArgs) get(n int) lua.LValue { return a.L.Get(a.first + n - 1) }

func (a packArgs) Float(n int) (float64, error) {
	switch v := a.get(n).(type) {
	case lua.LNumber:
		return float64(v), nil
	case lua.LString:
		if f, err := parseNumber(string(v)); err == nil {
			return f, nil
		}
	}
	return 0, a.argError(n, "number expected, got "+luaTypeOf(a.get(n)))
}

func (a packArgs) Int(n int) (int64, error) {
	f, err := a.Float(n)
	if err != nil {
		return 0, err
	}
	if f != math.Trunc(f) || f < -9223372036854775808 || f >= 9223372036854775808 {
		return 0, a.argError(n, "number has no integer representation")
	}
	return int64(f), nil
}

func (a packArgs) String(n int) (string, error) {
	switch v := a.get(n).(type) {
	case lua.LString:
		return string(v), nil
	case lua.LNumber:
		return v.String(), nil
	}
	return "", a.argError(n, "string expected, got "+luaTypeOf(a.get(n)))
}

// luaTypeOf names a value's type as Lua's argument errors do.
func luaTypeOf(v lua.LValue) string {
	if v == lua.LNil {
		return "nil"
	}
	return v.Type().String()
}

// raisePack turns a binpack error into Lua 5.3's message: argument errors
// as "bad argument #n to 'fn' (...)"; argShift moves the numbers when the
// Lua call has arguments before the ones binpack counts.
func raisePack(L *lua.LState, fn string, err error, argShift int) {
	var pe *binpack.Error
	if errors.As(err, &pe) && pe.Arg > 0 {
		L.RaiseError("bad argument #%d to '%s' (%s)", pe.Arg+argShift, fn, pe.Msg)
	}
	L.RaiseError("%s", err.Error())
}

func pushUnpacked(L *lua.LState, vals []any) {
	for _, v := range vals {
		switch x := v.(type) {
		case int64:
			L.Push(lua.LNumber(x))
		case float64:
			L.Push(lua.LNumber(x))
		case string:
			L.Push(lua.LString(x))
		}
	}
}

func strPack(L *lua.LState) int {
	f := L.CheckString(1)
	out, err := binpack.Pack(f, packArgs{L: L, first: 2, fn: "pack"})
	if err != nil {
		raisePack(L, "pack", err, 0)
	}
	L.Push(lua.LString(out))
	return 1
}

func strUnpack(L *lua.LState) int {
	f := L.CheckString(1)
	data := L.CheckString(2)
	pos := L.OptInt(3, 1)
	vals, next, err := binpack.Unpack(f, []byte(data), pos)
	if err != nil {
		raisePack(L, "unpack", err, 0)
	}
	pushUnpacked(L, vals)
	L.Push(lua.LNumber(next))
	return len(vals) + 1
}

func strPackSize(L *lua.LState) int {
	n, err := binpack.Size(L.CheckString(1))
	if err != nil {
		raisePack(L, "packsize", err, 0)
	}
	L.Push(lua.LNumber(n))
	return 1
}

// installStringPack adds pack, unpack and packsize to the string table.
func (rt *Runtime) installStringPack() {
	L := rt.L
	s, ok := L.GetGlobal("string").(*lua.LTable)
	if !ok {
		return
	}
	s.RawSetString("pack", L.NewFunction(strPack))
	s.RawSetString("unpack", L.NewFunction(strUnpack))
	s.RawSetString("packsize", L.NewFunction(strPackSize))
}

// bufWritePacked is buf:writePacked(fmt, offset, ...): the values packed
// into the Buffer at offset (0-based, as Node's offsets); it returns the
// offset after them, as Node's write methods do.
func bufWritePacked(rt *Runtime, L *lua.LState) int {
	b := Self[*Buffer](rt, L, "writePacked")
	f := rt.CheckString(L, 2, "format")
	out, err := binpack.Pack(f, packArgs{L: L, first: 4, fn: "writePacked"})
	if err != nil {
		raisePack(L, "writePacked", err, 2)
	}
	off := rt.bufOffset(L, b, L.Get(3), len(out), true)
	copy(b.B[off:], out)
	L.Push(lua.LNumber(off + len(out)))
	return 1
}

// bufReadPacked is buf:readPacked(fmt[, offset]): the values unpacked
// from offset (0-based), then the offset after them.
func bufReadPacked(rt *Runtime, L *lua.LState) int {
	b := Self[*Buffer](rt, L, "readPacked")
	f := rt.CheckString(L, 2, "format")
	off := 0
	if v := L.Get(3); v != lua.LNil {
		off = rt.bufOffset(L, b, v, 0, true)
	}
	vals, next, err := binpack.Unpack(f, b.B, off+1)
	if err != nil {
		var pe *binpack.Error
		if errors.As(err, &pe) && pe.Arg == 2 {
			rt.ThrowCode(L, "RangeError", ErrBufferOutOfBounds, fmt.Sprintf("Attempt to access memory outside buffer bounds (%s)", pe.Msg))
		}
		raisePack(L, "readPacked", err, 1)
	}
	pushUnpacked(L, vals)
	L.Push(lua.LNumber(next - 1))
	return len(vals) + 1
}
