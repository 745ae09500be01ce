package luabind

import (
	"bytes"
	"math"
	"strconv"

	"github.com/netsh/netsh/luabind/internal/encoding"
	lua "github.com/yuin/gopher-lua"
)

// bufferMethods are the methods other than the number families
// (buffer_rw.go).
var bufferMethods = map[string]Method{
	"writePacked":    bufWritePacked,
	"readPacked":     bufReadPacked,
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
	L.Push(lua.LString(encoding.Decode(b.B[start:end], rt.encodingArg(L, L.Get(2)))))
	return 1
}

// bufSlice is slice and subarray: a view sharing b's memory, with Node's
// clamping of start and end.
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

// bufSwap is swap16/32/64: the byte order of each size-byte group
// reversed in place.
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

// ---- write and fill ----

// bufWrite is buf:write(string[, offset[, length]][, encoding]): like
// Node, it never writes part of a utf8 character or of a UTF-16 unit.
func (rt *Runtime) bufWrite(L *lua.LState, b *Buffer) int {
	sv, ok := L.Get(2).(lua.LString)
	if !ok {
		rt.ArgTypeError(L, "string", "of type string", L.Get(2))
	}
	off, length, encV := rt.writeRange(L, len(b.B), L.Get(3), L.Get(4), L.Get(5))
	enc := rt.writeEncodingArg(L, encV)
	if enc == encoding.UTF8 {
		s := string(sv)
		n := len(s)
		if n > length {
			n = encoding.CutUTF8(s, length)
		}
		return copy(b.B[off:off+n], s)
	}
	src := encoding.Encode(string(sv), enc)
	n := len(src)
	if n > length {
		n = length
		if enc == encoding.UTF16LE {
			n &^= 1
		}
	}
	return copy(b.B[off:off+n], src[:n])
}

// writeRange reads write's offset and length (validated, the length
// clamped to what is left of a buffer of size bytes). Either may be the
// encoding instead, as in Node: enc is the encoding argument found.
func (rt *Runtime) writeRange(L *lua.LState, size int, offV, lenV, encV lua.LValue) (off, length int, enc lua.LValue) {
	off, length = 0, size
	if _, ok := offV.(lua.LString); ok && lenV == lua.LNil {
		return off, length, offV
	}
	if offV == lua.LNil {
		return off, length, encV
	}
	off = rt.validateInteger(L, offV, "offset", 0, int64(size))
	remaining := size - off
	switch lv := lenV.(type) {
	case *lua.LNilType:
		length = remaining
	case lua.LString:
		encV = lv
		length = remaining
	default:
		length = rt.validateInteger(L, lenV, "length", 0, int64(size))
		if length > remaining {
			length = remaining
		}
	}
	return off, length, encV
}

// bufFill is Node's _fill: value (number, string in enc, or Buffer)
// repeated over [offset, end). Strings may take the place of offset or end
// as the encoding, as in Node.
func (rt *Runtime) bufFill(L *lua.LState, b []byte, value, offV, endV, encV lua.LValue) {
	if _, ok := value.(lua.LString); ok {
		if _, ok := offV.(lua.LString); ok || offV == lua.LNil {
			encV, offV, endV = offV, lua.LNil, lua.LNil
		} else if _, ok := endV.(lua.LString); ok {
			encV, endV = endV, lua.LNil
		}
	}
	// Node checks the value (and its encoding) before the range.
	pat, single := rt.fillPattern(L, value, encV)
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

// fillPattern is what fill repeats: one byte (single >= 0) for a number,
// a boolean or "", else (single is -1) the bytes of a string in enc or
// of a Buffer, possibly none.
func (rt *Runtime) fillPattern(L *lua.LState, value, encV lua.LValue) (pat []byte, single int) {
	single = -1
	switch x := value.(type) {
	case lua.LString:
		enc := rt.fillEncodingArg(L, encV)
		if x == "" {
			single = 0
		} else {
			pat = encoding.Encode(string(x), enc)
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
	return pat, single
}

// ---- search ----

// bufIndexOf is indexOf/lastIndexOf/includes (Node's bidirectionalIndexOf).
func (rt *Runtime) bufIndexOf(L *lua.LState, b *Buffer, forward bool) int {
	val, offV, encV := L.Get(2), L.Get(3), L.Get(4)
	if _, ok := offV.(lua.LString); ok {
		encV, offV = offV, lua.LNil
	}
	off := indexOfStart(offV, len(b.B), forward)
	var needle []byte
	switch x := val.(type) {
	case lua.LNumber:
		// Node: val >>> 0, then its low byte
		return indexOfByte(b.B, toUint8(float64(x)), off, forward)
	case lua.LString:
		needle = encoding.Encode(string(x), rt.encodingArg(L, encV))
	default:
		nb := asBuffer(val)
		if nb == nil {
			rt.ArgTypeError(L, "value", "one of type number or string or an instance of Buffer or Uint8Array", val)
		}
		needle = nb.B
	}
	return indexOfBytes(b.B, needle, off, forward)
}

// indexOfStart is the byteOffset argument as Node reads it: a number
// (or boolean) clamped to int32 and truncated; anything else (NaN too)
// means the whole buffer: its start forwards, its end backwards.
func indexOfStart(v lua.LValue, length int, forward bool) int {
	f := math.NaN()
	switch x := v.(type) {
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
	if math.IsNaN(f) {
		if forward {
			return 0
		}
		return length
	}
	return int(f) // truncation, as C++'s IntegerValue
}

// indexOfByte searches hay for the byte c from off (indexOfStart's).
func indexOfByte(hay []byte, c byte, off int, forward bool) int {
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
}

// indexOfBytes searches hay for needle from off (indexOfStart's); an
// empty needle is found at the adjusted offset, as in Node.
func indexOfBytes(hay, needle []byte, off int, forward bool) int {
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
