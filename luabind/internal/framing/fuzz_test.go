package framing

import "testing"

// FuzzDecoders feeds arbitrary bytes, cut at an arbitrary point, to every
// splitter: no panic, no endless loop, and a frame never claims more bytes
// than were given.
func FuzzDecoders(f *testing.F) {
	for _, s := range []string{"+OK\r\n", "*2\r\n$1\r\na\r\n:1\r\n", "GET / HTTP/1.1\r\n\r\n",
		"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\na\r\n0\r\n\r\n", "\x00\x02ab", "a\nb\r\n"} {
		f.Add([]byte(s), uint16(3))
	}
	f.Fuzz(func(t *testing.T, data []byte, cut uint16) {
		c := int(cut) % (len(data) + 1)
		for _, s := range []Splitter{&Lines{}, &Delimited{Delim: []byte("\r\n")}, LengthPrefixed{Size: 2, BigEndian: true},
			Fixed{N: 3}, RESP{}, RESP{Inline: true}, &HTTP{}} {
			frames, _ := feed(s, data, []int{c}, 1<<16)
			if len(frames) > len(data)+1 {
				t.Fatalf("%T: %d frames from %d bytes", s, len(frames), len(data))
			}
		}
	})
}
