package luabind

import (
	"errors"
	"math"
	"sort"
	"strconv"

	lua "github.com/yuin/gopher-lua"

	"github.com/netsh/netsh/luabind/internal/framing"
)

// The resp module: RESP values between Lua and the wire. Decoding makes
// simple and bulk strings Lua strings, integers and doubles numbers,
// nulls nil, arrays (sets, pushes) arrays with their length in n, maps
// tables, and error replies Error objects with code ERR_RESP.

// respMarker tags a table that encodes as a simple string or an error.
const respMarker = "__resp"

// respToLua turns a decoded value into its Lua form.
func (rt *Runtime) respToLua(v framing.Value) lua.LValue {
	switch v.Kind {
	case framing.SimpleString, framing.BulkString, framing.Verbatim, framing.BigNumber:
		return lua.LString(v.Str)
	case framing.ErrorReply:
		return rt.NewError("Error", "ERR_RESP", v.Str)
	case framing.Integer:
		return lua.LNumber(v.Int)
	case framing.Double:
		return lua.LNumber(v.Num)
	case framing.Boolean:
		return lua.LBool(v.Bool)
	case framing.Null:
		return lua.LNil
	case framing.Map:
		t := rt.L.CreateTable(0, len(v.Elems)/2)
		for i := 0; i+1 < len(v.Elems); i += 2 {
			if k := rt.respToLua(v.Elems[i]); k != lua.LNil {
				t.RawSet(k, rt.respToLua(v.Elems[i+1]))
			}
		}
		return t
	}
	t := rt.L.CreateTable(len(v.Elems), 0)
	holes := false
	for i, e := range v.Elems {
		ev := rt.respToLua(e)
		holes = holes || ev == lua.LNil
		t.RawSetInt(i+1, ev)
	}
	if holes || len(v.Elems) >= respArrayMetas {
		// A null inside (#t cannot tell the length), or longer than the
		// shared metatables go: n is a field.
		t.RawSetString("n", lua.LNumber(len(v.Elems)))
	} else {
		// Without a null, a metatable shared by the arrays of this length
		// answers n, which saves each array the hash part a field costs
		// (a Go map).
		t.Metatable = rt.respArrayMeta(len(v.Elems))
	}
	return t
}

// respArrayMetas bounds the lengths whose arrays share a metatable; a
// longer array's n is its own field.
const respArrayMetas = 64

// respArrayMeta is the metatable of decoded arrays of n elements without
// nulls, n below respArrayMetas: its __index is the table { n = n }, so
// t.n is two table lookups and no function call.
func (rt *Runtime) respArrayMeta(n int) *lua.LTable {
	if rt.mods.respArrayMTs == nil {
		rt.mods.respArrayMTs = make([]*lua.LTable, respArrayMetas)
	}
	mt := rt.mods.respArrayMTs[n]
	if mt == nil {
		index := rt.L.CreateTable(0, 1)
		index.RawSetString("n", lua.LNumber(n))
		mt = rt.L.CreateTable(0, 1)
		mt.RawSetString("__index", index)
		rt.mods.respArrayMTs[n] = mt
	}
	return mt
}

// appendRESP encodes a Lua value: a string as a bulk string, an integer
// as an integer (other numbers as bulk strings of their text), nil as a
// null, a boolean as 1 or 0, an array (up to its n field if set) as an
// array, an Error object or resp.error(...) as an error reply,
// resp.simple(...) as a simple string, and any other table as a map.
func (rt *Runtime) appendRESP(L *lua.LState, b []byte, v lua.LValue, depth int) []byte {
	if depth > 64 {
		rt.ThrowCode(L, "RangeError", "ERR_RESP_DEPTH", "value nested too deep to encode")
	}
	switch x := v.(type) {
	case lua.LString:
		return framing.AppendBulk(b, []byte(x))
	case lua.LNumber:
		f := float64(x)
		if f == math.Trunc(f) && math.Abs(f) < 1<<63 {
			return framing.AppendHeader(b, ':', int64(f))
		}
		return framing.AppendBulk(b, []byte(x.String()))
	case *lua.LNilType:
		return append(b, "$-1\r\n"...)
	case lua.LBool:
		if x {
			return append(b, ":1\r\n"...)
		}
		return append(b, ":0\r\n"...)
	case *lua.LUserData:
		if buf, ok := x.Value.(*Buffer); ok {
			return framing.AppendBulk(b, buf.B)
		}
	case *lua.LTable:
		return rt.appendRESPTable(L, b, x, depth)
	}
	rt.ArgTypeError(L, "value", "a string, number, boolean, nil, Buffer or table", v)
	return nil
}

