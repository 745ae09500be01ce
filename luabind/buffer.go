package luabind

import (
	"math"
	"unsafe"

	lua "github.com/yuin/gopher-lua"
)

// Buffer is Node's Buffer: a userdata over a byte slice. Offsets are
// 0-based as in Node; slices share memory with their parent, as in Node.
// Its methods are in buffer_methods.go and buffer_rw.go (numbers), the
// Buffer table (from, alloc, concat...) in buffer_module.go.
type Buffer struct {
	Base
	B []byte // the contents; a slice's B aliases its parent's
}

// kMaxLength is Node 20's buffer.constants.MAX_LENGTH (64-bit builds).
const kMaxLength = 1 << 32

// ErrInvalidBufferSize is raised by swap16/32/64 on a buffer of the wrong size.
const ErrInvalidBufferSize = "ERR_INVALID_BUFFER_SIZE"

// bufferClass is the Lua class of every Buffer; its methods are filled
// in by init (buffer_module.go; buffer_rw.go adds the number families).
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

// smallNums are the boxed numbers 0..1023: every byte value, so buf[i]
// and readUInt8 never allocate, and the positions and lengths the string
// functions mostly return (a number pushed to Lua is otherwise boxed on
// the heap: Go caches no float64's box but zero's).
var smallNums = func() (t [1024]lua.LValue) {
	for i := range t {
		t[i] = lua.LNumber(i)
	}
	return
}()

// intNum returns n as a Lua number, without allocating when it is small.
func intNum(n int) lua.LValue {
	if uint(n) < uint(len(smallNums)) {
		return smallNums[n]
	}
	return lua.LNumber(n)
}

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
	if f >= 0 && f < float64(len(smallNums)) {
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

// ---- metamethods and indexing ----

// bufLen is __len: #buf is the byte length.
func bufLen(L *lua.LState) int {
	b := asBuffer(L.Get(1))
	if b == nil {
		L.Push(lua.LNumber(0))
		return 1
	}
	L.Push(intNum(len(b.B)))
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
