package netio

import (
	"crypto/tls"
	"errors"
	"io"
	"net"
	"time"

	"github.com/netsh/netsh/luabind/loop"
)

// tlsWriteSlice is how much plaintext one tls.Conn Write encrypts before
// the records go to the inner connection, so a huge write is neither
// encrypted into one huge buffer nor sent record by record.
const tlsWriteSlice = 256 * 1024

// TLSConn is a Conn that speaks TLS over another Conn (TCP, unix, or an
// already-upgraded STARTTLS stream), so everything built on a Conn works
// over it unchanged: pause and resume, write progress, half-close.
//
// The handshake runs on a goroutine of its own (crypto/tls's handshake is
// blocking code) against a tlsWire the loop feeds; once it is over the
// loop decrypts and encrypts in place, with no goroutine per connection.
// Until the owner calls Release, nothing is written (writes wait, as they
// do in Node until the peer is verified) and nothing is read.
//
// Every method is for the loop goroutine.
type TLSConn struct {
	loop  *loop.Loop
	inner Conn
	h     Handler
	tc    *tls.Conn
	wire  *tlsWire
	hs    func(err error)

	local, remote *net.TCPAddr

	handshook bool // the handshake succeeded
	released  bool // the owner let application data flow
	failed    bool
	closed    bool
	wantRead  bool // the handler asked for data (ResumeRead)
	readDone  bool // EOF or an error went to the handler
	drainPost bool // a drain is posted

	pending   [][]byte // plaintext written before Release
	finWanted bool     // CloseWrite before Release
	finSent   bool
	flushing  bool

	produced, sent int64 // ciphertext made and confirmed written
	marks          []tlsMark
	rbuf           []byte
}

// tlsMark says that n plaintext bytes are out once sent reaches until.
type tlsMark struct{ until, n int64 }

// NewTLS layers TLS over inner: a client when client is set, a server
// otherwise, with cfg. onHandshake is called on the loop once the
// handshake ends, with its error or nil; after nil the owner inspects
// ConnectionState and calls Release (or Close). inner's handler becomes
// the TLSConn; bytes inner read that the owner had not consumed are
// passed as early (a STARTTLS peer may have sent its hello already).
func NewTLS(l *loop.Loop, inner Conn, cfg *tls.Config, client bool, early []byte, onHandshake func(err error)) *TLSConn {
	c := &TLSConn{loop: l, inner: inner, hs: onHandshake, local: inner.LocalAddr(), remote: inner.RemoteAddr()}
	c.wire = newTLSWire(c)
	if client {
		c.tc = tls.Client(c.wire, cfg)
	} else {
		c.tc = tls.Server(c.wire, cfg)
	}
	if len(early) > 0 {
		c.wire.feed(early, nil)
	}
	inner.SetHandler(tlsInner{c})
	inner.ResumeRead()
	go c.handshake()
	return c
}

// handshake runs on its own goroutine; the result goes to the loop.
func (c *TLSConn) handshake() {
	err := c.tc.Handshake()
	c.loop.Post(func() { c.handshakeDone(err) })
}

func (c *TLSConn) handshakeDone(err error) {
	c.flushQueued() // what the goroutine wrote last (a Finished, an alert)
	c.wire.toLoop()
	if c.closed {
		return
	}
	if err != nil {
		c.failed = true
		if !errors.Is(err, net.ErrClosed) {
			c.hs(err)
		}
		return
	}
	c.handshook = true
	if !c.wantRead {
		c.inner.PauseRead()
	}
	c.hs(nil)
}

// PriorUnsent tells the connection that the inner Conn still has n bytes
// queued from before the upgrade (STARTTLS's "go ahead" line): their
// progress reports are not TLS records. Call it right after NewTLS.
func (c *TLSConn) PriorUnsent(n int64) { c.sent -= n }

// Handshaking reports whether the handshake is still running.
func (c *TLSConn) Handshaking() bool { return !c.handshook && !c.failed && !c.closed }

