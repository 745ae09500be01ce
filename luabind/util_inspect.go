package luabind

import (
	"math"
	"strconv"
	"strings"

	lua "github.com/yuin/gopher-lua"

	"github.com/netsh/netsh/luabind/internal/jsfmt"
)

// This file and util_inspect_*.go are Node's util.inspect for Lua values.
// The layout rules (one line when it fits in breakLength, the compact=3
// depth rule, column grouping of long arrays, <ref *N> for cycles) follow
// Node 20's lib/internal/util/inspect.js so console.log output matches Node.
//
// Where Lua and JS differ:
//   - A table is shown as an array when keys 1..n are present (n > 0),
//     extra keys following as `[ 1, 2, a: 3 ]`; keys after a hole are
//     ordinary keys (`'5': x`), never `<N empty items>`.
//   - Lua tables have no insertion order: integer keys come first in
//     numeric order (as JS orders index keys), then string keys sorted,
//     then other number keys, booleans and the rest (shown as `[key]`).
//   - nil prints as `nil` (JS undefined/null).
//   - Lua functions have no name: a function shows as `[Function: name]`
//     with the name it is found under (a global, a module's field, a
//     method), else the key it is printed under, else as
//     `[Function (anonymous)]` (util_inspect_style.go).
//   - A table whose metatable has a string __name prints as a class
//     instance, `Name { ... }`; __tostring is not called (except by %s).
//   - Error objects print as `Name [CODE]: message` (or their `stack`
//     field) followed by their fields, always broken over lines as Node's
//     stack trace forces; Node's hidden name/message/stack are not listed.
//   - netsh objects (sockets, servers, ...) print as `ClassName { summary }`
//     (inspect_summary.go) plus the fields a script set on them; Node's
//     internals are not shown, nor the `_emitter` field events.go keeps in
//     a Lua EventEmitter table.
//   - Widths count UTF-16 units, as JS .length does; Node's East Asian
//     wide-character widths in array grouping are not modeled.
//   - Bytes that are not valid UTF-8 print as \xNN escapes.
//   - %o shows an array's [length] like Node but not a function's hidden
//     properties or an error's [stack]/[message].

// Compact modes for inspectOptions.Compact besides a positive number.
const (
	// CompactFalse puts every property on its own line.
	CompactFalse = 0
	// CompactTrue is Node's `compact: true`: old-style packing.
	CompactTrue = -1
)

// inspectOptions are the util.inspect options netsh honors.
type inspectOptions struct {
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
	// Colors styles values with ANSI colours, as Node's colors: true.
	Colors bool
}

// defaultInspectOptions are Node's defaults.
var defaultInspectOptions = inspectOptions{
	Depth:           2,
	BreakLength:     80,
	Compact:         3,
	MaxArrayLength:  100,
	MaxStringLength: 10000,
}

// inspectUnlimited stands for Infinity in integer options.
const inspectUnlimited = math.MaxInt32

// Inspect is util.inspect with default options.
func (rt *Runtime) Inspect(v lua.LValue) string {
	return rt.inspectOpts(v, defaultInspectOptions)
}

// InspectColors is util.inspect with default options, in Node's colours
// when colors is set (the REPL on a terminal).
func (rt *Runtime) InspectColors(v lua.LValue, colors bool) string {
	o := defaultInspectOptions
	o.Colors = colors
	return rt.inspectOpts(v, o)
}

// inspectOpts is util.inspect with the given options.
func (rt *Runtime) inspectOpts(v lua.LValue, opts inspectOptions) string {
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

// inspectOptionsFrom reads util.inspect's options table over Node's
// defaults; math.huge stands for Infinity, the rest are ignored.
func inspectOptionsFrom(t *lua.LTable) inspectOptions {
	o := defaultInspectOptions
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
	if c, ok := t.RawGetString("colors").(lua.LBool); ok {
		o.Colors = bool(c)
	}
	return o
}

// inspector is one util.inspect call: the options, the values being
// formatted (to spot cycles) and the indentation reached.
type inspector struct {
	rt           *Runtime
	opts         inspectOptions
	seen         []lua.LValue
	circular     map[lua.LValue]int
	indentLvl    int
	currentDepth int
	fnKey        string                    // the key the value being formatted is under, naming a function
	fnNames      map[*lua.LFunction]string // functionNames' index, built on first use
}

// formatValue is Node's formatValue: primitives as they print, a table
// or netsh object through formatRaw unless it is already being formatted
// further up, which makes it [Circular *N].
func (c *inspector) formatValue(v lua.LValue, recurse int) string {
	key := c.fnKey
	c.fnKey = ""
	switch x := v.(type) {
	case lua.LString:
		return c.formatString(string(x))
	case lua.LNumber:
		return c.stylize(jsfmt.InspectNumber(float64(x)), "number")
	case lua.LBool:
		if x {
			return c.stylize("true", "boolean")
		}
		return c.stylize("false", "boolean")
	case *lua.LNilType:
		return c.stylize("nil", "undefined")
	case *lua.LFunction:
		return c.functionText(x, key)
	case *lua.LUserData:
		if buf, ok := x.Value.(*Buffer); ok {
			if f := c.rt.console.bufFormatter; f != nil {
				if s, ok := c.rt.formatWith(f, x); ok {
					return s
				}
			}
			return formatBuffer(buf.B)
		}
	case *lua.LTable:
	case *lua.LState:
		return c.stylize("[Thread]", "special")
	default:
		return c.stylize("["+v.Type().String()+"]", "special")
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
			return c.stylize("[Circular *"+strconv.Itoa(idx)+"]", "special")
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
				b.WriteString(c.stylize(jsfmt.Quote(s[start:end]), "string"))
				start = end
			}
			return b.String() + trailer
		}
	}
	return c.stylize(jsfmt.Quote(s), "string") + trailer
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
