package luabind

import "github.com/netsh/netsh/luabind/internal/encoding"

// Canonical encoding names, as streams, sockets and fs pass them ("" for
// none), mapped onto package encoding.

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