// ConnectionState is the negotiated state; valid once the handshake ended.
func (c *TLSConn) ConnectionState() tls.ConnectionState { return c.tc.ConnectionState() }

// ExportKeyingMaterial is RFC 5705's exporter of the session.
func (c *TLSConn) ExportKeyingMaterial(label string, context []byte, n int) ([]byte, error) {
	cs := c.tc.ConnectionState()
	return cs.ExportKeyingMaterial(label, context, n)
}

// Release lets application data flow after a successful handshake: the
// writes made so far go out in order, then an end() made meanwhile, and
// reading follows the handler's wishes.
func (c *TLSConn) Release() {
	if !c.handshook || c.released || c.closed {
		return
	}
	c.released = true
	pending := c.pending
	c.pending = nil
	for _, p := range pending {
		c.writePlain(p)
		if c.closed {
			return
		}
	}
	if c.finWanted {
		c.CloseWrite()
	}
	if c.wantRead {
		c.inner.ResumeRead()
		c.postDrain()
	}
}

// SetHandler sets who hears of the decrypted stream's reads and writes.
func (c *TLSConn) SetHandler(h Handler) { c.h = h }

// ResumeRead asks for plaintext. Before Release nothing is delivered (the
// handshake reads regardless); after it the inner connection reads too,
// and what is already decrypted or buffered comes on a later turn.
func (c *TLSConn) ResumeRead() {
	c.wantRead = true
	if c.released && !c.closed && !c.readDone {
		c.inner.ResumeRead()
		c.postDrain()
	}
}

// PauseRead stops delivery; after the handshake the inner connection
// stops reading too, so TCP pushes back on the peer.
func (c *TLSConn) PauseRead() {
	c.wantRead = false
	if c.handshook && !c.closed {
		c.inner.PauseRead()
	}
}

func (c *TLSConn) postDrain() {
	if !c.drainPost {
		c.drainPost = true
		c.loop.Post(func() {
			c.drainPost = false
			c.drain()
		})
	}
}

// drain decrypts what the wire holds and hands it to the handler, as one
// chunk per ReadChunk of plaintext, until the wire is empty or the
// handler pauses.
func (c *TLSConn) drain() {
	for c.released && c.wantRead && !c.closed && !c.readDone {
		if c.rbuf == nil {
			c.rbuf = make([]byte, ReadChunk)
		}
		off := 0
		var err error
		for off < len(c.rbuf) && err == nil {
			var n int
			n, err = c.tc.Read(c.rbuf[off:])
			off += n
		}
		c.flushOut() // a KeyUpdate answer, an alert
		if off > ReadChunk/2 {
			// A big read: hand over the buffer itself, not a copy.
			data := c.rbuf[:off:off]
			c.rbuf = nil
			c.h.OnRead(data, nil)
		} else if off > 0 {
			data := make([]byte, off)
			copy(data, c.rbuf[:off])
			c.h.OnRead(data, nil)
		}
		if err == nil {
			continue
		}
		if isWouldBlock(err) || c.closed {
			return
		}
		c.readDone = true
		if errors.Is(err, io.ErrUnexpectedEOF) {
			err = io.EOF // a FIN inside a record: the stream ended all the same
		}
		c.h.OnRead(nil, err)
		return
	}
}

// Write encrypts p now once released; before that it waits, copied.
func (c *TLSConn) Write(p []byte) {
	if c.closed || len(p) == 0 {
		return
	}
	if !c.released {
		c.pending = append(c.pending, append([]byte(nil), p...))
		return
	}
	c.writePlain(p)
}

func (c *TLSConn) writePlain(p []byte) {
	for len(p) > 0 && !c.closed {
		n := min(len(p), tlsWriteSlice)
		if _, err := c.tc.Write(p[:n]); err != nil {
			c.flushOut()
			if !c.closed {
				c.h.OnWriteError(err)
			}
			return
		}
		c.marks = append(c.marks, tlsMark{until: c.produced + int64(len(c.wire.out)), n: int64(n)})
		c.flushOut()
		p = p[n:]
	}
}

