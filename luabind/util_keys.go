package luabind

import (
	"math"
	"sort"

	lua "github.com/yuin/gopher-lua"
)

// This file is the order inspect, %j and console.table list a table's
// keys in. Lua tables have no insertion order, so netsh fixes one: integer
// keys in numeric order (as JS orders index keys), then string keys
// sorted, then other number keys, booleans and the rest.

// tableKey is one non-sequence key of a table with its value.
type tableKey struct {
	k, v lua.LValue
	cat  int     // sort category
	num  float64 // for numbers and booleans
	str  string  // for strings and others
}

// sortedKeys lists the keys of t not in its sequence 1..seqN, in the
// fixed order described at the top of this file.
func (c *inspector) sortedKeys(t *lua.LTable, seqN int, skip func(string) bool) []tableKey {
	var keys []tableKey
	t.ForEach(func(k, v lua.LValue) {
		tk := tableKey{k: k, v: v}
		switch x := k.(type) {
		case lua.LNumber:
			f := float64(x)
			if f == math.Trunc(f) && !math.IsInf(f, 0) {
				if f >= 1 && f <= float64(seqN) {
					return
				}
				tk.cat = 0
			} else {
				tk.cat = 2
			}
			tk.num = f
		case lua.LString:
			if skip != nil && skip(string(x)) {
				return
			}
			if x == "_emitter" { // events.go's listener store, not user data
				if ud, ok := v.(*lua.LUserData); ok {
					if _, ok := ud.Value.(*Emitter); ok {
						return
					}
				}
			}
			tk.cat = 1
			tk.str = string(x)
		case lua.LBool:
			tk.cat = 3
			if x {
				tk.num = 1
			}
		default:
			tk.cat = 4
			tk.str = c.rt.inspectOpts(k, inspectOptions{Depth: 0, BreakLength: inspectUnlimited, Compact: 3})
		}
		keys = append(keys, tk)
	})
	sort.Slice(keys, func(i, j int) bool {
		a, b := &keys[i], &keys[j]
		if a.cat != b.cat {
			return a.cat < b.cat
		}
		switch a.cat {
		case 1, 4:
			return a.str < b.str
		}
		return a.num < b.num
	})
	return keys
}

// errorKeyOrder is the order Node's system errors get their fields in.
var errorKeyOrder = []string{"errno", "code", "syscall", "path", "dest", "hostname", "address", "port"}

// errorHidden are an Error's fields Node does not list.
func errorHidden(k string) bool {
	switch k {
	case "name", "message", "stack", "cause", "__where":
		return true
	}
	return false
}

// orderErrorKeys puts a system error's fields in Node's order, the rest
// after them sorted.
func orderErrorKeys(keys []tableKey) []tableKey {
	out := make([]tableKey, 0, len(keys))
	for _, name := range errorKeyOrder {
		for _, k := range keys {
			if k.cat == 1 && k.str == name {
				out = append(out, k)
			}
		}
	}
	for _, k := range keys {
		known := false
		if k.cat == 1 {
			for _, name := range errorKeyOrder {
				if k.str == name {
					known = true
				}
			}
		}
		if !known {
			out = append(out, k)
		}
	}
	return out
}
