package luabind

import (
	"math"
	"sort"
	"strconv"
	"strings"

	lua "github.com/yuin/gopher-lua"

	"github.com/netsh/netsh/luabind/internal/jsfmt"
)

// This file is Node's util.format and util.inspect for Lua values. The
// layout rules (one line when it fits in breakLength, the compact=3 depth
// rule, column grouping of long arrays, <ref *N> for cycles) follow Node
// 20's lib/internal/util/inspect.js so console.log output matches Node.
//
// Where Lua and JS differ:
//   - A table is shown as an array when keys 1..n are present (n > 0),
//     extra keys following as `[ 1, 2, a: 3 ]`; keys after a hole are
//     ordinary keys (`'5': x`), never `<N empty items>`.
//   - Lua tables have no insertion order: integer keys come first in
//     numeric order (as JS orders index keys), then string keys sorted,
//     then other number keys, booleans and the rest (shown as `[key]`).
//   - nil prints as `nil` (JS undefined/null).
//   - Every function is `[Function (anonymous)]`: Lua functions have no name.
//   - A table whose metatable has a string __name prints as a class
//     instance, `Name { ... }`; __tostring is not called (except by %s).
//   - Error objects print as `Name [CODE]: message` (or their `stack`
//     field) followed by their fields, always broken over lines as Node's
//     stack trace forces; Node's hidden name/message/stack are not listed.
//   - netsh objects (sockets, servers, ...) print as `ClassName {}` plus
//     the fields a script set on them; Node's internals are not shown, nor
//     the `_emitter` field events.go keeps in a Lua EventEmitter table.
//   - Widths count UTF-16 units, as JS .length does; Node's East Asian
//     wide-character widths in array grouping are not modeled.
//   - Bytes that are not valid UTF-8 print as \xNN escapes.
//   - %o shows an array's [length] like Node but not a function's hidden
//     properties or an error's [stack]/[message].

// Compact modes for InspectOptions.Compact besides a positive number.
const (
	// CompactFalse puts every property on its own line.
	CompactFalse = 0
	// CompactTrue is Node's `compact: true`: old-style packing.
	CompactTrue = -1
)

// InspectOptions are the util.inspect options netsh honors.
type InspectOptions struct {
	// Depth is how many nested levels are shown; < 0 means no limit.
	Depth int
	// BreakLength is the line width past which entries are split.
	BreakLength int
	// Compact is Node's compact: a number >= 1, CompactFalse or CompactTrue.
	Compact int
	// ShowHidden adds an array's [length], as %o does.
	ShowHidden bool
	// MaxArrayLength caps the array entries shown; < 0 means no limit.
	MaxArrayLength int
	// MaxStringLength caps the characters of a string shown; < 0: no limit.
	MaxStringLength int
}

// DefaultInspectOptions are Node's defaults.
var DefaultInspectOptions = InspectOptions{
	Depth:           2,
	BreakLength:     80,
	Compact:         3,
	MaxArrayLength:  100,
	MaxStringLength: 10000,
}

// inspectUnlimited stands for Infinity in integer options.
const inspectUnlimited = math.MaxInt32

// Format is util.format: printf-style directives in a first string
// argument, other arguments joined by one space.
func (rt *Runtime) Format(args []lua.LValue) string {
	if len(args) == 1 {
		if s, ok := args[0].(lua.LString); ok {
			return string(s)
		}
	}
	var b strings.Builder
	rt.formatTo(&b, &DefaultInspectOptions, args)
	return b.String()
}

// Inspect is util.inspect with default options.
func (rt *Runtime) Inspect(v lua.LValue) string {
	return rt.InspectOpts(v, DefaultInspectOptions)
}

// InspectOpts is util.inspect with the given options.
func (rt *Runtime) InspectOpts(v lua.LValue, opts InspectOptions) string {
	c := inspector{rt: rt, opts: opts}
	if c.opts.Depth < 0 {
		c.opts.Depth = inspectUnlimited
	}
	if c.opts.MaxArrayLength < 0 {
		c.opts.MaxArrayLength = inspectUnlimited
	}
	if c.opts.MaxStringLength < 0 {
		c.opts.MaxStringLength = inspectUnlimited
	}
	return c.formatValue(v, 0)
}

