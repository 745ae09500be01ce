package luabind

import lua "github.com/yuin/gopher-lua"

// chunkTypes is Node's wording for what a write or a send takes. net,
// stream, dgram and fs all read their data arguments through here, so
// the type check and its message are the same everywhere.
const chunkTypes = "of type string or an instance of Buffer, TypedArray, or DataView"

// chunkTypeError is the ERR_INVALID_ARG_TYPE error for a data argument
// that is neither a string nor a Buffer, for callers that report it
// rather than raise it (a stream destroys itself with it).
func (rt *Runtime) chunkTypeError(name string, v lua.LValue) *lua.LTable {
	return rt.NewError("TypeError", ErrInvalidArgType,
		"The \""+name+"\" argument must be "+chunkTypes+". Received "+describeReceived(v))
}

// chunkBytes returns the bytes of a string or a Buffer (a Buffer's own
// bytes, not a copy), or raises chunkTypeError naming the argument.
func (rt *Runtime) chunkBytes(L *lua.LState, name string, v lua.LValue) []byte {
	b, ok := rt.toBytes(v)
	if !ok {
		rt.Throw(L, rt.chunkTypeError(name, v))
	}
	return b
}
