package luabind

import (
	"encoding/binary"
	"math"
	"math/big"
	"strconv"
	"strings"

	lua "github.com/yuin/gopher-lua"
)

// The read/write number families: (U)Int8/16/32 LE/BE, Float, Double,
// BigInt64/BigUInt64, and the variable-width (U)IntLE/BE. Each is a plain
// LGFunction-style Method with no reflection; results are boxed through
// rt.num so a read costs no heap allocation.
//
// gopher-lua numbers are float64: readBigInt64*/readBigUInt64* return the
// value as a Lua number, exact up to 2^53 in magnitude and rounded to the
// nearest float64 beyond (0xFFFFFFFFFFFFFFFF reads as 2^64). The
// writeBig* methods take an integer-valued number, or a decimal (or 0x)
// string for exact 64-bit values, e.g. writeBigUInt64LE("18446744073709551615").

// bufOffset validates the offset argument v of an access of size bytes
// as Node does (validateNumber, then boundsError). nil is 0 when def is
// set (reads and fixed-width writes default it), an error otherwise.
func (rt *Runtime) bufOffset(L *lua.LState, b *Buffer, v lua.LValue, size int, def bool) int {
	switch x := v.(type) {
	case lua.LNumber:
		f := float64(x)
		if f >= 0 && f <= float64(len(b.B)-size) {
			if i := int(f); float64(i) == f {
				return i
			}
		}
	case *lua.LNilType:
		if def {
			if len(b.B) >= size {
				return 0
			}
			v = lua.LNumber(0)
		}
	}
	rt.boundsError(L, v, len(b.B)-size, "")
	return 0
}

// getUint reads size bytes as an unsigned integer.
func getUint(b []byte, size int, le bool) uint64 {
	switch {
	case size == 1:
		return uint64(b[0])
	case size == 2 && le:
		return uint64(binary.LittleEndian.Uint16(b))
	case size == 2:
		return uint64(binary.BigEndian.Uint16(b))
	case size == 4 && le:
		return uint64(binary.LittleEndian.Uint32(b))
	case size == 4:
		return uint64(binary.BigEndian.Uint32(b))
	case size == 8 && le:
		return binary.LittleEndian.Uint64(b)
	case size == 8:
		return binary.BigEndian.Uint64(b)
	}
	_ = b[size-1]
	var u uint64
	if le {
		for i := size - 1; i >= 0; i-- {
			u = u<<8 | uint64(b[i])
		}
	} else {
		for i := 0; i < size; i++ {
			u = u<<8 | uint64(b[i])
		}
	}
	return u
}

// putUint writes the low size bytes of u.
func putUint(b []byte, u uint64, size int, le bool) {
	switch {
	case size == 1:
		b[0] = byte(u)
		return
	case size == 2 && le:
		binary.LittleEndian.PutUint16(b, uint16(u))
		return
	case size == 2:
		binary.BigEndian.PutUint16(b, uint16(u))
		return
	case size == 4 && le:
		binary.LittleEndian.PutUint32(b, uint32(u))
		return
	case size == 4:
		binary.BigEndian.PutUint32(b, uint32(u))
		return
	case size == 8 && le:
		binary.LittleEndian.PutUint64(b, u)
		return
	case size == 8:
		binary.BigEndian.PutUint64(b, u)
		return
	}
	_ = b[size-1]
	if le {
		for i := 0; i < size; i++ {
			b[i] = byte(u)
			u >>= 8
		}
	} else {
		for i := size - 1; i >= 0; i-- {
			b[i] = byte(u)
			u >>= 8
		}
	}
}

// getInt reads size bytes as a number, sign-extended when signed.
func getInt(b []byte, size int, signed, le bool) float64 {
	u := getUint(b, size, le)
	if signed {
		shift := 64 - 8*uint(size)
		return float64(int64(u<<shift) >> shift)
	}
	return float64(u)
}

