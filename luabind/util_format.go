package luabind

import (
	"math"
	"strings"

	lua "github.com/yuin/gopher-lua"

	"github.com/netsh/netsh/luabind/internal/jsfmt"
)

// This file is util.format: printf-style %-directives in a first string
// argument (Node's formatWithOptions), and the JS conversions they use.

// Format is util.format: printf-style directives in a first string
// argument, other arguments joined by one space.
func (rt *Runtime) Format(args []lua.LValue) string {
	if len(args) == 1 {
		if s, ok := args[0].(lua.LString); ok {
			return string(s)
		}
	}
	var b strings.Builder
	rt.formatTo(&b, &defaultInspectOptions, args)
	return b.String()
}

// formatTo writes util.format(args) to b (Node's formatWithOptions).
func (rt *Runtime) formatTo(b *strings.Builder, opts *inspectOptions, args []lua.LValue) {
	if len(args) == 0 {
		return
	}
	a, join := 0, false
	if first, ok := args[0].(lua.LString); ok && len(args) > 1 {
		a, join = rt.formatDirectives(b, opts, string(first), args)
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
			b.WriteString(rt.inspectOpts(v, *opts))
		}
	}
}

// formatDirectives writes the format string f with its directives
// replaced by args[1:] and returns the index of the first argument left
// over (0 when f had nothing to replace, so f itself is written as an
// argument) and whether a space goes before it. As in Node, %% is kept
// when no argument follows, and a directive with no argument left stays.
func (rt *Runtime) formatDirectives(b *strings.Builder, opts *inspectOptions, f string, args []lua.LValue) (int, bool) {
	a := 0
	lastPos := 0
	for i := 0; i < len(f)-1; i++ {
		if f[i] != '%' {
			continue
		}
		i++
		next := f[i]
		if next == '%' || a+1 == len(args) {
			if next == '%' {
				b.WriteString(f[lastPos:i])
				lastPos = i + 1
			}
			continue
		}
		tmp, ok := rt.directive(next, args[a+1], opts)
		if !ok {
			continue
		}
		a++
		if lastPos != i-1 {
			b.WriteString(f[lastPos : i-1])
		}
		b.WriteString(tmp)
		lastPos = i + 1
	}
	if lastPos == 0 {
		return a, false
	}
	if lastPos < len(f) {
		b.WriteString(f[lastPos:])
	}
	return a + 1, true
}

// directive is what the directive letter d makes of arg; ok is false
// for a letter that is not a directive, which stays in the output as is.
func (rt *Runtime) directive(d byte, arg lua.LValue, opts *inspectOptions) (s string, ok bool) {
	switch d {
	case 's':
		return rt.formatS(arg, opts), true
	case 'j':
		return rt.jsonStringify(arg), true
	case 'd':
		return numberDirective(jsToNumber(arg)), true
	case 'i':
		return numberDirective(jsfmt.ParseInt(rt.jsString(arg))), true
	case 'f':
		return numberDirective(jsfmt.ParseFloat(rt.jsString(arg))), true
	case 'O':
		return rt.inspectOpts(arg, *opts), true
	case 'o':
		o := *opts
		o.ShowHidden = true
		o.Depth = 4
		return rt.inspectOpts(arg, o), true
	case 'c':
		return "", true // CSS is for browsers: the argument is dropped
	}
	return "", false
}

// numberDirective is formatNumber for %d %i %f: -0 is kept, as inspect
// shows it.
func numberDirective(f float64) string { return jsfmt.InspectNumber(f) }

// formatS is the %s directive: strings and numbers as they are, objects
// inspected one level deep, a Buffer or a table with __tostring as text
// (Node calls a user-defined toString).
func (rt *Runtime) formatS(v lua.LValue, opts *inspectOptions) string {
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
	return rt.inspectOpts(v, o)
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
