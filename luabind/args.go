package luabind

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	lua "github.com/yuin/gopher-lua"

	"github.com/netsh/netsh/luabind/internal/jsfmt"
)

// describeReceived is the "Received ..." tail of Node's ERR_INVALID_ARG_TYPE
// message for the value v.
func describeReceived(v lua.LValue) string {
	switch x := v.(type) {
	case *lua.LNilType:
		return "undefined"
	case lua.LBool:
		return fmt.Sprintf("type boolean (%v)", bool(x))
	case lua.LNumber:
		return "type number (" + jsfmt.InspectNumber(float64(x)) + ")" // Infinity, -0: as inspect writes them
	case lua.LString:
		s := string(x)
		if len(s) > 25 {
			s = s[:25] + "..."
		}
		return "type string ('" + s + "')"
	case *lua.LFunction:
		return "function"
	case *lua.LUserData:
		if o, ok := x.Value.(Object); ok {
			return "an instance of " + o.base().class.Name
		}
		return "an instance of userdata"
	case *lua.LTable:
		return "an instance of Object"
	}
	return "type " + v.Type().String()
}

// ArgTypeError raises ERR_INVALID_ARG_TYPE: `The "name" argument must be
// <expected>. Received <what v is>`.
func (rt *Runtime) ArgTypeError(L *lua.LState, name, expected string, v lua.LValue) {
	what := "argument"
	if len(name) > 0 && name[0] == '.' { // an option: "options.port"
		what = "property"
		name = name[1:]
	}
	rt.ThrowCode(L, "TypeError", ErrInvalidArgType,
		fmt.Sprintf("The %q %s must be %s. Received %s", name, what, expected, describeReceived(v)))
}

// OutOfRange raises ERR_OUT_OF_RANGE as Node words it: a number received
// as Node writes it (Infinity, 4_294_967_297), anything else as its text.
func (rt *Runtime) OutOfRange(L *lua.LState, name, rangeDesc string, v lua.LValue) {
	received := ""
	if n, ok := v.(lua.LNumber); ok {
		received = rangeReceived(float64(n))
	} else {
		received = rt.valueText(v)
	}
	rt.ThrowCode(L, "RangeError", ErrOutOfRange,
		fmt.Sprintf("The value of %q is out of range. It must be %s. Received %s", name, rangeDesc, received))
}

// CheckFunction returns argument n as a function or raises
// ERR_INVALID_ARG_TYPE naming it.
func (rt *Runtime) CheckFunction(L *lua.LState, n int, name string) *lua.LFunction {
	if f, ok := L.Get(n).(*lua.LFunction); ok {
		return f
	}
	rt.ArgTypeError(L, name, "of type function", L.Get(n))
	return nil
}

// OptFunction returns argument n as a function, nil if absent; another type
// raises ERR_INVALID_ARG_TYPE.
func (rt *Runtime) OptFunction(L *lua.LState, n int, name string) *lua.LFunction {
	switch v := L.Get(n).(type) {
	case *lua.LNilType:
		return nil
	case *lua.LFunction:
		return v
	}
	rt.ArgTypeError(L, name, "of type function", L.Get(n))
	return nil
}

// CheckString returns argument n as a string (numbers are not accepted).
func (rt *Runtime) CheckString(L *lua.LState, n int, name string) string {
	if s, ok := L.Get(n).(lua.LString); ok {
		return string(s)
	}
	rt.ArgTypeError(L, name, "of type string", L.Get(n))
	return ""
}

// CheckNumber returns argument n as a number.
func (rt *Runtime) CheckNumber(L *lua.LState, n int, name string) float64 {
	if x, ok := L.Get(n).(lua.LNumber); ok {
		return float64(x)
	}
	rt.ArgTypeError(L, name, "of type number", L.Get(n))
	return 0
}