// intSpec is one integer width's write range, with Node's wording of it.
type intSpec struct {
	size     int
	min, max float64
	rng      string
}

// intSpecs[signed][size] for sizes 1..6.
var intSpecs = func() (t [2][7]intSpec) {
	for s := 0; s < 2; s++ {
		for size := 1; size <= 6; size++ {
			bits := 8 * size
			sp := intSpec{size: size}
			if s == 1 {
				sp.min, sp.max = -math.Ldexp(1, bits-1), math.Ldexp(1, bits-1)-1
			} else {
				sp.min, sp.max = 0, math.Ldexp(1, bits)-1
			}
			switch {
			case size <= 4:
				sp.rng = ">= " + strconv.FormatInt(int64(sp.min), 10) + " and <= " + strconv.FormatInt(int64(sp.max), 10)
			case s == 1:
				sp.rng = ">= -(2 ** " + strconv.Itoa(bits-1) + ") and < 2 ** " + strconv.Itoa(bits-1)
			default:
				sp.rng = ">= 0 and < 2 ** " + strconv.Itoa(bits)
			}
			t[s][size] = sp
		}
	}
	return
}()

// writeInt is Node's writeU_IntN: value converted as unary + does,
// range-checked, then the offset checked; it returns offset+size.
func (rt *Runtime) writeInt(L *lua.LState, b *Buffer, sp *intSpec, le bool, valV, offV lua.LValue, def bool) int {
	if sp.size == 1 { // Node's 8-bit writers check the offset's type first
		if _, ok := offV.(lua.LNumber); !ok && !(def && offV == lua.LNil) {
			rt.ArgTypeError(L, "offset", "of type number", offV)
		}
	}
	var f float64
	if x, ok := valV.(lua.LNumber); ok {
		f = float64(x)
	} else {
		f = rt.numberArg(L, valV, "value")
	}
	if f > sp.max || f < sp.min {
		rt.bufRange(L, "value", sp.rng, f)
	}
	off := rt.bufOffset(L, b, offV, sp.size, def)
	var u uint64
	if f == f { // NaN stores 0
		u = uint64(int64(f))
	}
	putUint(b.B[off:], u, sp.size, le)
	return off + sp.size
}

// byteLengthArg validates readUIntLE's byteLength: an integer in 1..6.
func (rt *Runtime) byteLengthArg(L *lua.LState, v lua.LValue) int {
	if x, ok := v.(lua.LNumber); ok {
		if i := int(x); float64(i) == float64(x) && i >= 1 && i <= 6 {
			return i
		}
	}
	rt.boundsError(L, v, 6, "byteLength")
	return 0
}

func readIntMethod(name string, size int, signed, le bool) Method {
	return func(rt *Runtime, L *lua.LState) int {
		b := Self[*Buffer](rt, L, name)
		off := rt.bufOffset(L, b, L.Get(2), size, true)
		L.Push(rt.num(getInt(b.B[off:], size, signed, le)))
		return 1
	}
}

func writeIntMethod(name string, size int, signed, le bool) Method {
	sp := &intSpecs[0][size]
	if signed {
		sp = &intSpecs[1][size]
	}
	return func(rt *Runtime, L *lua.LState) int {
		b := Self[*Buffer](rt, L, name)
		L.Push(rt.num(float64(rt.writeInt(L, b, sp, le, L.Get(2), L.Get(3), true))))
		return 1
	}
}

// readVarMethod is readUIntLE/BE and readIntLE/BE(offset, byteLength).
func readVarMethod(name string, signed, le bool) Method {
	return func(rt *Runtime, L *lua.LState) int {
		b := Self[*Buffer](rt, L, name)
		offV := L.Get(2)
		if offV == lua.LNil {
			rt.ArgTypeError(L, "offset", "of type number", offV)
		}
		size := rt.byteLengthArg(L, L.Get(3))
		off := rt.bufOffset(L, b, offV, size, false)
		L.Push(rt.num(getInt(b.B[off:], size, signed, le)))
		return 1
	}
}

