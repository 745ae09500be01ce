package luabind

import (
	"bytes"
	"strconv"

	"github.com/netsh/netsh/luabind/internal/encoding"
	lua "github.com/yuin/gopher-lua"
)

// The buffer module: the Buffer table (static functions, callable as
// Node's deprecated Buffer(x)) and the module's constants.

func init() {
	for name, m := range bufferMethods {
		bufferClass.Methods[name] = m
	}
	Register(Module{Name: "buffer", Open: openBuffer})
}

// openBuffer builds the module table: Buffer, kMaxLength, constants.
func openBuffer(rt *Runtime) (lua.LValue, error) {
	L := rt.L
	B := rt.bufferTable()
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

// bufferTable is the Buffer table: its static functions, and a __call
// that makes Buffer(x) Node's deprecated Buffer(x): a number allocates,
// anything else is Buffer.from.
func (rt *Runtime) bufferTable() *lua.LTable {
	L := rt.L
	B := L.NewTable()
	for name, fn := range rt.bufferStatics() {
		B.RawSetString(name, L.NewFunction(fn))
	}
	B.RawSetString("poolSize", lua.LNumber(8192))
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
	return B
}

// bufferStatics are the functions of the Buffer table.
func (rt *Runtime) bufferStatics() map[string]lua.LGFunction {
	fns := map[string]lua.LGFunction{
		"alloc": rt.bufAlloc,
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
		"byteLength": rt.bufByteLength,
		"compare": func(L *lua.LState) int {
			a := rt.checkBuffer(L, L.Get(1), "buf1")
			b := rt.checkBuffer(L, L.Get(2), "buf2")
			L.Push(lua.LNumber(bytes.Compare(a.B, b.B)))
			return 1
		},
	}
	fns["allocUnsafeSlow"] = fns["allocUnsafe"]
	return fns
}

// bufAlloc is Buffer.alloc(size[, fill[, encoding]]): zeroed, then
// filled unless the fill is absent or 0.
func (rt *Runtime) bufAlloc(L *lua.LState) int {
	n := rt.allocSize(L)
	b := &Buffer{B: make([]byte, n)}
	ud := rt.NewObject(bufferClass, b)
	fill := L.Get(2)
	if f, ok := fill.(lua.LNumber); !(fill == lua.LNil || ok && f == 0) && n > 0 {
		rt.bufFill(L, b.B, fill, lua.LNumber(0), lua.LNumber(n), L.Get(3))
	}
	L.Push(ud)
	return 1
}

// bufByteLength is Buffer.byteLength(string or Buffer[, encoding]).
func (rt *Runtime) bufByteLength(L *lua.LState) int {
	switch x := L.Get(1).(type) {
	case lua.LString:
		enc := encoding.UTF8
		if e, ok := L.Get(2).(lua.LString); ok {
			enc = encoding.Lookup(string(e)) // unknown counts as utf8, as in Node
		}
		L.Push(lua.LNumber(encoding.ByteLength(string(x), enc)))
		return 1
	}
	if b := asBuffer(L.Get(1)); b != nil {
		L.Push(lua.LNumber(len(b.B)))
		return 1
	}
	rt.ArgTypeError(L, "string", "of type string or an instance of Buffer or ArrayBuffer", L.Get(1))
	return 0
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

// bufIsEncoding is Buffer.isEncoding(name).
func bufIsEncoding(L *lua.LState) int {
	s, ok := L.Get(1).(lua.LString)
	L.Push(lua.LBool(ok && s != "" && encoding.Lookup(string(s)) != encoding.Unknown))
	return 1
}

// bufFrom is Buffer.from: a copy of a string (in enc), a Buffer, an array
// of byte values, or a {type='Buffer', data={...}} table (toJSON's form).
func (rt *Runtime) bufFrom(L *lua.LState, v, encV lua.LValue) []byte {
	switch x := v.(type) {
	case lua.LString:
		return encoding.Encode(string(x), rt.fromEncodingArg(L, encV))
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
