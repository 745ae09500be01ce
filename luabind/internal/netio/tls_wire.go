package netio

import (
	"errors"
	"net"
	"sync"
	"time"
)

// wireBufferMax bounds the ciphertext a TLS connection holds unread; past
// it the inner connection stops reading, so a peer that floods the
// handshake meets TCP's push-back instead of growing memory.
const wireBufferMax = 256 * 1024

// errWouldBlock is what the wire's Read returns once the handshake is
// over and no ciphertext waits. crypto/tls treats a temporary net.Error
// as retryable (as it does a read deadline): the partial record stays in
// the tls.Conn and the next Read goes on from it. That is what lets the
// loop decrypt without a goroutine per connection.
var errWouldBlock net.Error = wouldBlock{}

type wouldBlock struct{}

func (wouldBlock) Error() string   { return "tls wire: no data yet" }
func (wouldBlock) Timeout() bool   { return true }
func (wouldBlock) Temporary() bool { return true }

// tlsWire is the net.Conn a tls.Conn reads its records from and writes
// them to. The loop feeds it what the inner connection read and sends
// what it wrote.
//
// Two phases. While the handshake runs on its goroutine, Read blocks for
// ciphertext and Write queues records for the loop to send, in order.
// After it, only the loop uses the tls.Conn: Read never blocks (it
// returns errWouldBlock) and Write gathers records in out for the loop
// to hand to the inner connection in one call.
type tlsWire struct {
	c *TLSConn

	mu       sync.Mutex
	cond     *sync.Cond
	in       [][]byte // ciphertext chunks read (the inner Conn's own), not yet taken
	inLen    int      // their total size
	inErr    error    // the inner connection's EOF or read error
	closed   bool
	done     chan struct{} // closed with the wire
	async    bool          // the handshake goroutine owns the tls.Conn
	queued   [][]byte      // records the handshake goroutine wrote
	posted   bool          // a flush of queued is posted to the loop
	stalled  bool          // inner reading paused until the goroutine catches up
	resuming bool          // a resume of the inner connection is posted

	out   []byte // loop phase: records written, not yet sent (loop only)
	spare []byte // out's other buffer: the two take turns, so neither is reallocated
}

func newTLSWire(c *TLSConn) *tlsWire {
	w := &tlsWire{c: c, async: true, done: make(chan struct{})}
	w.cond = sync.NewCond(&w.mu)
	return w
}

// feed queues a chunk of ciphertext (loop goroutine), keeping the slice:
// a Conn's OnRead data belongs to its handler. It reports whether the
// wire holds more than it should, so that the inner connection should pause.
func (w *tlsWire) feed(p []byte, err error) (full bool) {
	w.mu.Lock()
	if len(p) > 0 {
		w.in = append(w.in, p)
		w.inLen += len(p)
	}
	if err != nil && w.inErr == nil {
		w.inErr = err
	}
	full = w.inLen >= wireBufferMax
	if full && w.async {
		w.stalled = true
	}
	w.cond.Broadcast()
	w.mu.Unlock()
	return full
}

// buffered reports how much ciphertext waits.
func (w *tlsWire) buffered() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.inLen
}

func (w *tlsWire) Read(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for w.inLen == 0 && w.inErr == nil && !w.closed {
		if !w.async {
			return 0, errWouldBlock
		}
		w.cond.Wait()
	}
	if w.closed {
		return 0, net.ErrClosed
	}
	if w.inLen == 0 {
		return 0, w.inErr
	}
	n := 0
	for n < len(p) && len(w.in) > 0 {
		m := copy(p[n:], w.in[0])
		n += m
		if m == len(w.in[0]) {
			w.in[0] = nil
			w.in = w.in[1:]
		} else {
			w.in[0] = w.in[0][m:]
		}
	}
	w.inLen -= n
	if w.stalled && w.inLen < wireBufferMax/2 && !w.resuming {
		// The handshake goroutine drained what stalled the inner reads.
		w.stalled = false
		w.resuming = true
		w.c.loop.Post(w.c.resumeStalled)
	}
	return n, nil
}

func (w *tlsWire) Write(p []byte) (int, error) {
	w.mu.Lock()
	if w.closed {
		w.mu.Unlock()
		return 0, net.ErrClosed
	}
	if !w.async {
		w.mu.Unlock()
		w.out = append(w.out, p...)
		return len(p), nil
	}
	w.queued = append(w.queued, append([]byte(nil), p...))
	post := !w.posted
	w.posted = true
	w.mu.Unlock()
	if post {
		w.c.loop.Post(w.c.flushQueued)
	}
	return len(p), nil
}

// takeQueued hands the loop what the handshake goroutine wrote.
func (w *tlsWire) takeQueued() [][]byte {
	w.mu.Lock()
	defer w.mu.Unlock()
	q := w.queued
	w.queued, w.posted = nil, false
	return q
}

// toLoop ends the goroutine phase: from now on only the loop reads and
// writes, and Read no longer waits.
func (w *tlsWire) toLoop() {
	w.mu.Lock()
	w.async = false
	w.stalled = false
	w.mu.Unlock()
}

// Close wakes a Read blocked in the handshake; both sides fail from now.
func (w *tlsWire) Close() error {
	w.mu.Lock()
	if !w.closed {
		close(w.done)
	}
	w.closed = true
	w.in, w.inLen = nil, 0
	w.cond.Broadcast()
	w.mu.Unlock()
	return nil
}

// The rest of net.Conn: addresses come from the inner connection, read
// on the loop before the handshake started; deadlines mean nothing here
// (the handshake ends when the connection closes).

func (w *tlsWire) LocalAddr() net.Addr                { return addrOrNone(w.c.local) }
func (w *tlsWire) RemoteAddr() net.Addr               { return addrOrNone(w.c.remote) }
func (w *tlsWire) SetDeadline(t time.Time) error      { return nil }
func (w *tlsWire) SetReadDeadline(t time.Time) error  { return nil }
func (w *tlsWire) SetWriteDeadline(t time.Time) error { return nil }

func addrOrNone(a *net.TCPAddr) net.Addr {
	if a == nil {
		return &net.UnixAddr{Net: "unix"}
	}
	return a
}

// isWouldBlock reports whether a tls.Conn Read only ran out of input.
func isWouldBlock(err error) bool { return errors.Is(err, errWouldBlock) }

// TLSClosed is closed once the connection under a handshake closes; a
// tls.Config callback that waits for the loop (an SNI callback in Lua)
// selects on it so that it never outlives the connection. conn is the
// ClientHelloInfo's Conn; nil if it is not a TLSConn's.
func TLSClosed(conn net.Conn) <-chan struct{} {
	if w, ok := conn.(*tlsWire); ok {
		return w.done
	}
	return nil
}
