package encoding

// Decoder is Node's StringDecoder, as setEncoding gives sockets, streams
// and file streams: it never splits a character (or a base64 group)
// across chunks. utf8 is decoded as Decode does (each invalid sequence
// becomes U+FFFD), with only an incomplete character at a chunk's end held
// back; utf16le holds back an odd byte and a high surrogate whose low half
// has not come yet.
type Decoder struct {
	enc  Encoding
	rest []byte // bytes held back from the last Write
}

// NewDecoder returns a Decoder for e.
func NewDecoder(e Encoding) *Decoder { return &Decoder{enc: e} }

// Encoding is the encoding the Decoder decodes.
func (d *Decoder) Encoding() Encoding { return d.enc }

// Write decodes b after what the last Write held back, keeping back the
// bytes that cannot be decoded yet. The result is a fresh slice the
// caller may keep.
func (d *Decoder) Write(b []byte) []byte {
	if len(d.rest) > 0 {
		b = append(append([]byte(nil), d.rest...), b...)
		d.rest = nil
	}
	keep := 0
	switch d.enc {
	case UTF8:
		keep = utf8Incomplete(b)
	case Base64, Base64URL:
		keep = len(b) % 3
	case UTF16LE:
		keep = utf16Incomplete(b)
	}
	if keep > 0 {
		d.rest = append([]byte(nil), b[len(b)-keep:]...)
		b = b[:len(b)-keep]
	}
	return []byte(Decode(b, d.enc))
}

// End flushes what Write held back, nil if nothing: for utf8 the
// incomplete character decodes as Decode does (a truncated character is
// one U+FFFD), for utf16le an odd last byte is dropped, as in Node.
func (d *Decoder) End() []byte {
	r := d.rest
	d.rest = nil
	if len(r) == 0 {
		return nil
	}
	return []byte(Decode(r, d.enc))
}

// utf8Incomplete is how many bytes at the end of b start a UTF-8 sequence
// that is not complete yet. Like Node it looks only at the lead byte's
// length bits; whether the bytes are valid is Decode's business once the
// sequence is whole.
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

// utf16Incomplete is how many bytes at the end of b cannot be decoded yet:
// an odd last byte, and the high surrogate before it (Node gives that half
// alone, which a Lua string cannot hold, so it waits for its low half).
func utf16Incomplete(b []byte) int {
	keep := len(b) % 2
	if hi := len(b) - keep - 1; hi > 0 && b[hi]&0xFC == 0xD8 {
		keep += 2
	}
	return keep
}
