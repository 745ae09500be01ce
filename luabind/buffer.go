package luabind

import (
	"bytes"
	"math"
	"strconv"
	"strings"
	"unsafe"

	lua "github.com/yuin/gopher-lua"

	"github.com/netsh/netsh/luabind/internal/jsfmt"
)

// Buffer is Node's Buffer: a userdata over a byte slice. Offsets are
// 0-based as in Node; slices share memory with their parent, as in Node.
// Methods are in buffer.go (general), buffer_rw.go (number families) and
// buffer_codec.go (encodings).
type Buffer struct {
	Base
	B []byte
}

// kMaxLength is Node 20's buffer.constants.MAX_LENGTH (64-bit builds).
const kMaxLength = 1 << 32

// ErrInvalidBufferSize is raised by swap16/32/64 on a buffer of the wrong size.
const ErrInvalidBufferSize = "ERR_INVALID_BUFFER_SIZE"

// bufferClass is the Lua class of every Buffer; its methods are filled
// in by init (buffer_rw.go adds the number families).
var bufferClass = &Class{
	Name:     "Buffer",
	Methods:  map[string]Method{},
	Index:    bufIndex,
	NewIndex: bufNewIndex,
	Meta: map[string]lua.LGFunction{
		"__len":      bufLen,
		"__tostring": bufToLuaString,
		"__concat":   bufConcatMeta,
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

// BufferBytes is toBytes for other packages: the bytes of a Lua string
// (copied) or of a Buffer (shared, so writes through it show in Lua).
func (rt *Runtime) BufferBytes(v lua.LValue) ([]byte, bool) { return rt.toBytes(v) }

// asBuffer returns v as a Buffer, or nil.
func asBuffer(v lua.LValue) *Buffer {
	if ud, ok := v.(*lua.LUserData); ok {
		if b, ok := ud.Value.(*Buffer); ok {
			return b
		}
	}
	return nil
}

// ---- numbers without allocation ----

// smallNums are the boxed numbers 0..255: every byte value, so buf[i]
// and readUInt8 never allocate.
var smallNums = func() (t [256]lua.LValue) {
	for i := range t {
		t[i] = lua.LNumber(i)
	}
	return
}()

// numAlloc boxes float64s for Lua in blocks: turning a number into an
// LValue otherwise costs a heap allocation each time (gopher-lua does the
// same internally). Per Runtime, so loop goroutine only.
type numAlloc struct{ block []float64 }

// eface is the memory layout of a Go interface value.
type eface struct {
	typ, data unsafe.Pointer
}

// num returns f as a Lua number, allocating one block per 256 numbers.
func (rt *Runtime) num(f float64) lua.LValue {
	if f >= 0 && f < 256 {
		if i := int(f); float64(i) == f && (i != 0 || !math.Signbit(f)) {
			return smallNums[i]
		}
	}
	a := &rt.bufNums
	if len(a.block) == cap(a.block) {
		a.block = make([]float64, 0, 256)
	}
	a.block = append(a.block, f)
	var v lua.LValue = lua.LNumber(0)
	(*eface)(unsafe.Pointer(&v)).data = unsafe.Pointer(&a.block[len(a.block)-1])
	return v
}

// ---- Node's error wording ----

// jsNumberString is JavaScript's Number#toString for f (-0 prints as 0,
// unlike jsfmt.InspectNumber).
func jsNumberString(f float64) string {
	if f == 0 {
		return "0"
	}
	return jsfmt.InspectNumber(f)
}

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

// unknownEncoding raises ERR_UNKNOWN_ENCODING naming v as JavaScript's
// String(v) would.
func (rt *Runtime) unknownEncoding(L *lua.LState, v lua.LValue) {
	s := "undefined"
	switch x := v.(type) {
	case lua.LString:
		s = string(x)
	case lua.LNumber:
		s = jsNumberString(float64(x))
	case *lua.LNilType:
	default:
		s = L.ToStringMeta(v).String()
	}
	rt.ThrowCode(L, "TypeError", ErrUnknownEncoding, "Unknown encoding: "+s)
}

// encodingArg reads an optional encoding argument (nil or "" mean utf8);
// a name Node does not know raises ERR_UNKNOWN_ENCODING.
func (rt *Runtime) encodingArg(L *lua.LState, v lua.LValue) encoding {
	switch x := v.(type) {
	case *lua.LNilType:
		return encUTF8
	case lua.LString:
		if e := lookupEncoding(string(x)); e != encUnknown {
			return e
		}
	}
	rt.unknownEncoding(L, v)
	return encUTF8
}

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

// jsToNumber is JavaScript's unary + for the Lua values it makes sense
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

// numberArg is jsToNumber for an argument; a table or function raises
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

// ---- metamethods and indexing ----

func bufLen(L *lua.LState) int {
	b := asBuffer(L.Get(1))
	if b == nil {
		L.Push(lua.LNumber(0))
		return 1
	}
	L.Push(lua.LNumber(len(b.B)))
	return 1
}

// bufToLuaString is __tostring: the raw bytes, what String(buf) is in Node
// for text (and what a Lua program wants for binary data).
func bufToLuaString(L *lua.LState) int {
	if b := asBuffer(L.Get(1)); b != nil {
		L.Push(lua.LString(b.B))
		return 1
	}
	L.Push(lua.LString("Buffer"))
	return 1
}

// bufConcatMeta is __concat: 'text' .. buf, buf .. 'text', buf .. buf and
// numbers, all giving Lua strings.
func bufConcatMeta(L *lua.LState) int {
	piece := func(v lua.LValue) string {
		switch x := v.(type) {
		case lua.LString:
			return string(x)
		case lua.LNumber:
			return x.String()
		}
		if b := asBuffer(v); b != nil {
			return string(b.B)
		}
		L.RaiseError("attempt to concatenate a Buffer with a %s value", v.Type().String())
		return ""
	}
	a, b := piece(L.Get(1)), piece(L.Get(2))
	L.Push(lua.LString(a + b))
	return 1
}

// bufIndex answers buf[i] (a byte, nil outside the buffer, as in Node)
// and buf.length (and byteLength).
func bufIndex(rt *Runtime, L *lua.LState, self Object, key lua.LValue) (lua.LValue, bool) {
	b := self.(*Buffer).B
	switch k := key.(type) {
	case lua.LNumber:
		f := float64(k)
		if f >= 0 && f < float64(len(b)) {
			if i := int(f); float64(i) == f {
				return smallNums[b[i]], true
			}
		}
		return lua.LNil, true
	case lua.LString:
		if k == "length" || k == "byteLength" {
			return rt.num(float64(len(b))), true
		}
	}
	return nil, false
}

// bufNewIndex handles buf[i] = v like a Uint8Array: the value is stored
// modulo 256, writes outside the buffer are ignored; length is read-only.
func bufNewIndex(rt *Runtime, L *lua.LState, self Object, key, v lua.LValue) bool {
	switch k := key.(type) {
	case lua.LNumber:
		b := self.(*Buffer).B
		f := rt.numberArg(L, v, "value")
		i := int(float64(k))
		if float64(k) >= 0 && float64(k) < float64(len(b)) && float64(i) == float64(k) {
			b[i] = toUint8(f)
		}
		return true
	case lua.LString:
		return k == "length"
	}
	return false
}

// ---- the Buffer table (static functions) ----

func openBuffer(rt *Runtime) (lua.LValue, error) {
	L := rt.L
	B := L.NewTable()
	fns := map[string]lua.LGFunction{
		"alloc": func(L *lua.LState) int {
			n := rt.allocSize(L)
			b := &Buffer{B: make([]byte, n)}
			ud := rt.NewObject(bufferClass, b)
			fill := L.Get(2)
			if f, ok := fill.(lua.LNumber); !(fill == lua.LNil || ok && f == 0) && n > 0 {
				rt.bufFill(L, b.B, fill, lua.LNumber(0), lua.LNumber(n), L.Get(3))
			}
			L.Push(ud)
			return 1
		},
		"allocUnsafe": func(L *lua.LState) int {
			L.Push(rt.NewBuffer(make([]byte, rt.allocSize(L))))
			return 1
		},
		"from": func(L *lua.LState) int {
			L.Push(rt.NewBuffer(rt.bufFrom(L, L.Get(1), L.Get(2))))
			return 1
		},
		"of": func(L *lua.LState) int {
			n := L.GetTop()
			out := make([]byte, n)
			for i := 1; i <= n; i++ {
				out[i-1] = toUint8(rt.numberArg(L, L.Get(i), "items"))
			}
			L.Push(rt.NewBuffer(out))
			return 1
		},
		"concat":     rt.bufConcat,
		"isBuffer":   func(L *lua.LState) int { L.Push(lua.LBool(asBuffer(L.Get(1)) != nil)); return 1 },
		"isEncoding": bufIsEncoding,
		"byteLength": func(L *lua.LState) int {
			switch x := L.Get(1).(type) {
			case lua.LString:
				enc := encUTF8
				if e, ok := L.Get(2).(lua.LString); ok {
					enc = lookupEncoding(string(e)) // unknown counts as utf8, as in Node
				}
				L.Push(lua.LNumber(byteLengthOf(string(x), enc)))
				return 1
			}
			if b := asBuffer(L.Get(1)); b != nil {
				L.Push(lua.LNumber(len(b.B)))
				return 1
			}
			rt.ArgTypeError(L, "string", "of type string or an instance of Buffer or ArrayBuffer", L.Get(1))
			return 0
		},
		"compare": func(L *lua.LState) int {
			a := rt.checkBuffer(L, L.Get(1), "buf1")
			b := rt.checkBuffer(L, L.Get(2), "buf2")
			L.Push(lua.LNumber(bytes.Compare(a.B, b.B)))
			return 1
		},
	}
	fns["allocUnsafeSlow"] = fns["allocUnsafe"]
	for name, fn := range fns {
		B.RawSetString(name, L.NewFunction(fn))
	}
	B.RawSetString("poolSize", lua.LNumber(8192))
	// Buffer(x) as Node's deprecated Buffer(x): a number allocates,
	// anything else is Buffer.from.
	mt := L.NewTable()
	alloc, from := B.RawGetString("alloc").(*lua.LFunction), B.RawGetString("from").(*lua.LFunction)
	mt.RawSetString("__call", L.NewFunction(func(L *lua.LState) int {
		L.Remove(1)
		if _, ok := L.Get(1).(lua.LNumber); ok {
			L.SetTop(1)
			return alloc.GFunction(L)
		}
		return from.GFunction(L)
	}))
	L.SetMetatable(B, mt)

	m := L.NewTable()
	m.RawSetString("Buffer", B)
	m.RawSetString("kMaxLength", lua.LNumber(kMaxLength))
	m.RawSetString("INSPECT_MAX_BYTES", lua.LNumber(50))
	c := L.NewTable()
	c.RawSetString("MAX_LENGTH", lua.LNumber(kMaxLength))
	c.RawSetString("MAX_STRING_LENGTH", lua.LNumber(536870888))
	m.RawSetString("constants", c)
	return m, nil
}

// allocSize validates the size argument of alloc/allocUnsafe as Node's
// validateNumber(size, 'size', 0, kMaxLength); fractions are truncated.
func (rt *Runtime) allocSize(L *lua.LState) int {
	v := L.Get(1)
	x, ok := v.(lua.LNumber)
	if !ok {
		rt.ArgTypeError(L, "size", "of type number", v)
	}
	f := float64(x)
	if !(f >= 0 && f <= kMaxLength) {
		rt.bufRange(L, "size", ">= 0 && <= "+strconv.Itoa(kMaxLength), f)
	}
	return int(f)
}

func bufIsEncoding(L *lua.LState) int {
	s, ok := L.Get(1).(lua.LString)
	L.Push(lua.LBool(ok && s != "" && lookupEncoding(string(s)) != encUnknown))
	return 1
}

// bufFrom is Buffer.from: a copy of a string (in enc), a Buffer, an array
// of byte values, or a {type='Buffer', data={...}} table (toJSON's form).
func (rt *Runtime) bufFrom(L *lua.LState, v, encV lua.LValue) []byte {
	switch x := v.(type) {
	case lua.LString:
		enc := encUTF8
		if s, ok := encV.(lua.LString); ok && s != "" {
			if enc = lookupEncoding(string(s)); enc == encUnknown {
				rt.unknownEncoding(L, encV)
			}
		}
		return encodeString(string(x), enc)
	case *lua.LTable:
		if typ, ok := x.RawGetString("type").(lua.LString); ok && typ == "Buffer" {
			if d, ok := x.RawGetString("data").(*lua.LTable); ok {
				x = d
			}
		}
		n := x.Len()
		out := make([]byte, n)
		for i := 1; i <= n; i++ {
			f, _ := toNumberOK(x.RawGetInt(i))
			out[i-1] = toUint8(f) // objects are NaN, stored as 0, as in Node
		}
		return out
	case *lua.LUserData:
		if b, ok := x.Value.(*Buffer); ok {
			return append([]byte(nil), b.B...)
		}
	}
	rt.ThrowCode(L, "TypeError", ErrInvalidArgType,
		"The first argument must be of type string or an instance of Buffer, ArrayBuffer, or Array or an Array-like Object. Received "+describeReceived(v))
	return nil
}

// bufConcat is Buffer.concat(list[, totalLength]). Element positions in
// messages are Lua's (list[1] is the first).
func (rt *Runtime) bufConcat(L *lua.LState) int {
	list, ok := L.Get(1).(*lua.LTable)
	if !ok {
		rt.ArgTypeError(L, "list", "an instance of Array", L.Get(1))
	}
	n := list.Len()
	if n == 0 {
		L.Push(rt.NewBuffer([]byte{}))
		return 1
	}
	bufs := make([]*Buffer, n)
	total := 0
	for i := 1; i <= n; i++ {
		v := list.RawGetInt(i)
		b := asBuffer(v)
		if b == nil {
			rt.bufTypeError(L, "list["+strconv.Itoa(i)+"]", v)
		}
		bufs[i-1] = b
		total += len(b.B)
	}
	if lv := L.Get(2); lv != lua.LNil {
		total = rt.validateInteger(L, lv, "length", 0, kMaxLength)
	}
	out := make([]byte, total)
	pos := 0
	for _, b := range bufs {
		pos += copy(out[pos:], b.B)
	}
	L.Push(rt.NewBuffer(out))
	return 1
}

// bufFill is Node's _fill: value (number, string in enc, or Buffer)
// repeated over [offset, end). Strings may take the place of offset or end
// as the encoding, as in Node.
func (rt *Runtime) bufFill(L *lua.LState, b []byte, value, offV, endV, encV lua.LValue) {
	var pat []byte
	var single int = -1
	switch x := value.(type) {
	case lua.LString:
		if _, ok := offV.(lua.LString); ok || offV == lua.LNil {
			encV, offV, endV = offV, lua.LNil, lua.LNil
		} else if _, ok := endV.(lua.LString); ok {
			encV, endV = endV, lua.LNil
		}
		enc := encUTF8
		switch e := encV.(type) {
		case *lua.LNilType:
		case lua.LString:
			if enc = lookupEncoding(string(e)); enc == encUnknown {
				rt.unknownEncoding(L, encV)
			}
		default:
			rt.ArgTypeError(L, "encoding", "of type string", encV)
		}
		if x == "" {
			single = 0
		} else {
			pat = encodeString(string(x), enc)
		}
	case lua.LNumber:
		single = int(toUint8(float64(x)))
	case lua.LBool:
		single = 0
		if x {
			single = 1
		}
	case *lua.LUserData:
		bb, ok := x.Value.(*Buffer)
		if !ok {
			rt.ArgTypeError(L, "value", "one of type number or string or an instance of Buffer or Uint8Array", value)
		}
		pat = bb.B
	default:
		rt.ArgTypeError(L, "value", "one of type number or string or an instance of Buffer or Uint8Array", value)
	}
	off, end := 0, len(b)
	if offV != lua.LNil {
		off = rt.validateInteger(L, offV, "offset", 0, kMaxLength)
		if endV != lua.LNil {
			end = rt.validateInteger(L, endV, "end", 0, int64(len(b)))
		}
		if off >= end {
			return
		}
	}
	if single >= 0 {
		for i := off; i < end; i++ {
			b[i] = byte(single)
		}
		return
	}
	if len(pat) == 0 {
		rt.ThrowCode(L, "TypeError", ErrInvalidArgValue, "The argument 'value' is invalid. Received "+inspectShort(value))
	}
	// Copy the pattern once, then double what is written (the pattern may
	// be b itself, so take a copy first).
	pat = append([]byte(nil), pat...)
	dst := b[off:end]
	n := copy(dst, pat)
	for n < len(dst) {
		n += copy(dst[n:], dst[:n])
	}
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

// indexOfOffset is node_buffer.cc's IndexOfOffset.
func indexOfOffset(length, off, needle int, forward bool) int {
	if off < 0 {
		if off+length >= 0 {
			return length + off
		}
		if forward || needle == 0 {
			return 0
		}
		return -1
	}
	if off+needle <= length {
		return off
	}
	if needle == 0 {
		return length
	}
	if forward {
		return -1
	}
	return length - 1
}

// bufIndexOf is indexOf/lastIndexOf/includes (Node's bidirectionalIndexOf).
func (rt *Runtime) bufIndexOf(L *lua.LState, b *Buffer, forward bool) int {
	val, offV, encV := L.Get(2), L.Get(3), L.Get(4)
	if _, ok := offV.(lua.LString); ok {
		encV, offV = offV, lua.LNil
	}
	f := math.NaN()
	switch x := offV.(type) {
	case lua.LNumber:
		f = float64(x)
	case lua.LBool:
		if f = 0; x {
			f = 1
		}
	}
	if f > 0x7fffffff {
		f = 0x7fffffff
	} else if f < -0x80000000 {
		f = -0x80000000
	}
	var off int
	if math.IsNaN(f) {
		if forward {
			off = 0
		} else {
			off = len(b.B)
		}
	} else {
		off = int(f) // truncation, as C++'s IntegerValue
	}
	hay := b.B
	var needle []byte
	switch x := val.(type) {
	case lua.LNumber:
		c := toUint8(float64(x)) // Node: val >>> 0, then its low byte
		o := indexOfOffset(len(hay), off, 1, forward)
		if o <= -1 || len(hay) == 0 {
			return -1
		}
		if forward {
			if i := bytes.IndexByte(hay[o:], c); i >= 0 {
				return o + i
			}
			return -1
		}
		return bytes.LastIndexByte(hay[:o+1], c)
	case lua.LString:
		enc := encUTF8
		if encV != lua.LNil {
			if s, ok := encV.(lua.LString); !ok || lookupEncoding(string(s)) == encUnknown {
				rt.unknownEncoding(L, encV)
			} else {
				enc = lookupEncoding(string(s))
			}
		}
		needle = encodeString(string(x), enc)
	default:
		nb := asBuffer(val)
		if nb == nil {
			rt.ArgTypeError(L, "value", "one of type number or string or an instance of Buffer or Uint8Array", val)
		}
		needle = nb.B
	}
	o := indexOfOffset(len(hay), off, len(needle), forward)
	if len(needle) == 0 {
		return o
	}
	if len(hay) == 0 || o <= -1 || len(needle) > len(hay) || forward && len(hay) < o+len(needle) {
		return -1
	}
	if forward {
		if i := bytes.Index(hay[o:], needle); i >= 0 {
			return o + i
		}
		return -1
	}
	end := o + len(needle)
	if end > len(hay) {
		end = len(hay)
	}
	return bytes.LastIndex(hay[:end], needle)
}

// bufWrite is buf:write(string[, offset[, length]][, encoding]).
func (rt *Runtime) bufWrite(L *lua.LState, b *Buffer) int {
	sv, ok := L.Get(2).(lua.LString)
	if !ok {
		rt.ArgTypeError(L, "string", "of type string", L.Get(2))
	}
	offV, lenV, encV := L.Get(3), L.Get(4), L.Get(5)
	off, length := 0, len(b.B)
	if _, ok := offV.(lua.LString); ok && lenV == lua.LNil {
		encV = offV
	} else if offV != lua.LNil {
		off = rt.validateInteger(L, offV, "offset", 0, int64(len(b.B)))
		remaining := len(b.B) - off
		switch lv := lenV.(type) {
		case *lua.LNilType:
			length = remaining
		case lua.LString:
			encV = lv
			length = remaining
		default:
			length = rt.validateInteger(L, lenV, "length", 0, int64(len(b.B)))
			if length > remaining {
				length = remaining
			}
		}
	}
	// Node: a falsy encoding (nil, false, "", 0) means utf8.
	enc := encUTF8
	switch e := encV.(type) {
	case *lua.LNilType:
	case lua.LString:
		if e != "" {
			if enc = lookupEncoding(string(e)); enc == encUnknown {
				rt.unknownEncoding(L, encV)
			}
		}
	case lua.LBool:
		if e {
			rt.unknownEncoding(L, encV)
		}
	case lua.LNumber:
		if e != 0 && !math.IsNaN(float64(e)) {
			rt.unknownEncoding(L, encV)
		}
	default:
		rt.unknownEncoding(L, encV)
	}
	var src []byte
	if enc == encUTF8 {
		s := string(sv)
		n := len(s)
		if n > length {
			n = utf8Cut(s, length)
		}
		return copy(b.B[off:off+n], s)
	}
	src = encodeString(string(sv), enc)
	n := len(src)
	if n > length {
		n = length
		if enc == encUCS2 {
			n &^= 1
		}
	}
	return copy(b.B[off:off+n], src[:n])
}

// bufCompareRange is buf:compare(target, targetStart, targetEnd,
// sourceStart, sourceEnd).
func (rt *Runtime) bufCompareRange(L *lua.LState, src *Buffer) int {
	t := rt.checkBuffer(L, L.Get(2), "target")
	if L.GetTop() <= 2 {
		return bytes.Compare(src.B, t.B)
	}
	ts, te, ss, se := 0, len(t.B), 0, len(src.B)
	if v := L.Get(3); v != lua.LNil {
		ts = rt.validateInteger(L, v, "targetStart", 0, kMaxLength)
	}
	if v := L.Get(4); v != lua.LNil {
		te = rt.validateInteger(L, v, "targetEnd", 0, int64(len(t.B)))
	}
	if v := L.Get(5); v != lua.LNil {
		ss = rt.validateInteger(L, v, "sourceStart", 0, kMaxLength)
	}
	if v := L.Get(6); v != lua.LNil {
		se = rt.validateInteger(L, v, "sourceEnd", 0, int64(len(src.B)))
	}
	if ss >= se {
		if ts >= te {
			return 0
		}
		return -1
	}
	if ts >= te {
		return 1
	}
	// Here ss < se <= len(src) and ts < te <= len(t).
	return bytes.Compare(src.B[ss:se], t.B[ts:te])
}

// bufCopy is buf:copy(target, targetStart, sourceStart, sourceEnd);
// overlapping ranges of one buffer copy as memmove does.
func (rt *Runtime) bufCopy(L *lua.LState, src *Buffer) int {
	t := rt.checkBuffer(L, L.Get(2), "target")
	ts, ss, se := 0, 0, len(src.B)
	if v := L.Get(3); v != lua.LNil {
		f := rt.numberArg(L, v, "targetStart")
		if ts = toInteger(f, 0); ts < 0 {
			rt.bufRange(L, "targetStart", ">= 0", float64(ts))
		}
	}
	if v := L.Get(4); v != lua.LNil {
		f := rt.numberArg(L, v, "sourceStart")
		if ss = toInteger(f, 0); ss < 0 || ss > len(src.B) {
			rt.bufRange(L, "sourceStart", ">= 0 && <= "+strconv.Itoa(len(src.B)), float64(ss))
		}
	}
	if v := L.Get(5); v != lua.LNil {
		f := rt.numberArg(L, v, "sourceEnd")
		if se = toInteger(f, 0); se < 0 {
			rt.bufRange(L, "sourceEnd", ">= 0", float64(se))
		}
	}
	if ts >= len(t.B) || ss >= se {
		return 0
	}
	if se > len(src.B) {
		se = len(src.B)
	}
	return copy(t.B[ts:], src.B[ss:se])
}

// optNumberArg reads an optional position argument (nil -> absent).
func (rt *Runtime) optNumberArg(L *lua.LState, n int, name string) (float64, bool) {
	v := L.Get(n)
	if v == lua.LNil {
		return 0, false
	}
	return rt.numberArg(L, v, name), true
}

// bufferMethods are the methods other than the number families.
var bufferMethods = map[string]Method{
	"toString":       bufToString,
	"toLocaleString": bufToString,
	"toJSON": func(rt *Runtime, L *lua.LState) int {
		b := Self[*Buffer](rt, L, "toJSON")
		data := L.CreateTable(len(b.B), 0)
		for _, c := range b.B {
			data.Append(smallNums[c])
		}
		t := L.CreateTable(0, 2)
		t.RawSetString("type", lua.LString("Buffer"))
		t.RawSetString("data", data)
		L.Push(t)
		return 1
	},
	"slice": bufSlice("slice"),
	// subarray is slice: both share memory in Node 20.
	"subarray": bufSlice("subarray"),
	"copy": func(rt *Runtime, L *lua.LState) int {
		b := Self[*Buffer](rt, L, "copy")
		L.Push(rt.num(float64(rt.bufCopy(L, b))))
		return 1
	},
	"fill": func(rt *Runtime, L *lua.LState) int {
		b := Self[*Buffer](rt, L, "fill")
		rt.bufFill(L, b.B, L.Get(2), L.Get(3), L.Get(4), L.Get(5))
		L.Push(b.UD)
		return 1
	},
	"equals": func(rt *Runtime, L *lua.LState) int {
		b := Self[*Buffer](rt, L, "equals")
		o := rt.checkBuffer(L, L.Get(2), "otherBuffer")
		L.Push(lua.LBool(bytes.Equal(b.B, o.B)))
		return 1
	},
	"compare": func(rt *Runtime, L *lua.LState) int {
		b := Self[*Buffer](rt, L, "compare")
		L.Push(lua.LNumber(rt.bufCompareRange(L, b)))
		return 1
	},
	"indexOf": func(rt *Runtime, L *lua.LState) int {
		b := Self[*Buffer](rt, L, "indexOf")
		L.Push(lua.LNumber(rt.bufIndexOf(L, b, true)))
		return 1
	},
	"lastIndexOf": func(rt *Runtime, L *lua.LState) int {
		b := Self[*Buffer](rt, L, "lastIndexOf")
		L.Push(lua.LNumber(rt.bufIndexOf(L, b, false)))
		return 1
	},
	"includes": func(rt *Runtime, L *lua.LState) int {
		b := Self[*Buffer](rt, L, "includes")
		L.Push(lua.LBool(rt.bufIndexOf(L, b, true) != -1))
		return 1
	},
	"write": func(rt *Runtime, L *lua.LState) int {
		b := Self[*Buffer](rt, L, "write")
		L.Push(rt.num(float64(rt.bufWrite(L, b))))
		return 1
	},
	"swap16": bufSwap("swap16", 2),
	"swap32": bufSwap("swap32", 4),
	"swap64": bufSwap("swap64", 8),
}

// bufToString is buf:toString([encoding[, start[, end]]]) with Node's
// clamping of start and end (checked before the encoding, as in Node).
func bufToString(rt *Runtime, L *lua.LState) int {
	b := Self[*Buffer](rt, L, "toString")
	n := len(b.B)
	start, end := 0, n
	if f, ok := rt.optNumberArg(L, 3, "start"); ok {
		if f >= float64(n) {
			L.Push(lua.LString(""))
			return 1
		}
		if f > 0 {
			start = int(f)
		}
	}
	if f, ok := rt.optNumberArg(L, 4, "end"); ok && f <= float64(n) {
		if math.IsNaN(f) {
			f = 0
		}
		end = int(math.Trunc(f))
	}
	if end <= start {
		L.Push(lua.LString(""))
		return 1
	}
	L.Push(lua.LString(decodeBytes(b.B[start:end], rt.encodingArg(L, L.Get(2)))))
	return 1
}

func bufSlice(name string) Method {
	return func(rt *Runtime, L *lua.LState) int {
		b := Self[*Buffer](rt, L, name)
		n := len(b.B)
		start, end := 0, n
		if f, ok := rt.optNumberArg(L, 2, "start"); ok {
			start = adjustOffset(f, n)
		}
		if f, ok := rt.optNumberArg(L, 3, "end"); ok {
			end = adjustOffset(f, n)
		}
		if end < start {
			end = start
		}
		// Full slice expression: the view can never grow into the parent.
		L.Push(rt.NewBuffer(b.B[start:end:end]))
		return 1
	}
}

func bufSwap(name string, size int) Method {
	return func(rt *Runtime, L *lua.LState) int {
		b := Self[*Buffer](rt, L, name)
		if len(b.B)%size != 0 {
			rt.ThrowCode(L, "RangeError", ErrInvalidBufferSize,
				"Buffer size must be a multiple of "+strconv.Itoa(size*8)+"-bits")
		}
		for i := 0; i < len(b.B); i += size {
			w := b.B[i : i+size]
			for j, k := 0, size-1; j < k; j, k = j+1, k-1 {
				w[j], w[k] = w[k], w[j]
			}
		}
		L.Push(b.UD)
		return 1
	}
}

func init() {
	for name, m := range bufferMethods {
		bufferClass.Methods[name] = m
	}
	Register(Module{Name: "buffer", Open: openBuffer})
	addGlobals("buffer", copyFields("Buffer"))
}
