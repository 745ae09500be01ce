package luabind

import (
	"net"
)

// connIO is how a Socket moves bytes on the portable path. read blocks
// (reader goroutine); tryWrite never blocks (loop goroutine) and may write
// nothing; writeBuffers blocks (flusher goroutine).
type connIO interface {
	read() ([]byte, error)
	tryWrite(p []byte) (int, error)
	writeBuffers(b *net.Buffers) (int64, error)
}

// halfCloser is a connection that can send FIN while still reading.
type halfCloser interface{ CloseWrite() error }

func closeWriteConn(c net.Conn) {
	if hc, ok := c.(halfCloser); ok {
		hc.CloseWrite()
	}
}

// readChunk is the most one read returns; data is copied out at its exact
// size, so what Lua holds is never larger than what arrived.
const readChunk = 64 * 1024