// formatTo writes util.format(args) to b (Node's formatWithOptions).
func (rt *Runtime) formatTo(b *strings.Builder, opts *InspectOptions, args []lua.LValue) {
	if len(args) == 0 {
		return
	}
	a := 0
	join := false
	if first, ok := args[0].(lua.LString); ok && len(args) > 1 {
		f := string(first)
		lastPos := 0
		for i := 0; i < len(f)-1; i++ {
			if f[i] != '%' {
				continue
			}
			i++
			next := f[i]
			if a+1 == len(args) {
				if next == '%' {
					b.WriteString(f[lastPos:i])
					lastPos = i + 1
				}
				continue
			}
			var tmp string
			switch next {
			case 's':
				a++
				tmp = rt.formatS(args[a], opts)
			case 'j':
				a++
				tmp = rt.jsonStringify(args[a])
			case 'd':
				a++
				tmp = numberDirective(jsToNumber(args[a]))
			case 'i':
				a++
				tmp = numberDirective(jsfmt.ParseInt(rt.jsString(args[a])))
			case 'f':
				a++
				tmp = numberDirective(jsfmt.ParseFloat(rt.jsString(args[a])))
			case 'O':
				a++
				tmp = rt.InspectOpts(args[a], *opts)
			case 'o':
				a++
				o := *opts
				o.ShowHidden = true
				o.Depth = 4
				tmp = rt.InspectOpts(args[a], o)
			case 'c':
				a++
			case '%':
				b.WriteString(f[lastPos:i])
				lastPos = i + 1
				continue
			default:
				continue
			}
			if lastPos != i-1 {
				b.WriteString(f[lastPos : i-1])
			}
			b.WriteString(tmp)
			lastPos = i + 1
		}
		if lastPos != 0 {
			a++
			join = true
			if lastPos < len(f) {
				b.WriteString(f[lastPos:])
			}
		}
	}
	for ; a < len(args); a++ {
		if join {
			b.WriteByte(' ')
		}
		join = true
		switch v := args[a].(type) {
		case lua.LString:
			b.WriteString(string(v))
		case lua.LNumber:
			b.WriteString(jsfmt.InspectNumber(float64(v)))
		default:
			b.WriteString(rt.InspectOpts(v, *opts))
		}
	}
}

// numberDirective is formatNumber for %d %i %f: -0 is kept, as inspect
// shows it.
func numberDirective(f float64) string { return jsfmt.InspectNumber(f) }

// formatS is the %s directive: strings and numbers as they are, objects
// inspected one level deep, a Buffer or a table with __tostring as text
// (Node calls a user-defined toString).
func (rt *Runtime) formatS(v lua.LValue, opts *InspectOptions) string {
	switch x := v.(type) {
	case lua.LString:
		return string(x)
	case lua.LNumber:
		return jsfmt.InspectNumber(float64(x))
	case *lua.LTable:
		if !rt.isError(x) && rt.L.GetMetaField(x, "__tostring") != lua.LNil {
			return rt.L.ToStringMeta(x).String()
		}
	case *lua.LUserData:
		if buf, ok := x.Value.(*Buffer); ok {
			return string(buf.B)
		}
	case *lua.LNilType, lua.LBool:
		return rt.jsString(v)
	}
	o := *opts
	o.Depth = 0
	o.Compact = 3
	return rt.InspectOpts(v, o)
}

// jsString is JS String(v) as Lua sees it: what %i/%f parse and what
// console.assert puts after "Assertion failed: ".
func (rt *Runtime) jsString(v lua.LValue) string {
	switch x := v.(type) {
	case lua.LString:
		return string(x)
	case lua.LNumber:
		return jsfmt.Number(float64(x)) // String(-0) is "0"
	case *lua.LNilType:
		return "nil"
	case lua.LBool:
		if x {
			return "true"
		}
		return "false"
	case *lua.LTable:
		if rt.isError(x) {
			return rt.errorString(x)
		}
		if rt.L.GetMetaField(x, "__tostring") != lua.LNil {
			return rt.L.ToStringMeta(x).String()
		}
		return "[object Object]"
	case *lua.LUserData:
		if buf, ok := x.Value.(*Buffer); ok {
			return string(buf.B)
		}
		return "[object " + userdataName(x) + "]"
	}
	return rt.Inspect(v)
}

