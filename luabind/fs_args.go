package luabind

import (
	"os"
	"strconv"

	lua "github.com/yuin/gopher-lua"

	"github.com/netsh/netsh/luabind/internal/jsfmt"
)

// pathOptsCallback reads (path[, options][, callback]) as the fs functions
// take them; the callback is required when async.
func (rt *Runtime) pathOptsCallback(L *lua.LState, async bool) (*lua.LFunction, string, lua.LValue) {
	cb := rt.lastCallback(L, async)
	path := rt.checkPath(L, 1, "path")
	return cb, path, optionsArg(L, 2, cb)
}

// lastCallback splits a trailing callback off the arguments: async forms
// require it, with Node's message when it is missing.
func (rt *Runtime) lastCallback(L *lua.LState, async bool) *lua.LFunction {
	if !async {
		return nil
	}
	top := L.GetTop()
	if f, ok := L.Get(top).(*lua.LFunction); ok {
		return f
	}
	rt.ArgTypeError(L, "cb", "of type function", lua.LNil)
	return nil
}

// optionsArg is the optional options argument at n: nil when it is absent
// and the callback stands in its place.
func optionsArg(L *lua.LState, n int, cb *lua.LFunction) lua.LValue {
	opt := L.Get(n)
	if opt == cb {
		return lua.LNil
	}
	return opt
}

// checkPath reads a path argument: a string or a Buffer.
func (rt *Runtime) checkPath(L *lua.LState, n int, name string) string {
	v := L.Get(n)
	if path, ok := rt.pathValue(v); ok {
		return path
	}
	rt.ArgTypeError(L, name, "of type string or an instance of Buffer or URL", v)
	return ""
}

// pathValue is the path a string or Buffer names; ok is false for any
// other value.
func (rt *Runtime) pathValue(v lua.LValue) (path string, ok bool) {
	switch x := v.(type) {
	case lua.LString:
		return string(x), true
	case *lua.LUserData:
		if b, ok := rt.toBytes(x); ok {
			return string(b), true
		}
	}
	return "", false
}

// optsTable is the options argument when it is a table, else nil (an
// encoding string, or absent), so optField can read it either way.
func optsTable(v lua.LValue) *lua.LTable {
	t, _ := v.(*lua.LTable)
	return t
}

// fsEncodingOpt reads the encoding of an options argument that may be an
// encoding string or a table; "" means none (Buffers).
func (rt *Runtime) fsEncodingOpt(L *lua.LState, v lua.LValue) string {
	var e lua.LValue = lua.LNil
	switch x := v.(type) {
	case lua.LString:
		e = x
	case *lua.LTable:
		e = x.RawGetString("encoding")
	case *lua.LNilType:
	case *lua.LFunction:
	default:
		rt.ArgTypeError(L, "options", "one of type string or an instance of Object", v)
	}
	switch x := e.(type) {
	case *lua.LNilType:
		return ""
	case lua.LString:
		if x == "buffer" {
			return ""
		}
		if n := streamNormEnc(string(x)); n != "" {
			return n
		}
	}
	rt.ThrowCode(L, "TypeError", ErrInvalidArgValue, "The argument 'encoding' is invalid encoding. Received "+quoteVal(L, e))
	return ""
}

// fsModeOpt reads options.mode (a number, or an octal string).
func (rt *Runtime) fsModeOpt(L *lua.LState, t *lua.LTable, def os.FileMode) os.FileMode {
	switch v := optField(t, "mode").(type) {
	case *lua.LNilType:
		return def
	case lua.LNumber:
		return os.FileMode(uint32(v)) & os.ModePerm
	case lua.LString:
		if n, err := strconv.ParseUint(string(v), 8, 32); err == nil {
			return os.FileMode(n) & os.ModePerm
		}
	}
	rt.ThrowCode(L, "TypeError", ErrInvalidArgValue, "The argument 'mode' must be a 32-bit unsigned integer or an octal string. Received "+quoteVal(L, optField(t, "mode")))
	return def
}

// fsFlags maps Node's flag strings to open(2) flags.
var fsFlags = map[string]int{
	"r": os.O_RDONLY, "rs": os.O_RDONLY | os.O_SYNC, "sr": os.O_RDONLY | os.O_SYNC,
	"r+": os.O_RDWR, "rs+": os.O_RDWR | os.O_SYNC, "sr+": os.O_RDWR | os.O_SYNC,
	"w": os.O_TRUNC | os.O_CREATE | os.O_WRONLY, "wx": os.O_TRUNC | os.O_CREATE | os.O_WRONLY | os.O_EXCL,
	"xw": os.O_TRUNC | os.O_CREATE | os.O_WRONLY | os.O_EXCL,
	"w+": os.O_TRUNC | os.O_CREATE | os.O_RDWR, "wx+": os.O_TRUNC | os.O_CREATE | os.O_RDWR | os.O_EXCL,
	"xw+": os.O_TRUNC | os.O_CREATE | os.O_RDWR | os.O_EXCL,
	"a":   os.O_APPEND | os.O_CREATE | os.O_WRONLY, "ax": os.O_APPEND | os.O_CREATE | os.O_WRONLY | os.O_EXCL,
	"xa": os.O_APPEND | os.O_CREATE | os.O_WRONLY | os.O_EXCL,
	"as": os.O_APPEND | os.O_CREATE | os.O_WRONLY | os.O_SYNC, "sa": os.O_APPEND | os.O_CREATE | os.O_WRONLY | os.O_SYNC,
	"a+": os.O_APPEND | os.O_CREATE | os.O_RDWR, "ax+": os.O_APPEND | os.O_CREATE | os.O_RDWR | os.O_EXCL,
	"xa+": os.O_APPEND | os.O_CREATE | os.O_RDWR | os.O_EXCL,
	"as+": os.O_APPEND | os.O_CREATE | os.O_RDWR | os.O_SYNC, "sa+": os.O_APPEND | os.O_CREATE | os.O_RDWR | os.O_SYNC,
}

// parseFlags reads a flags option (a string or a number) or returns the
// ERR_INVALID_ARG_VALUE error Node gives. It returns rather than raises
// because streams report a bad flag through 'error', not at the call.
func (rt *Runtime) parseFlags(L *lua.LState, v lua.LValue, def string) (int, *lua.LTable) {
	switch x := v.(type) {
	case *lua.LNilType:
		return fsFlags[def], nil
	case lua.LNumber:
		return int(x), nil
	case lua.LString:
		if f, ok := fsFlags[string(x)]; ok {
			return f, nil
		}
	}
	return 0, rt.NewError("TypeError", ErrInvalidArgValue, "The argument 'flags' is invalid. Received "+quoteVal(L, v))
}

// quoteVal renders a received value as Node's ERR_INVALID_ARG_VALUE
// messages do: strings in single quotes.
func quoteVal(L *lua.LState, v lua.LValue) string {
	if s, ok := v.(lua.LString); ok {
		return "'" + string(s) + "'"
	}
	if n, ok := v.(lua.LNumber); ok {
		return jsfmt.InspectNumber(float64(n)) // Infinity, not Go's +Inf
	}
	return L.ToStringMeta(v).String()
}
