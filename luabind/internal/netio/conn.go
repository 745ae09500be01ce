package netio

import (
	"net"
	"time"
)

// ReadCredits is how many chunks a connection may read ahead of the code
// consuming them: the portable reader has at most this many in flight to
// the loop, and a socket that nobody reads holds as many before it stops
// reading. It bounds memory per socket (credits x chunk).
const ReadCredits = 4

// ReadChunk is the most one read returns; data is copied out at its exact
// size, so what a handler holds is never larger than what arrived.
const ReadChunk = 64 * 1024

// Handler receives a connection's events, always on the loop goroutine.
// OnWritten and OnWriteError may be called from inside Conn.Write.
type Handler interface {
	// OnRead gets one chunk, or io.EOF (the peer's FIN) or a read error;
	// after an error or EOF no more reads come.
	OnRead(data []byte, err error)
	// OnWritten reports n more bytes handed to the kernel.
	OnWritten(n int64)
	// OnWriteError reports a failed write; what was queued is dropped.
	OnWriteError(err error)
}

// Conn is a connected stream socket (TCP or unix). Every method is for the
// loop goroutine.
type Conn interface {
	// SetHandler installs the receiver of the connection's events; an
	// accepted Conn has none until its socket object exists.
	SetHandler(h Handler)
	// ResumeRead starts or resumes reading; PauseRead stops it, leaving
	// what arrives in the kernel, so TCP pushes back on the peer.
	ResumeRead()
	PauseRead()
	// Write sends p now if nothing is queued and the kernel takes it, and
	// queues a copy of the rest (the caller may reuse p). It never blocks.
	Write(p []byte)
	// CloseWrite sends FIN, keeping the read side open.
	CloseWrite()
	// Close releases the connection; no event follows.
	Close()
	// Reset closes with an RST instead of a FIN (SO_LINGER 0).
	Reset()
	SetNoDelay(on bool)
	// SetKeepAlive turns TCP keep-alive on or off; d > 0 sets its period.
	SetKeepAlive(on bool, d time.Duration)
	// LocalAddr and RemoteAddr are nil for unix sockets.
	LocalAddr() *net.TCPAddr
	RemoteAddr() *net.TCPAddr
}

// AcceptHandler receives a listener's connections on the loop goroutine.
type AcceptHandler interface {
	// OnAccept gets a new connection, not yet reading and with no handler:
	// the callee installs one or closes it.
	OnAccept(c Conn)
	// OnAcceptError reports a failed accept (ENOBUFS and the like). Running
	// out of descriptors is no error: the listener refuses what waits and
	// goes on, as libuv does (see spare).
	OnAcceptError(err error)
}

// Listener is a listening socket. Close stops accepting; loop goroutine only.
type Listener interface {
	Addr() net.Addr
	Close()
}