func (rt *Runtime) appendRESPTable(L *lua.LState, b []byte, t *lua.LTable, depth int) []byte {
	if tag, ok := t.RawGetString(respMarker).(lua.LString); ok {
		s := []byte(lua.LVAsString(t.RawGetString("value")))
		if tag == "simple" {
			return framing.AppendLine(b, '+', s)
		}
		return framing.AppendLine(b, '-', s)
	}
	if rt.L.GetMetatable(t) == rt.errorMT {
		return framing.AppendLine(b, '-', []byte(lua.LVAsString(t.RawGetString("message"))))
	}
	// n is the array's length: a field of that name, else #t (a decoded
	// array's metatable answers n with #t at decoding). No __index runs
	// here.
	n := t.Len()
	if c, ok := t.RawGetString("n").(lua.LNumber); ok {
		n = int(c)
	}
	if n > 0 || isEmptyArray(t) {
		b = framing.AppendHeader(b, '*', int64(n))
		for i := 1; i <= n; i++ {
			b = rt.appendRESP(L, b, t.RawGetInt(i), depth+1)
		}
		return b
	}
	type kv struct{ k, v lua.LValue }
	var pairs []kv
	t.ForEach(func(k, v lua.LValue) { pairs = append(pairs, kv{k, v}) })
	sort.Slice(pairs, func(i, j int) bool { return lua.LVAsString(pairs[i].k) < lua.LVAsString(pairs[j].k) })
	b = framing.AppendHeader(b, '%', int64(len(pairs)))
	for _, p := range pairs {
		b = rt.appendRESP(L, b, p.k, depth+1)
		b = rt.appendRESP(L, b, p.v, depth+1)
	}
	return b
}

// isEmptyArray: an empty table (or one with only n = 0) is an empty array.
func isEmptyArray(t *lua.LTable) bool {
	k, _ := t.Next(lua.LNil)
	if k == lua.LNil {
		return true
	}
	n, ok := t.RawGetString("n").(lua.LNumber)
	return ok && n == 0
}

// framingError turns a framing error into a Node-style Error object.
func (rt *Runtime) framingError(err error) *lua.LTable {
	var fe *framing.Error
	if errors.As(err, &fe) {
		e := rt.NewError("Error", fe.Code, fe.Error())
		e.RawSetString("offset", lua.LNumber(fe.Offset))
		return e
	}
	return rt.NewError("Error", framing.CodeFraming, err.Error())
}

// decodeAll decodes the values in data with s: each value, then the
// number of bytes they took (a partial value at the end is left).
func (rt *Runtime) decodeAll(L *lua.LState, s framing.Splitter, data []byte, conv func(any) lua.LValue) int {
	d := framing.NewDecoder(s, 0)
	d.Write(data)
	n := 0
	for {
		f, ok, err := d.Next(false)
		if err != nil {
			rt.Throw(L, rt.framingError(err))
		}
		if !ok {
			break
		}
		L.Push(conv(f))
		n++
	}
	L.Push(lua.LNumber(len(data) - d.Buffered()))
	return n + 1
}

func openRESP(rt *Runtime) (lua.LValue, error) {
	L := rt.L
	m := L.NewTable()
	m.RawSetString("encode", L.NewFunction(func(L *lua.LState) int {
		L.Push(lua.LString(rt.appendRESP(L, nil, L.Get(1), 0)))
		return 1
	}))
	tagged := func(tag string) *lua.LFunction {
		return L.NewFunction(func(L *lua.LState) int {
			t := L.CreateTable(0, 2)
			t.RawSetString(respMarker, lua.LString(tag))
			t.RawSetString("value", lua.LString(rt.CheckString(L, 1, "text")))
			L.Push(t)
			return 1
		})
	}
	m.RawSetString("simple", tagged("simple"))
	m.RawSetString("error", tagged("error"))
	m.RawSetString("decode", L.NewFunction(func(L *lua.LState) int {
		data := rt.chunkBytes(L, "data", L.Get(1))
		return rt.decodeAll(L, framing.RESP{}, data, func(f any) lua.LValue { return rt.respToLua(f.(framing.Value)) })
	}))
	m.RawSetString("command", L.NewFunction(func(L *lua.LState) int {
		// resp.command('SET', 'k', 1): the array of bulk strings a client sends.
		b := framing.AppendHeader(nil, '*', int64(L.GetTop()))
		for i := 1; i <= L.GetTop(); i++ {
			switch v := L.Get(i).(type) {
			case lua.LString:
				b = framing.AppendBulk(b, []byte(v))
			case lua.LNumber:
				b = framing.AppendBulk(b, []byte(strconv.FormatFloat(float64(v), 'g', -1, 64)))
			default:
				b = framing.AppendBulk(b, rt.chunkBytes(L, "argument", v))
			}
		}
		L.Push(lua.LString(b))
		return 1
	}))
	return m, nil
}

func init() { Register(Module{Name: "resp", Open: openRESP}) }
