package luabind

// streamNormEnc returns Node's canonical name of an encoding, or "".
func streamNormEnc(enc string) string {
	if e := lookupEncoding(enc); e != encUnknown {
		return e.String()
	}
	return ""
}

// strDecoder is Node's StringDecoder: it never splits a character (or a
// base64 group) across chunks.
type strDecoder struct {
	enc  string
	rest []byte
}

func (d *strDecoder) write(b []byte) []byte {
	if len(d.rest) > 0 {
		b = append(append([]byte(nil), d.rest...), b...)
		d.rest = nil
	}
	keep := 0
	switch d.enc {
	case "utf8":
		keep = utf8Incomplete(b)
	case "base64", "base64url":
		keep = len(b) % 3
	case "utf16le":
		keep = len(b) % 2
	}
	if keep > 0 {
		d.rest = append([]byte(nil), b[len(b)-keep:]...)
		b = b[:len(b)-keep]
	}
	return []byte(streamDecode(d.enc, b))
}

func (d *strDecoder) end() []byte {
	r := d.rest
	d.rest = nil
	if len(r) == 0 {
		return nil
	}
	if d.enc == "utf8" {
		return []byte("\uFFFD")
	}
	return []byte(streamDecode(d.enc, r))
}

// utf8Incomplete is how many bytes at the end of b start a UTF-8 sequence
// that is not complete yet.
func utf8Incomplete(b []byte) int {
	for i := 1; i <= 3 && i <= len(b); i++ {
		c := b[len(b)-i]
		if c&0xC0 == 0x80 {
			continue
		}
		need := 0
		switch {
		case c&0xE0 == 0xC0:
			need = 2
		case c&0xF0 == 0xE0:
			need = 3
		case c&0xF8 == 0xF0:
			need = 4
		}
		if need > i {
			return i
		}
		return 0
	}
	return 0
}

// streamDecode turns bytes into a Lua string as Buffer's toString(enc)
// does, except that utf8 keeps the bytes as they are (Lua strings are bytes).
func streamDecode(enc string, b []byte) string {
	if enc == "utf8" || enc == "" {
		return string(b)
	}
	return decodeBytes(b, lookupEncoding(enc))
}

// streamEncode turns a Lua string into bytes as Buffer.from(s, enc) does.
func streamEncode(enc string, s string) []byte {
	if enc == "" {
		enc = "utf8"
	}
	return encodeString(s, lookupEncoding(enc))
}
