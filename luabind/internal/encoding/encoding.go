// Package encoding holds the byte encodings Node's Buffer knows (utf8,
// utf16le, latin1, ascii, base64, base64url, hex) and a streaming
// decoder that never splits a character across chunks. It is pure Go:
// luabind turns Lua arguments into these calls and raises the errors.
//
// Lua strings are byte strings; Node's are UTF-16. netsh treats a Lua
// string as UTF-8 text where it is valid UTF-8 and each stray byte as one
// character of that value, so: utf8 encoding copies the bytes as they are,
// and latin1 round-trips any byte string through Decode.
package encoding

import "strings"

// Encoding is a normalized Node encoding name.
type Encoding uint8

// The encodings, in no meaningful order; Unknown (the zero value) is what
// Lookup gives for a name Node does not know.
const (
	Unknown Encoding = iota
	UTF8
	UTF16LE // also ucs2
	Latin1  // also binary
	ASCII
	Base64
	Base64URL
	Hex
)

// names is each encoding's canonical name, as Node reports it.
var names = [...]string{"", "utf8", "utf16le", "latin1", "ascii", "base64", "base64url", "hex"}

// String is the canonical name Node reports (e.g. readable.readableEncoding);
// "" for Unknown.
func (e Encoding) String() string { return names[e] }

// Lookup is Node's getEncodingOps: a case-insensitive match of the names
// Node knows (utf8/utf-8, ucs2/ucs-2/utf16le/utf-16le, latin1/binary,
// ascii, base64, base64url, hex); Unknown for anything else, "" included.
func Lookup(name string) Encoding {
	switch name { // the usual spellings, without lowercasing
	case "utf8", "utf-8":
		return UTF8
	case "hex":
		return Hex
	case "base64":
		return Base64
	case "latin1", "binary":
		return Latin1
	}
	if len(name) > 9 { // longer than any name: skip the lowercasing
		return Unknown
	}
	switch strings.ToLower(name) {
	case "utf8", "utf-8":
		return UTF8
	case "ucs2", "ucs-2", "utf16le", "utf-16le":
		return UTF16LE
	case "latin1", "binary":
		return Latin1
	case "ascii":
		return ASCII
	case "base64":
		return Base64
	case "base64url":
		return Base64URL
	case "hex":
		return Hex
	}
	return Unknown
}
