package luabind

import (
	"math"
	"strconv"
	"strings"

	"github.com/netsh/netsh/luabind/internal/jsfmt"

	lua "github.com/yuin/gopher-lua"
)

// Turning Lua arguments into the numbers and Buffers the methods work on,
// validated and worded as Node validates and words them, so errors match.

// ---- Node's error wording ----

// jsNumberString is JavaScript's Number#toString for f (-0 prints as 0,
// unlike jsfmt.InspectNumber).
func jsNumberString(f float64) string { return jsfmt.Number(f) }

// addNumericalSeparator is Node's helper of that name, kept exact (even
// its "1e_+21" for big exponents) so messages match Node's.
func addNumericalSeparator(val string) string {
	res := ""
	i := len(val)
	start := 0
	if val != "" && val[0] == '-' {
		start = 1
	}
	for ; i >= start+4; i -= 3 {
		res = "_" + val[i-3:i] + res
	}
	return val[:i] + res
}

// rangeReceived is the "Received ..." of ERR_OUT_OF_RANGE for a number.
func rangeReceived(f float64) string {
	if f == math.Trunc(f) && !math.IsInf(f, 0) && math.Abs(f) > 1<<32 {
		return addNumericalSeparator(jsNumberString(f))
	}
	if f == 0 && math.Signbit(f) {
		return "-0"
	}
	return jsNumberString(f)
}

// bufRange raises ERR_OUT_OF_RANGE for a numeric value as Node words it.
func (rt *Runtime) bufRange(L *lua.LState, name, rng string, f float64) {
	rt.ThrowCode(L, "RangeError", ErrOutOfRange,
		"The value of \""+name+"\" is out of range. It must be "+rng+". Received "+rangeReceived(f))
}

// bufOOB raises ERR_BUFFER_OUT_OF_BOUNDS.
func (rt *Runtime) bufOOB(L *lua.LState) {
	rt.ThrowCode(L, "RangeError", ErrBufferOutOfBounds, "Attempt to access memory outside buffer bounds")
}

// boundsError is Node's boundsError: value was not a valid offset (or
// byteLength, when typ is set) for a range ending at length.
func (rt *Runtime) boundsError(L *lua.LState, v lua.LValue, length int, typ string) {
	f, isNum := v.(lua.LNumber)
	name := typ
	if name == "" {
		name = "offset"
	}
	if !isNum {
		rt.ArgTypeError(L, name, "of type number", v)
	}
	if math.Floor(float64(f)) != float64(f) {
		rt.bufRange(L, name, "an integer", float64(f))
	}
	if length < 0 {
		rt.bufOOB(L)
	}
	lo := "0"
	if typ != "" {
		lo = "1"
	}
	rt.bufRange(L, name, ">= "+lo+" and <= "+strconv.Itoa(length), float64(f))
}

// ---- numbers and Buffers from arguments ----

// validateInteger is Node's validateInteger / validateOffset.
func (rt *Runtime) validateInteger(L *lua.LState, v lua.LValue, name string, min, max int64) int {
	x, ok := v.(lua.LNumber)
	if !ok {
		rt.ArgTypeError(L, name, "of type number", v)
	}
	f := float64(x)
	if f != math.Trunc(f) || math.IsInf(f, 0) {
		rt.bufRange(L, name, "an integer", f)
	}
	if f < float64(min) || f > float64(max) {
		rt.bufRange(L, name, ">= "+strconv.FormatInt(min, 10)+" && <= "+strconv.FormatInt(max, 10), f)
	}
	return int(f)
}

// jsNaN is JavaScript's canonical NaN (Go's math.NaN has other bits, and
// writeDoubleBE(NaN) must store 7ff8000000000000 as Node does).
var jsNaN = math.Float64frombits(0x7FF8000000000000)