// writeVarMethod is writeUIntLE/BE and writeIntLE/BE(value, offset, byteLength).
func writeVarMethod(name string, signed, le bool) Method {
	s := 0
	if signed {
		s = 1
	}
	return func(rt *Runtime, L *lua.LState) int {
		b := Self[*Buffer](rt, L, name)
		size := rt.byteLengthArg(L, L.Get(4))
		L.Push(rt.num(float64(rt.writeInt(L, b, &intSpecs[s][size], le, L.Get(2), L.Get(3), false))))
		return 1
	}
}

func readFloatMethod(name string, size int, le bool) Method {
	return func(rt *Runtime, L *lua.LState) int {
		b := Self[*Buffer](rt, L, name)
		off := rt.bufOffset(L, b, L.Get(2), size, true)
		u := getUint(b.B[off:], size, le)
		if size == 4 {
			L.Push(rt.num(float64(math.Float32frombits(uint32(u)))))
		} else {
			L.Push(rt.num(math.Float64frombits(u)))
		}
		return 1
	}
}

func writeFloatMethod(name string, size int, le bool) Method {
	return func(rt *Runtime, L *lua.LState) int {
		b := Self[*Buffer](rt, L, name)
		var f float64
		if x, ok := L.Get(2).(lua.LNumber); ok {
			f = float64(x)
		} else {
			f = rt.numberArg(L, L.Get(2), "value")
		}
		if f != f {
			f = jsNaN // one NaN, whatever bits Lua's 0/0 had
		}
		off := rt.bufOffset(L, b, L.Get(3), size, true)
		if size == 4 {
			putUint(b.B[off:], uint64(math.Float32bits(float32(f))), 4, le)
		} else {
			putUint(b.B[off:], math.Float64bits(f), 8, le)
		}
		L.Push(rt.num(float64(off + size)))
		return 1
	}
}

func readBigMethod(name string, signed, le bool) Method {
	return func(rt *Runtime, L *lua.LState) int {
		b := Self[*Buffer](rt, L, name)
		off := rt.bufOffset(L, b, L.Get(2), 8, true)
		L.Push(rt.num(getInt(b.B[off:], 8, signed, le)))
		return 1
	}
}

var (
	two63 = new(big.Int).Lsh(big.NewInt(1), 63)
	two64 = new(big.Int).Lsh(big.NewInt(1), 64)
	two32 = new(big.Int).Lsh(big.NewInt(1), 32)
)

// bigRangeError is Node's ERR_OUT_OF_RANGE for a BigInt value.
func (rt *Runtime) bigRangeError(L *lua.LState, signed bool, v *big.Int) {
	rng := ">= 0n and < 2n ** 64n"
	if signed {
		rng = ">= -(2n ** 63n) and < 2n ** 63n"
	}
	s := v.String()
	if v.CmpAbs(two32) > 0 {
		s = addNumericalSeparator(s)
	}
	rt.ThrowCode(L, "RangeError", ErrOutOfRange,
		"The value of \"value\" is out of range. It must be "+rng+". Received "+s+"n")
}

// bigValue converts writeBig*'s value: an integer-valued number or an
// integer string (decimal, or hex with 0x), range-checked as Node does.
func (rt *Runtime) bigValue(L *lua.LState, v lua.LValue, signed bool) uint64 {
	var n *big.Int
	switch x := v.(type) {
	case lua.LNumber:
		f := float64(x)
		if f != math.Trunc(f) || math.IsInf(f, 0) {
			rt.bufRange(L, "value", "an integer", f)
		}
		if signed && f >= -(1<<63) && f < 1<<63 {
			return uint64(int64(f))
		}
		if !signed && f >= 0 && f < 1<<64 {
			return uint64(f)
		}
		n, _ = new(big.Float).SetFloat64(f).Int(nil)
	case lua.LString:
		s := strings.TrimSpace(string(x))
		var ok bool
		if len(s) > 2 && (s[:2] == "0x" || s[:2] == "0X") {
			n, ok = new(big.Int).SetString(s[2:], 16)
		} else if s != "" {
			n, ok = new(big.Int).SetString(s, 10)
		}
		if !ok {
			rt.ThrowCode(L, "SyntaxError", "", "Cannot convert "+string(x)+" to a BigInt")
		}
	default:
		rt.ArgTypeError(L, "value", "of type number or string", v)
	}
	if signed {
		if n.Cmp(new(big.Int).Neg(two63)) < 0 || n.Cmp(two63) >= 0 {
			rt.bigRangeError(L, true, n)
		}
		return uint64(n.Int64())
	}
	if n.Sign() < 0 || n.Cmp(two64) >= 0 {
		rt.bigRangeError(L, false, n)
	}
	return n.Uint64()
}