// CheckInt returns argument n as an integer within [min, max], raising
// ERR_INVALID_ARG_TYPE or ERR_OUT_OF_RANGE as Node does.
func (rt *Runtime) CheckInt(L *lua.LState, n int, name string, min, max int64) int64 {
	v := L.Get(n)
	x, ok := v.(lua.LNumber)
	if !ok {
		rt.ArgTypeError(L, name, "of type number", v)
	}
	f := float64(x)
	if f != math.Trunc(f) || math.IsInf(f, 0) { // Number.isInteger: NaN and Infinity are not
		rt.OutOfRange(L, name, "an integer", v)
	}
	if f < float64(min) || f > float64(max) {
		rt.OutOfRange(L, name, fmt.Sprintf(">= %d && <= %d", min, max), v)
	}
	return int64(f)
}

// OptInt is CheckInt with a default for nil.
func (rt *Runtime) OptInt(L *lua.LState, n int, name string, def, min, max int64) int64 {
	if L.Get(n) == lua.LNil {
		return def
	}
	return rt.CheckInt(L, n, name, min, max)
}

// OptTable returns argument n as a table, nil if absent.
func (rt *Runtime) OptTable(L *lua.LState, n int, name string) *lua.LTable {
	switch v := L.Get(n).(type) {
	case *lua.LNilType:
		return nil
	case *lua.LTable:
		return v
	}
	rt.ArgTypeError(L, name, "of type object", L.Get(n))
	return nil
}

// portArg validates a port as Node's validatePort does: a number or a
// numeric string in 0..65535, else ERR_SOCKET_BAD_PORT.
func (rt *Runtime) portArg(L *lua.LState, v lua.LValue, name string) int {
	var f float64
	switch x := v.(type) {
	case lua.LNumber:
		f = float64(x)
	case lua.LString:
		p, err := strconv.ParseFloat(string(x), 64)
		if err != nil || len(x) == 0 {
			goto bad
		}
		f = p
	default:
		goto bad
	}
	if f >= 0 && f <= 65535 && f == math.Trunc(f) {
		return int(f)
	}
bad:
	rt.ThrowCode(L, "RangeError", ErrSocketBadPort,
		fmt.Sprintf("%s should be >= 0 and < 65536. Received %s.", name, describeReceived(v)))
	return 0
}

// optField reads options.key, nil if the table is nil.
func optField(t *lua.LTable, key string) lua.LValue {
	if t == nil {
		return lua.LNil
	}
	return t.RawGetString(key)
}

// OptBoolField reads a boolean option, def when absent; another type raises
// ERR_INVALID_ARG_TYPE naming options.key.
func (rt *Runtime) OptBoolField(L *lua.LState, t *lua.LTable, key string, def bool) bool {
	switch v := optField(t, key).(type) {
	case *lua.LNilType:
		return def
	case lua.LBool:
		return bool(v)
	default:
		rt.ArgTypeError(L, ".options."+key, "of type boolean", v)
	}
	return def
}

// OptNumberField reads a numeric option, def when absent.
func (rt *Runtime) OptNumberField(L *lua.LState, t *lua.LTable, key string, def float64) float64 {
	switch v := optField(t, key).(type) {
	case *lua.LNilType:
		return def
	case lua.LNumber:
		return float64(v)
	default:
		rt.ArgTypeError(L, ".options."+key, "of type number", v)
	}
	return def
}

// OptStringField reads a string option, def when absent.
func (rt *Runtime) OptStringField(L *lua.LState, t *lua.LTable, key string, def string) string {
	switch v := optField(t, key).(type) {
	case *lua.LNilType:
		return def
	case lua.LString:
		return string(v)
	default:
		rt.ArgTypeError(L, ".options."+key, "of type string", v)
	}
	return def
}

// ArgValueError raises ERR_INVALID_ARG_VALUE as Node words it: `The
// argument 'name' <reason>. Received <inspected v>`, "property" for a
// dotted name, the inspected value cut at 128 characters.
func (rt *Runtime) ArgValueError(L *lua.LState, name, reason string, v lua.LValue) {
	what := "argument"
	if strings.Contains(name, ".") {
		what = "property"
	}
	got := rt.Inspect(v)
	if len(got) > 128 {
		got = got[:128] + "..."
	}
	rt.ThrowCode(L, "TypeError", ErrInvalidArgValue, fmt.Sprintf("The %s '%s' %s. Received %s", what, name, reason, got))
}
