package netio

import (
	"net"
)

// plainIO is the portable path: a reader goroutine with its own buffer
// and every write through the flusher goroutine.
type plainIO struct {
	conn net.Conn
	buf  []byte
}

func (p *plainIO) read() ([]byte, error) {
	if p.buf == nil {
		p.buf = make([]byte, ReadChunk)
	}
	n, err := p.conn.Read(p.buf)
	var out []byte
	if n > 0 {
		out = make([]byte, n)
		copy(out, p.buf[:n])
	}
	return out, err
}

func (p *plainIO) tryWrite([]byte) (int, error) { return 0, nil }

func (p *plainIO) writeBuffers(b *net.Buffers) (int64, error) { return b.WriteTo(p.conn) }
