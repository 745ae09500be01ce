package encoding

// Decoder is Node's StringDecoder, as setEncoding gives sockets, streams
// and file streams: it never splits a character (or a base64 group)
// across chunks. utf8 text passes through byte for byte as DecodeChunk
// does; only an incomplete character at a chunk's end is held back (for
// utf16le, an odd byte and a high surrogate whose pair has not come).
type Decoder struct {
	enc  Encoding
	rest []byte // bytes held back from the last Write
}

// NewDecoder returns a Decoder for e.
func NewDecoder(e Encoding) *Decoder { return &Decoder{enc: e} }

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
		keep = len(b) % 2
		if n := len(b) - keep; n >= 2 && b[n-1]&0xFC == 0xD8 {
			keep += 2 // a high surrogate waits for its pair, as in Node
		}
	}
	if keep > 0 {
		d.rest = append([]byte(nil), b[len(b)-keep:]...)
		b = b[:len(b)-keep]
	}
	return []byte(DecodeChunk(b, d.enc))
}

// End flushes what Write held back, nil if nothing: for utf8 an
// incomplete character becomes one U+FFFD, as in Node.
func (d *Decoder) End() []byte {
	r := d.rest
	d.rest = nil
	if len(r) == 0 {
		return nil
	}
	if d.enc == UTF8 {
		return []byte("\uFFFD")
	}
	return []byte(DecodeChunk(r, d.enc))
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