func writeBigMethod(name string, signed, le bool) Method {
	return func(rt *Runtime, L *lua.LState) int {
		b := Self[*Buffer](rt, L, name)
		u := rt.bigValue(L, L.Get(2), signed)
		off := rt.bufOffset(L, b, L.Get(3), 8, true)
		putUint(b.B[off:], u, 8, le)
		L.Push(rt.num(float64(off + 8)))
		return 1
	}
}

func init() {
	m := bufferClass.Methods
	add := func(name string, fn Method) {
		m[name] = fn
		// Node has both spellings: readUInt8 and readUint8.
		if strings.Contains(name, "UInt") {
			m[strings.Replace(name, "UInt", "Uint", 1)] = fn
		}
	}
	add("readUInt8", readIntMethod("readUInt8", 1, false, true))
	add("readInt8", readIntMethod("readInt8", 1, true, true))
	add("writeUInt8", writeIntMethod("writeUInt8", 1, false, true))
	add("writeInt8", writeIntMethod("writeInt8", 1, true, true))
	for _, e := range []struct {
		suffix string
		le     bool
	}{{"LE", true}, {"BE", false}} {
		for _, size := range []int{2, 4} {
			bits := strconv.Itoa(8 * size)
			add("readUInt"+bits+e.suffix, readIntMethod("readUInt"+bits+e.suffix, size, false, e.le))
			add("readInt"+bits+e.suffix, readIntMethod("readInt"+bits+e.suffix, size, true, e.le))
			add("writeUInt"+bits+e.suffix, writeIntMethod("writeUInt"+bits+e.suffix, size, false, e.le))
			add("writeInt"+bits+e.suffix, writeIntMethod("writeInt"+bits+e.suffix, size, true, e.le))
		}
		add("readFloat"+e.suffix, readFloatMethod("readFloat"+e.suffix, 4, e.le))
		add("readDouble"+e.suffix, readFloatMethod("readDouble"+e.suffix, 8, e.le))
		add("writeFloat"+e.suffix, writeFloatMethod("writeFloat"+e.suffix, 4, e.le))
		add("writeDouble"+e.suffix, writeFloatMethod("writeDouble"+e.suffix, 8, e.le))
		add("readBigInt64"+e.suffix, readBigMethod("readBigInt64"+e.suffix, true, e.le))
		add("readBigUInt64"+e.suffix, readBigMethod("readBigUInt64"+e.suffix, false, e.le))
		add("writeBigInt64"+e.suffix, writeBigMethod("writeBigInt64"+e.suffix, true, e.le))
		add("writeBigUInt64"+e.suffix, writeBigMethod("writeBigUInt64"+e.suffix, false, e.le))
		add("readUInt"+e.suffix, readVarMethod("readUInt"+e.suffix, false, e.le))
		add("readInt"+e.suffix, readVarMethod("readInt"+e.suffix, true, e.le))
		add("writeUInt"+e.suffix, writeVarMethod("writeUInt"+e.suffix, false, e.le))
		add("writeInt"+e.suffix, writeVarMethod("writeInt"+e.suffix, true, e.le))
	}
}
