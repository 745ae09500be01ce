package luabind

import (
	"math"

	"github.com/netsh/netsh/luabind/internal/encoding"
	lua "github.com/yuin/gopher-lua"
)

// Encoding arguments: each Buffer function reads its encoding argument
// by its own Node rules (which values mean utf8, which raise), and the
// stream layer passes canonical names ("" for none). The encodings
// themselves are package encoding.

// unknownEncoding raises ERR_UNKNOWN_ENCODING naming v as JavaScript's
// String(v) would.
func (rt *Runtime) unknownEncoding(L *lua.LState, v lua.LValue) {
	s := "undefined"
	switch x := v.(type) {
	case lua.LString:
		s = string(x)
	case lua.LNumber:
		s = jsNumberString(float64(x))
	case *lua.LNilType:
	default:
		s = L.ToStringMeta(v).String()
	}
	rt.ThrowCode(L, "TypeError", ErrUnknownEncoding, "Unknown encoding: "+s)
}

// encodingArg reads an optional encoding argument as toString and
// indexOf do: nil means utf8; anything but a name Node knows ("" too)
// raises ERR_UNKNOWN_ENCODING.
func (rt *Runtime) encodingArg(L *lua.LState, v lua.LValue) encoding.Encoding {
	switch x := v.(type) {
	case *lua.LNilType:
		return encoding.UTF8
	case lua.LString:
		if e := encoding.Lookup(string(x)); e != encoding.Unknown {
			return e
		}
	}
	rt.unknownEncoding(L, v)
	return encoding.UTF8
}

// fromEncodingArg is Buffer.from's reading of its encoding: only a
// non-empty string is looked at (an unknown name raises), anything else
// means utf8.
func (rt *Runtime) fromEncodingArg(L *lua.LState, v lua.LValue) encoding.Encoding {
	enc := encoding.UTF8
	if s, ok := v.(lua.LString); ok && s != "" {
		if enc = encoding.Lookup(string(s)); enc == encoding.Unknown {
			rt.unknownEncoding(L, v)
		}
	}
	return enc
}

// fillEncodingArg is fill's reading of its encoding: nil means utf8, a
// string must be a name Node knows, anything else is a type error.
func (rt *Runtime) fillEncodingArg(L *lua.LState, v lua.LValue) encoding.Encoding {
	enc := encoding.UTF8
	switch e := v.(type) {
	case *lua.LNilType:
	case lua.LString:
		if enc = encoding.Lookup(string(e)); enc == encoding.Unknown {
			rt.unknownEncoding(L, v)
		}
	default:
		rt.ArgTypeError(L, "encoding", "of type string", v)
	}
	return enc
}

// writeEncodingArg is write's reading of its encoding: as in Node, a
// falsy value (nil, false, "", 0, NaN) means utf8; any other value must
// be a name Node knows.
func (rt *Runtime) writeEncodingArg(L *lua.LState, v lua.LValue) encoding.Encoding {
	enc := encoding.UTF8
	switch e := v.(type) {
	case *lua.LNilType:
	case lua.LString:
		if e != "" {
			if enc = encoding.Lookup(string(e)); enc == encoding.Unknown {
				rt.unknownEncoding(L, v)
			}
		}
	case lua.LBool:
		if e {
			rt.unknownEncoding(L, v)
		}
	case lua.LNumber:
		if e != 0 && !math.IsNaN(float64(e)) {
			rt.unknownEncoding(L, v)
		}
	default:
		rt.unknownEncoding(L, v)
	}
	return enc
}

// ---- canonical names, for streams, sockets and fs ----

// streamNormEnc returns Node's canonical name of an encoding, or "".
func streamNormEnc(enc string) string {
	if e := encoding.Lookup(enc); e != encoding.Unknown {
		return e.String()
	}
	return ""
}

// streamDecode turns bytes into a Lua string as Buffer's toString(enc)
// does, except that utf8 ("" too) keeps the bytes as they are (Lua
// strings are bytes).
func streamDecode(enc string, b []byte) string {
	if enc == "" {
		return string(b)
	}
	return encoding.DecodeChunk(b, encoding.Lookup(enc))
}

// streamEncode turns a Lua string into bytes as Buffer.from(s, enc) does;
// "" means utf8.
func streamEncode(enc string, s string) []byte {
	if enc == "" {
		enc = "utf8"
	}
	return encoding.Encode(s, encoding.Lookup(enc))
}