// inspectOptionsFrom reads util.inspect's options table over Node's
// defaults; math.huge stands for Infinity, colors and the rest are ignored.
func inspectOptionsFrom(t *lua.LTable) InspectOptions {
	o := DefaultInspectOptions
	if t == nil {
		return o
	}
	num := func(name string, dst *int) {
		n, ok := t.RawGetString(name).(lua.LNumber)
		if !ok || math.IsNaN(float64(n)) {
			return
		}
		switch f := float64(n); {
		case f >= inspectUnlimited:
			*dst = inspectUnlimited
		case f < 0:
			*dst = 0
		default:
			*dst = int(f)
		}
	}
	num("depth", &o.Depth)
	num("breakLength", &o.BreakLength)
	num("maxArrayLength", &o.MaxArrayLength)
	num("maxStringLength", &o.MaxStringLength)
	switch c := t.RawGetString("compact").(type) {
	case lua.LBool:
		o.Compact = CompactFalse
		if c {
			o.Compact = CompactTrue
		}
	case lua.LNumber:
		num("compact", &o.Compact)
	}
	if h, ok := t.RawGetString("showHidden").(lua.LBool); ok {
		o.ShowHidden = bool(h)
	}
	return o
}

// inherits is util.inherits for Lua classes: ctor looks up what it lacks
// in superCtor (through ctor's metatable __index), ctor.super_ is
// superCtor, and ctor.__index defaults to ctor so setmetatable(obj, ctor)
// makes instances.
func (rt *Runtime) inherits(L *lua.LState) int {
	ctor, ok := L.Get(1).(*lua.LTable)
	if !ok {
		rt.ArgTypeError(L, "ctor", "of type table", L.Get(1))
	}
	super, ok := L.Get(2).(*lua.LTable)
	if !ok {
		rt.ArgTypeError(L, "superCtor", "of type table", L.Get(2))
	}
	mt, ok := L.GetMetatable(ctor).(*lua.LTable)
	if !ok {
		mt = L.NewTable()
		L.SetMetatable(ctor, mt)
	}
	mt.RawSetString("__index", super)
	ctor.RawSetString("super_", super)
	if ctor.RawGetString("__index") == lua.LNil {
		ctor.RawSetString("__index", ctor)
	}
	return 0
}

// deepEqual is util.isDeepStrictEqual: primitives compare as Object.is
// (NaN equals NaN, 0 differs from -0), tables by metatable and every
// key's value, Buffers by content; memo breaks cycles.
func (rt *Runtime) deepEqual(a, b lua.LValue, memo map[[2]lua.LValue]bool) bool {
	if a == b {
		if n, ok := a.(lua.LNumber); ok && n == 0 {
			return math.Signbit(float64(n)) == math.Signbit(float64(b.(lua.LNumber)))
		}
		return true
	}
	switch x := a.(type) {
	case lua.LNumber:
		y, ok := b.(lua.LNumber)
		return ok && math.IsNaN(float64(x)) && math.IsNaN(float64(y))
	case *lua.LUserData:
		y, ok := b.(*lua.LUserData)
		if !ok {
			return false
		}
		bx, ok1 := x.Value.(*Buffer)
		by, ok2 := y.Value.(*Buffer)
		return ok1 && ok2 && string(bx.B) == string(by.B)
	case *lua.LTable:
		y, ok := b.(*lua.LTable)
		if !ok || rt.L.GetMetatable(x) != rt.L.GetMetatable(y) {
			return false
		}
		pair := [2]lua.LValue{a, b}
		if memo[pair] {
			return true
		}
		memo[pair] = true
		nx, equal := 0, true
		x.ForEach(func(k, v lua.LValue) {
			nx++
			if equal && !rt.deepEqual(v, y.RawGet(k), memo) {
				equal = false
			}
		})
		if !equal {
			return false
		}
		ny := 0
		y.ForEach(func(lua.LValue, lua.LValue) { ny++ })
		return nx == ny
	}
	return false
}

