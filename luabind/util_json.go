package luabind

import (
	"math"
	"strconv"
	"strings"

	lua "github.com/yuin/gopher-lua"

	"github.com/netsh/netsh/luabind/internal/jsfmt"
)

// This file is util.format's %j: JSON.stringify for Lua values.

// jsonCycle is the panic that unwinds a cyclic value out of jsonValue.
type jsonCycle struct{}

// jsonStringify is the %j directive: JSON.stringify(v), "[Circular]" for a
// cyclic value, "undefined" for nil or a function.
func (rt *Runtime) jsonStringify(v lua.LValue) (s string) {
	var b strings.Builder
	var stack []lua.LValue
	defer func() {
		if r := recover(); r != nil {
			if _, ok := r.(jsonCycle); !ok {
				panic(r)
			}
			s = "[Circular]"
		}
	}()
	if !rt.jsonValue(&b, v, &stack) {
		return "undefined"
	}
	return b.String()
}

// jsonValue writes v as JSON; false means v is not serializable (nil,
// functions), which JSON.stringify omits from objects.
func (rt *Runtime) jsonValue(b *strings.Builder, v lua.LValue, stack *[]lua.LValue) bool {
	switch x := v.(type) {
	case *lua.LNilType, *lua.LFunction:
		return false
	case lua.LBool:
		if x {
			b.WriteString("true")
		} else {
			b.WriteString("false")
		}
	case lua.LNumber:
		f := float64(x)
		if math.IsNaN(f) || math.IsInf(f, 0) {
			b.WriteString("null")
		} else {
			b.WriteString(jsfmt.Number(f)) // JSON has no -0
		}
	case lua.LString:
		jsfmt.WriteJSONString(b, string(x))
	case *lua.LUserData:
		if buf, ok := x.Value.(*Buffer); ok {
			b.WriteString(`{"type":"Buffer","data":[`)
			for i, c := range buf.B {
				if i > 0 {
					b.WriteByte(',')
				}
				b.WriteString(strconv.Itoa(int(c)))
			}
			b.WriteString("]}")
			return true
		}
		o, ok := x.Value.(Object)
		if !ok || o.base().fields == nil {
			b.WriteString("{}")
			return true
		}
		rt.jsonTable(b, v, o.base().fields, false, stack)
	case *lua.LTable:
		rt.jsonTable(b, v, x, rt.isError(x), stack)
	default:
		return false
	}
	return true
}

// jsonTable writes a table (or a netsh object's fields) as a JSON array
// or object; an Error lists the fields inspect shows, in the same order.
func (rt *Runtime) jsonTable(b *strings.Builder, v lua.LValue, t *lua.LTable, isErr bool, stack *[]lua.LValue) {
	for _, s := range *stack {
		if s == v {
			panic(jsonCycle{})
		}
	}
	*stack = append(*stack, v)
	defer func() { *stack = (*stack)[:len(*stack)-1] }()
	c := inspector{rt: rt, opts: defaultInspectOptions}
	seqN := 0
	if !isErr {
		for t.RawGetInt(seqN+1) != lua.LNil {
			seqN++
		}
	}
	if seqN > 0 { // an array; like JS, extra keys are not serialized
		b.WriteByte('[')
		for i := 1; i <= seqN; i++ {
			if i > 1 {
				b.WriteByte(',')
			}
			if !rt.jsonValue(b, t.RawGetInt(i), stack) {
				b.WriteString("null")
			}
		}
		b.WriteByte(']')
		return
	}
	var skip func(string) bool
	if isErr {
		skip = errorHidden
	}
	keys := c.sortedKeys(t, 0, skip)
	if isErr {
		keys = orderErrorKeys(keys)
	}
	b.WriteByte('{')
	first := true
	for _, k := range keys {
		var name string
		switch x := k.k.(type) {
		case lua.LString:
			name = string(x)
		case lua.LNumber:
			name = jsfmt.InspectNumber(float64(x))
		case lua.LBool:
			name = x.String()
		default:
			continue
		}
		mark := b.Len()
		if !first {
			b.WriteByte(',')
		}
		jsfmt.WriteJSONString(b, name)
		b.WriteByte(':')
		if !rt.jsonValue(b, k.v, stack) {
			// Drop the key again: JSON.stringify omits undefined values.
			s := b.String()[:mark]
			b.Reset()
			b.WriteString(s)
			continue
		}
		first = false
	}
	b.WriteByte('}')
}
