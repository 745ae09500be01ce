package luabind

import (
	"encoding/base64"
	"encoding/hex"
	"strings"

	lua "github.com/yuin/gopher-lua"
)

// normEncoding maps Node's encoding names and aliases to one spelling,
// "" if unknown.
func normEncoding(enc string) string {
	switch strings.ToLower(enc) {
	case "utf8", "utf-8":
		return "utf8"
	case "hex":
		return "hex"
	case "base64":
		return "base64"
	case "base64url":
		return "base64url"
	case "latin1", "binary":
		return "latin1"
	case "ascii":
		return "ascii"
	}
	return ""
}

// checkEncoding raises ERR_UNKNOWN_ENCODING for a name Node would reject.
func (rt *Runtime) checkEncoding(L *lua.LState, enc string) {
	if normEncoding(enc) == "" {
		rt.ThrowCode(L, "TypeError", ErrUnknownEncoding, "Unknown encoding: "+enc)
	}
}

// encodeString turns a string argument into bytes in the given encoding.
func (rt *Runtime) encodeString(L *lua.LState, s, enc string) []byte {
	switch normEncoding(enc) {
	case "utf8", "ascii":
		return []byte(s)
	case "latin1":
		out := make([]byte, 0, len(s))
		for _, r := range s {
			out = append(out, byte(r))
		}
		return out
	case "hex":
		n := len(s) &^ 1
		b, err := hex.DecodeString(s[:n])
		if err != nil {
			// Node stops at the first invalid pair.
			var out []byte
			for i := 0; i+1 < len(s); i += 2 {
				v, e := hex.DecodeString(s[i : i+2])
				if e != nil {
					break
				}
				out = append(out, v...)
			}
			return out
		}
		return b
	case "base64", "base64url":
		t := strings.NewReplacer("-", "+", "_", "/").Replace(strings.TrimRight(s, "="))
		b, _ := base64.RawStdEncoding.DecodeString(t)
		return b
	}
	rt.checkEncoding(L, enc)
	return nil
}

// decodeBytes renders bytes as a string in the given encoding.
func (rt *Runtime) decodeBytes(b []byte, enc string) string {
	switch normEncoding(enc) {
	case "hex":
		return hex.EncodeToString(b)
	case "base64":
		return base64.StdEncoding.EncodeToString(b)
	case "base64url":
		return base64.RawURLEncoding.EncodeToString(b)
	case "latin1":
		var sb strings.Builder
		for _, c := range b {
			sb.WriteRune(rune(c))
		}
		return sb.String()
	case "ascii":
		out := make([]byte, len(b))
		for i, c := range b {
			out[i] = c & 0x7f
		}
		return string(out)
	}
	return string(b)
}
