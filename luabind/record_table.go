package luabind

import (
	"maps"
	"unsafe"

	lua "github.com/yuin/gopher-lua"
)

// Records, tables with known string keys, are built all the time: a
// decoded DNS message (its flags table alone has seven keys), a datagram's
// rinfo, and every `{ name = v, ... }` a script writes (compile_records.go).
// gopher-lua's RawSetString grows each table's key list and key index one
// key at a time and boxes the key every time; recordTable instead builds
// the table with its final sizes and keys boxed once, writing gopher-lua's
// fields directly. The layout
// below is gopher-lua v1.1.2's LTable; tablesDirect checks that it still
// matches, and without it the tables are filled with RawSetString.

// ltableLayout mirrors lua.LTable's fields.
type ltableLayout struct {
	Metatable lua.LValue
	array     []lua.LValue
	dict      map[lua.LValue]lua.LValue
	strdict   map[string]lua.LValue
	keys      []lua.LValue
	k2i       map[lua.LValue]int
}

// fieldKeys are a table shape's keys, each as a string and boxed once,
// and the key list and index every table of the shape starts with.
type fieldKeys struct {
	names []string
	boxed []lua.LValue
	index map[lua.LValue]int // boxed[i] -> i
}

func newFieldKeys(names ...string) *fieldKeys {
	k := &fieldKeys{names: names, boxed: make([]lua.LValue, len(names)), index: make(map[lua.LValue]int, len(names))}
	for i, n := range names {
		k.boxed[i] = lua.LString(n)
		k.index[k.boxed[i]] = i
	}
	return k
}

// tablesDirect reports whether gopher-lua's table is laid out as
// ltableLayout says: same size, and a table filled through it reads back
// through gopher-lua's own functions.
var tablesDirect = func() bool {
	if unsafe.Sizeof(lua.LTable{}) != unsafe.Sizeof(ltableLayout{}) {
		return false
	}
	k := newFieldKeys("a", "b")
	t := recordTableDirect(k, []lua.LValue{lua.LNumber(1), lua.LString("x")})
	n := 0
	t.ForEach(func(key, v lua.LValue) { n++ })
	next, _ := t.Next(lua.LNil)
	return n == 2 && next == lua.LString("a") && t.RawGetString("b") == lua.LString("x") && t.Len() == 0
}()

// recordTable builds a table with the fields keys[i] = vals[i] (nil
// values are left out, as a table cannot hold them).
func recordTable(k *fieldKeys, vals []lua.LValue) *lua.LTable {
	if tablesDirect {
		return recordTableDirect(k, vals)
	}
	t := &lua.LTable{Metatable: lua.LNil}
	for i, v := range vals {
		t.RawSetString(k.names[i], v)
	}
	return t
}

func recordTableDirect(k *fieldKeys, vals []lua.LValue) *lua.LTable {
	t := &lua.LTable{Metatable: lua.LNil}
	l := (*ltableLayout)(unsafe.Pointer(t))
	n := present(vals)
	l.strdict = make(map[string]lua.LValue, n)
	if n == len(k.names) && len(vals) == n {
		// Every key present: the shape's key list is shared (gopher-lua
		// only appends to it, and at full capacity an append copies), and
		// its index copied, not rebuilt key by key (a table may gain keys).
		for i, v := range vals {
			l.strdict[k.names[i]] = v
		}
		l.keys = k.boxed[:len(k.boxed):len(k.boxed)]
		l.k2i = maps.Clone(k.index)
		return t
	}
	l.keys = make([]lua.LValue, 0, n)
	l.k2i = make(map[lua.LValue]int, n) // sized by what is there: past eight a map takes twice the allocations
	for i, v := range vals {
		if v == lua.LNil {
			continue
		}
		l.strdict[k.names[i]] = v
		l.k2i[k.boxed[i]] = len(l.keys)
		l.keys = append(l.keys, k.boxed[i])
	}
	return t
}

// present counts the values that are not nil.
func present(vals []lua.LValue) int {
	n := 0
	for _, v := range vals {
		if v != lua.LNil {
			n++
		}
	}
	return n
}

// keyedTable builds a table of distinct string keys (boxed LStrings) known
// only at run time, such as a message's headers, at its final size.
func keyedTable(keys, vals []lua.LValue) *lua.LTable {
	t := &lua.LTable{Metatable: lua.LNil}
	if len(keys) == 0 {
		return t
	}
	if !tablesDirect {
		for i, k := range keys {
			t.RawSetH(k, vals[i])
		}
		return t
	}
	l := (*ltableLayout)(unsafe.Pointer(t))
	l.strdict = make(map[string]lua.LValue, len(keys))
	l.keys = make([]lua.LValue, len(keys))
	l.k2i = make(map[lua.LValue]int, len(keys))
	copy(l.keys, keys)
	for i, k := range keys {
		l.strdict[string(k.(lua.LString))] = vals[i]
		l.k2i[k] = i
	}
	return t
}