func openUtil(rt *Runtime) (lua.LValue, error) {
	L := rt.L
	t := L.NewTable()
	L.SetFuncs(t, map[string]lua.LGFunction{
		"format": func(L *lua.LState) int {
			L.Push(lua.LString(rt.Format(extraArgs(L, 1))))
			return 1
		},
		"formatWithOptions": func(L *lua.LState) int {
			ot, ok := L.Get(1).(*lua.LTable)
			if !ok {
				rt.ArgTypeError(L, "inspectOptions", "of type object", L.Get(1))
			}
			opts := inspectOptionsFrom(ot)
			var b strings.Builder
			rt.formatTo(&b, &opts, extraArgs(L, 2))
			L.Push(lua.LString(b.String()))
			return 1
		},
		"inspect": func(L *lua.LState) int {
			ot, _ := L.Get(2).(*lua.LTable)
			L.Push(lua.LString(rt.InspectOpts(L.Get(1), inspectOptionsFrom(ot))))
			return 1
		},
		"inherits": rt.inherits,
		"isDeepStrictEqual": func(L *lua.LState) int {
			L.Push(lua.LBool(rt.deepEqual(L.Get(1), L.Get(2), map[[2]lua.LValue]bool{})))
			return 1
		},
	})
	return t, nil
}

func init() { Register(Module{Name: "util", Open: openUtil}) }

// jsToNumber is JS Number(v): what %d prints.
func jsToNumber(v lua.LValue) float64 {
	switch x := v.(type) {
	case lua.LNumber:
		return float64(x)
	case lua.LBool:
		if x {
			return 1
		}
		return 0
	case lua.LString:
		return jsfmt.StringToNumber(string(x))
	}
	return math.NaN()
}

// ---------------------------------------------------------------------
// The inspector

type inspector struct {
	rt           *Runtime
	opts         InspectOptions
	seen         []lua.LValue
	circular     map[lua.LValue]int
	indentLvl    int
	currentDepth int
}

func (c *inspector) formatValue(v lua.LValue, recurse int) string {
	switch x := v.(type) {
	case lua.LString:
		return c.formatString(string(x))
	case lua.LNumber:
		return jsfmt.InspectNumber(float64(x))
	case lua.LBool:
		if x {
			return "true"
		}
		return "false"
	case *lua.LNilType:
		return "nil"
	case *lua.LFunction:
		return "[Function (anonymous)]"
	case *lua.LUserData:
		if buf, ok := x.Value.(*Buffer); ok {
			if f := c.rt.bufFormatter; f != nil {
				if s, ok := c.rt.formatWith(f, x); ok {
					return s
				}
			}
			return formatBuffer(buf.B)
		}
	case *lua.LTable:
	case *lua.LState:
		return "[Thread]"
	default:
		return "[" + v.Type().String() + "]"
	}
	for _, s := range c.seen {
		if s == v {
			if c.circular == nil {
				c.circular = make(map[lua.LValue]int)
			}
			idx, ok := c.circular[v]
			if !ok {
				idx = len(c.circular) + 1
				c.circular[v] = idx
			}
			return "[Circular *" + strconv.Itoa(idx) + "]"
		}
	}
	return c.formatRaw(v, recurse)
}

// formatString is formatPrimitive for strings: quoted, long strings cut
// at maxStringLength, and long multi-line strings split after each \n.
func (c *inspector) formatString(s string) string {
	trailer := ""
	if n := jsfmt.Len(s); n > c.opts.MaxStringLength {
		cut, units := 0, 0
		for i, r := range s {
			w := 1
			if r > 0xffff {
				w = 2
			}
			if units+w > c.opts.MaxStringLength {
				cut = i
				break
			}
			units += w
		}
		s = s[:cut]
		rem := n - units
		trailer = "... " + strconv.Itoa(rem) + " more character"
		if rem > 1 {
			trailer += "s"
		}
	}
	if c.opts.Compact != CompactTrue {
		if n := jsfmt.Len(s); n > 16 && n > c.opts.BreakLength-c.indentLvl-4 && strings.IndexByte(s, '\n') >= 0 && strings.IndexByte(s, '\n') < len(s)-1 {
			var b strings.Builder
			sep := " +\n" + strings.Repeat(" ", c.indentLvl+2)
			for start := 0; start < len(s); {
				end := strings.IndexByte(s[start:], '\n')
				if end < 0 {
					end = len(s)
				} else {
					end += start + 1
				}
				if start > 0 {
					b.WriteString(sep)
				}
				b.WriteString(jsfmt.Quote(s[start:end]))
				start = end
			}
			return b.String() + trailer
		}
	}
	return jsfmt.Quote(s) + trailer
}