// flushQueued sends what the handshake goroutine wrote, in order.
func (c *TLSConn) flushQueued() {
	for _, b := range c.wire.takeQueued() {
		if c.closed {
			return
		}
		c.produced += int64(len(b))
		c.inner.Write(b)
	}
}

// flushOut sends what loop-phase writes gathered, in one inner Write. A
// write callback that writes again (inner may report progress from
// inside Write) only appends; the outer flush sends it.
func (c *TLSConn) flushOut() {
	if c.flushing {
		return
	}
	c.flushing = true
	w := c.wire
	for len(w.out) > 0 && !c.closed {
		b := w.out
		w.out = w.spare[:0]
		c.produced += int64(len(b))
		c.inner.Write(b) // it copies what it cannot send now
		w.spare = b[:0]
	}
	c.flushing = false
	if c.finWanted && c.released && !c.finSent && !c.closed {
		c.finSent = true
		c.inner.CloseWrite()
	}
}

// CloseWrite sends close_notify, then FIN; before Release it waits.
func (c *TLSConn) CloseWrite() {
	if c.closed || c.finSent {
		return
	}
	c.finWanted = true
	if !c.released {
		return
	}
	c.tc.CloseWrite()
	c.flushOut()
}

// Close releases the connection without close_notify (Node's destroy);
// a handshake still running fails and its goroutine ends.
func (c *TLSConn) Close() {
	if c.closed {
		return
	}
	c.closed = true
	c.wire.Close()
	c.inner.Close()
}

// Reset closes with an RST.
func (c *TLSConn) Reset() {
	if c.closed {
		return
	}
	c.closed = true
	c.wire.Close()
	c.inner.Reset()
}

// SetNoDelay sets TCP_NODELAY on the TCP connection.
func (c *TLSConn) SetNoDelay(on bool) { c.inner.SetNoDelay(on) }

// SetKeepAlive sets TCP keep-alive on the TCP connection.
func (c *TLSConn) SetKeepAlive(on bool, d time.Duration) { c.inner.SetKeepAlive(on, d) }

// LocalAddr is the TCP connection's local address.
func (c *TLSConn) LocalAddr() *net.TCPAddr { return c.inner.LocalAddr() }

// RemoteAddr is the TCP connection's peer address.
func (c *TLSConn) RemoteAddr() *net.TCPAddr { return c.inner.RemoteAddr() }

// resumeStalled restarts inner reads the wire paused during the handshake.
func (c *TLSConn) resumeStalled() {
	c.wire.mu.Lock()
	c.wire.resuming = false
	c.wire.mu.Unlock()
	if !c.closed && !c.handshook && !c.failed {
		c.inner.ResumeRead()
	}
}

// tlsInner is the TLSConn's handler on the inner connection.
type tlsInner struct{ c *TLSConn }

func (e tlsInner) OnRead(data []byte, err error) {
	c := e.c
	if c.closed {
		return
	}
	full := c.wire.feed(data, err)
	if c.released {
		c.drain()
		if full && !c.closed && (!c.wantRead || c.wire.buffered() >= wireBufferMax) {
			c.inner.PauseRead()
		}
		return
	}
	if full || c.handshook {
		// Stalled in the handshake, or waiting for Release: hold off.
		c.inner.PauseRead()
	}
}

func (e tlsInner) OnWritten(n int64) {
	c := e.c
	c.sent += n
	var plain int64
	i := 0
	for ; i < len(c.marks) && c.marks[i].until <= c.sent; i++ {
		plain += c.marks[i].n
	}
	if i > 0 {
		c.marks = c.marks[i:]
	}
	if plain > 0 && !c.closed {
		c.h.OnWritten(plain)
	}
}

func (e tlsInner) OnWriteError(err error) {
	c := e.c
	if c.closed {
		return
	}
	if !c.handshook {
		c.wire.feed(nil, err) // the handshake fails on it
		return
	}
	c.h.OnWriteError(err)
}