// toNumberOK is JavaScript's unary + for the Lua values it makes sense
// for: numbers, numeric strings ("" is 0, junk is NaN), booleans, nil
// (NaN). ok is false for tables, functions and userdata.
func toNumberOK(v lua.LValue) (float64, bool) {
	switch x := v.(type) {
	case lua.LNumber:
		return float64(x), true
	case *lua.LNilType:
		return jsNaN, true
	case lua.LBool:
		if x {
			return 1, true
		}
		return 0, true
	case lua.LString:
		s := strings.TrimSpace(string(x))
		if s == "" {
			return 0, true
		}
		if f, err := parseNumber(s); err == nil {
			return f, true
		}
		return jsNaN, true
	}
	return 0, false
}

// numberArg is toNumberOK for an argument; a table or function raises
// ERR_INVALID_ARG_TYPE.
func (rt *Runtime) numberArg(L *lua.LState, v lua.LValue, name string) float64 {
	f, ok := toNumberOK(v)
	if !ok {
		rt.ArgTypeError(L, name, "of type number", v)
	}
	return f
}

// toUint8 is how a Uint8Array stores a number: truncated, modulo 256,
// NaN and infinities as 0.
func toUint8(f float64) byte {
	if f >= 0 && f < 256 {
		return byte(f)
	}
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return 0
	}
	m := math.Mod(math.Trunc(f), 256)
	if m < 0 {
		m += 256
	}
	return byte(m)
}

// bufTypeError raises ERR_INVALID_ARG_TYPE for an argument that must be a
// Buffer.
func (rt *Runtime) bufTypeError(L *lua.LState, name string, v lua.LValue) {
	rt.ArgTypeError(L, name, "an instance of Buffer or Uint8Array", v)
}

// checkBuffer returns argument v as a Buffer or raises ERR_INVALID_ARG_TYPE.
func (rt *Runtime) checkBuffer(L *lua.LState, v lua.LValue, name string) *Buffer {
	b := asBuffer(v)
	if b == nil {
		rt.bufTypeError(L, name, v)
	}
	return b
}

// inspectShort renders a value for ERR_INVALID_ARG_VALUE as Node's
// inspect would in the cases fill can hit.
func inspectShort(v lua.LValue) string {
	switch x := v.(type) {
	case lua.LString:
		return "'" + string(x) + "'"
	case *lua.LUserData:
		if b, ok := x.Value.(*Buffer); ok {
			var sb strings.Builder
			sb.WriteString("<Buffer")
			for i, c := range b.B {
				if i == 50 {
					sb.WriteString(" ... " + strconv.Itoa(len(b.B)-50) + " more bytes")
					break
				}
				sb.WriteByte(' ')
				sb.WriteString(strconv.FormatUint(uint64(c)|0x100, 16)[1:])
			}
			if len(b.B) == 0 {
				sb.WriteByte(' ')
			}
			sb.WriteString(">")
			return sb.String()
		}
	}
	return v.String()
}

// ---- positions ----

// optNumberArg reads an optional position argument (nil -> absent).
func (rt *Runtime) optNumberArg(L *lua.LState, n int, name string) (float64, bool) {
	v := L.Get(n)
	if v == lua.LNil {
		return 0, false
	}
	return rt.numberArg(L, v, name), true
}

// adjustOffset is Node's slice offset rule: truncated, negative counts
// from the end, clamped to [0, length].
func adjustOffset(f float64, length int) int {
	f = math.Trunc(f)
	switch {
	case math.IsNaN(f) || f == 0:
		return 0
	case f < 0:
		f += float64(length)
		if f > 0 {
			return int(f)
		}
		return 0
	case f < float64(length):
		return int(f)
	}
	return length
}

// toInteger is Node's toInteger helper used by copy: NaN and values past
// the safe integers give def, fractions are floored.
func toInteger(f float64, def int) int {
	if math.IsNaN(f) || f < -(1<<53-1) || f > 1<<53-1 {
		return def
	}
	return int(math.Floor(f))
}