// formatWith renders v with a plugin's formatter (netsh.bufferFormatter);
// a formatter that fails or returns no string falls back to the default.
func (rt *Runtime) formatWith(f *lua.LFunction, v lua.LValue) (string, bool) {
	L := rt.L
	L.Push(f)
	L.Push(v)
	if err := pcallFromGo(L, 1, 1); err != nil {
		return "", false
	}
	r := L.Get(-1)
	L.Pop(1)
	s, ok := r.(lua.LString)
	return string(s), ok
}

// formatBuffer is Buffer's inspect: the first 50 bytes in hex.
func formatBuffer(b []byte) string {
	const max = 50
	n := len(b)
	if n > max {
		n = max
	}
	var sb strings.Builder
	sb.Grow(9 + 3*n + 24)
	sb.WriteString("<Buffer ")
	for i := 0; i < n; i++ {
		if i > 0 {
			sb.WriteByte(' ')
		}
		sb.WriteByte("0123456789abcdef"[b[i]>>4])
		sb.WriteByte("0123456789abcdef"[b[i]&15])
	}
	if rem := len(b) - max; rem > 0 {
		sb.WriteString(" ... " + strconv.Itoa(rem) + " more byte")
		if rem > 1 {
			sb.WriteByte('s')
		}
	}
	sb.WriteByte('>')
	return sb.String()
}

// userdataName is the class name of a netsh object, or "Userdata".
func userdataName(ud *lua.LUserData) string {
	if c := ClassOf(ud); c != nil {
		return c.Name
	}
	return "Userdata"
}

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
			tk.str = c.rt.InspectOpts(k, InspectOptions{Depth: 0, BreakLength: inspectUnlimited, Compact: 3})
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

// formatKey is a property name as Node prints it.
func (c *inspector) formatKey(k lua.LValue, recurse int) string {
	switch x := k.(type) {
	case lua.LString:
		if jsfmt.IsIdentKey(string(x)) {
			return string(x)
		}
		return jsfmt.Quote(string(x))
	case lua.LNumber:
		return jsfmt.Quote(jsfmt.InspectNumber(float64(x)))
	}
	return "[" + c.formatValue(k, recurse) + "]"
}

// formatProperty is one `key: value` entry of an object.
func (c *inspector) formatProperty(name string, v lua.LValue, recurse int) string {
	diff := 2
	if c.opts.Compact == CompactTrue {
		diff = 3
	}
	c.indentLvl += diff
	str := c.formatValue(v, recurse)
	extra := " "
	if diff == 3 && c.opts.BreakLength < jsfmt.Len(str) {
		extra = "\n" + strings.Repeat(" ", c.indentLvl)
	}
	c.indentLvl -= diff
	return name + ":" + extra + str
}

// formatRaw formats a table or netsh object not yet on the stack.
func (c *inspector) formatRaw(v lua.LValue, recurse int) string {
	L := c.rt.L
	var (
		t        *lua.LTable
		seqN     int
		keys     []tableKey
		base     string
		braces   = [2]string{"{", "}"}
		isArray  bool
		isErr    bool
		ctorName = "Object"
	)
	switch x := v.(type) {
	case *lua.LTable:
		t = x
		if c.rt.isError(x) {
			isErr = true
			ctorName = "Error"
			if n, ok := x.RawGetString("name").(lua.LString); ok {
				ctorName = string(n)
			}
			if st, ok := x.RawGetString("stack").(lua.LString); ok && st != "" {
				base = string(st)
			} else {
				base = c.rt.errorString(x)
			}
			if c.indentLvl != 0 {
				base = strings.ReplaceAll(base, "\n", "\n"+strings.Repeat(" ", c.indentLvl))
			}
			keys = c.sortedKeys(x, 0, errorHidden)
			keys = orderErrorKeys(keys)
			if cause := x.RawGetString("cause"); cause != lua.LNil {
				keys = append(keys, tableKey{k: lua.LString("[cause]"), v: cause, cat: -1})
			}
			if len(keys) == 0 {
				return base
			}
			break
		}
		for x.RawGetInt(seqN+1) != lua.LNil {
			seqN++
		}
		keys = c.sortedKeys(x, seqN, nil)
		name := ""
		if mt, ok := L.GetMetatable(x).(*lua.LTable); ok {
			if n, ok := mt.RawGetString("__name").(lua.LString); ok {
				name = string(n)
			}
		}
		if seqN > 0 {
			isArray = true
			ctorName = "Array"
			braces = [2]string{"[", "]"}
			if name != "" {
				ctorName = name
				braces[0] = name + "(" + strconv.Itoa(seqN) + ") ["
			}
		} else {
			if name != "" {
				ctorName = name
				braces[0] = name + " {"
			}
			if len(keys) == 0 {
				return braces[0] + "}"
			}
		}
	case *lua.LUserData:
		ctorName = userdataName(x)
		braces[0] = ctorName + " {"
		if o, ok := x.Value.(Object); ok && o.base().fields != nil {
			keys = c.sortedKeys(o.base().fields, 0, nil)
		}
		if len(keys) == 0 {
			return braces[0] + "}"
		}
	}

	if recurse > c.opts.Depth {
		return "[" + ctorName + "]"
	}
	recurse++
	c.seen = append(c.seen, v)
	c.currentDepth = recurse

	output := make([]string, 0, seqN+len(keys)+1)
	var seq []lua.LValue
	if isArray {
		n := seqN
		if n > c.opts.MaxArrayLength {
			n = c.opts.MaxArrayLength
		}
		seq = make([]lua.LValue, seqN)
		for i := 0; i < seqN; i++ {
			seq[i] = t.RawGetInt(i + 1)
		}
		for i := 0; i < n; i++ {
			c.indentLvl += 2
			output = append(output, c.formatValue(seq[i], recurse))
			c.indentLvl -= 2
		}
		if rem := seqN - n; rem > 0 {
			s := "... " + strconv.Itoa(rem) + " more item"
			if rem > 1 {
				s += "s"
			}
			output = append(output, s)
		}
		if c.opts.ShowHidden {
			output = append(output, "[length]: "+strconv.Itoa(seqN))
		}
	}
	for _, k := range keys {
		var name string
		if k.cat == -1 {
			name = string(k.k.(lua.LString))
		} else {
			name = c.formatKey(k.k, recurse)
		}
		output = append(output, c.formatProperty(name, k.v, recurse))
	}
	c.seen = c.seen[:len(c.seen)-1]

	if c.circular != nil {
		if idx, ok := c.circular[v]; ok {
			ref := "<ref *" + strconv.Itoa(idx) + ">"
			if c.opts.Compact != CompactTrue {
				if base == "" {
					base = ref
				} else {
					base = ref + " " + base
				}
			} else {
				braces[0] = ref + " " + braces[0]
			}
		}
	}
	return c.reduceToSingleString(output, base, braces, isArray, recurse, seq, isErr)
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

func (c *inspector) isBelowBreakLength(output []string, start int, base string) bool {
	total := len(output) + start
	if total+len(output) > c.opts.BreakLength {
		return false
	}
	for _, o := range output {
		total += jsfmt.Len(o)
		if total > c.opts.BreakLength {
			return false
		}
	}
	return base == "" || strings.IndexByte(base, '\n') < 0
}

func (c *inspector) reduceToSingleString(output []string, base string, braces [2]string, isArray bool, recurse int, seq []lua.LValue, forceBreak bool) string {
	prefix := ""
	if base != "" {
		prefix = base + " "
	}
	if c.opts.Compact != CompactTrue {
		if c.opts.Compact >= 1 {
			entries := len(output)
			if isArray && entries > 6 {
				output = c.groupArrayElements(output, seq)
			}
			if !forceBreak && c.currentDepth-recurse < c.opts.Compact && entries == len(output) {
				start := len(output) + c.indentLvl + jsfmt.Len(braces[0]) + jsfmt.Len(base) + 10
				if c.isBelowBreakLength(output, start, base) {
					joined := strings.Join(output, ", ")
					if strings.IndexByte(joined, '\n') < 0 {
						return prefix + braces[0] + " " + joined + " " + braces[1]
					}
				}
			}
		}
		ind := "\n" + strings.Repeat(" ", c.indentLvl)
		return prefix + braces[0] + ind + "  " + strings.Join(output, ","+ind+"  ") + ind + braces[1]
	}
	if !forceBreak && c.isBelowBreakLength(output, 0, base) {
		s := braces[0]
		if base != "" {
			s += " " + base
		}
		return s + " " + strings.Join(output, ", ") + " " + braces[1]
	}
	indentation := strings.Repeat(" ", c.indentLvl)
	ln := " "
	if base != "" || jsfmt.Len(braces[0]) != 1 {
		ln = ""
		if base != "" {
			ln = " " + base
		}
		ln += "\n" + indentation + "  "
	}
	return braces[0] + ln + strings.Join(output, ",\n"+indentation+"  ") + " " + braces[1]
}

// groupArrayElements lays a long array out in aligned columns, as Node
// does for arrays of more than six short entries.
func (c *inspector) groupArrayElements(output []string, seq []lua.LValue) []string {
	const separatorSpace = 2
	totalLength, maxLength := 0, 0
	outputLength := len(output)
	if c.opts.MaxArrayLength < len(output) {
		outputLength-- // the "... more items" entry is not aligned
	}
	dataLen := make([]int, outputLength)
	for i := 0; i < outputLength; i++ {
		l := jsfmt.Len(output[i])
		dataLen[i] = l
		totalLength += l + separatorSpace
		if maxLength < l {
			maxLength = l
		}
	}
	actualMax := maxLength + separatorSpace
	if actualMax*3+c.indentLvl < c.opts.BreakLength &&
		(float64(totalLength)/float64(actualMax) > 5 || maxLength <= 6) {
		averageBias := math.Sqrt(float64(actualMax) - float64(totalLength)/float64(len(output)))
		biasedMax := math.Max(float64(actualMax)-3-averageBias, 1)
		columns := math.Min(
			math.Min(
				math.Floor(math.Sqrt(2.5*biasedMax*float64(outputLength))/biasedMax+0.5),
				math.Floor(float64(c.opts.BreakLength-c.indentLvl)/float64(actualMax)),
			),
			math.Min(float64(c.opts.Compact*4), 15),
		)
		if columns <= 1 {
			return output
		}
		cols := int(columns)
		var tmp []string
		maxLineLength := make([]int, 0, cols)
		for i := 0; i < cols; i++ {
			lineLength := 0
			for j := i; j < outputLength; j += cols {
				if dataLen[j] > lineLength {
					lineLength = dataLen[j]
				}
			}
			maxLineLength = append(maxLineLength, lineLength+separatorSpace)
		}
		padStart := true
		for i := 0; i < len(output); i++ {
			if i >= len(seq) || seq[i].Type() != lua.LTNumber {
				padStart = false
				break
			}
		}
		for i := 0; i < outputLength; i += cols {
			max := i + cols
			if max > outputLength {
				max = outputLength
			}
			var b strings.Builder
			j := i
			for ; j < max-1; j++ {
				cell := output[j] + ", "
				pad := strings.Repeat(" ", maxInt(0, maxLineLength[j-i]-dataLen[j]-separatorSpace))
				if padStart {
					b.WriteString(pad)
					b.WriteString(cell)
				} else {
					b.WriteString(cell)
					b.WriteString(pad)
				}
			}
			if padStart {
				b.WriteString(strings.Repeat(" ", maxInt(0, maxLineLength[j-i]-separatorSpace-dataLen[j])))
			}
			b.WriteString(output[j])
			tmp = append(tmp, b.String())
		}
		if c.opts.MaxArrayLength < len(output) {
			tmp = append(tmp, output[outputLength])
		}
		output = tmp
	}
	return output
}

func maxInt(a, b int) int {
	if a > b {
		return a
	}
	return b
}

// ---------------------------------------------------------------------
// %j: JSON.stringify

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

func (rt *Runtime) jsonTable(b *strings.Builder, v lua.LValue, t *lua.LTable, isErr bool, stack *[]lua.LValue) {
	for _, s := range *stack {
		if s == v {
			panic(jsonCycle{})
		}
	}
	*stack = append(*stack, v)
	defer func() { *stack = (*stack)[:len(*stack)-1] }()
	c := inspector{rt: rt, opts: DefaultInspectOptions}
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
