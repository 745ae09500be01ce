package netio

import (
	"net"
	"sync"
	"time"

	"github.com/netsh/netsh/luabind/loop"
)

// connIO is how a portable connection moves bytes. read blocks (reader
// goroutine); tryWrite never blocks (loop goroutine) and may write
// nothing; writeBuffers blocks (flusher goroutine).
type connIO interface {
	read() ([]byte, error)
	tryWrite(p []byte) (int, error)
	writeBuffers(b *net.Buffers) (int64, error)
}

// goConn is the portable transport: a reader goroutine that reads a chunk
// per credit and posts it to the loop, and a flusher goroutine for what a
// non-blocking write attempt left over.
//
// Threading: credits, done and the write queue (under wmu) are shared with
// the goroutines; everything else is the loop goroutine's.
type goConn struct {
	h    Handler
	loop *loop.Loop
	conn net.Conn
	io   connIO

	reading bool // reader goroutine started
	paused  bool
	owed    int // credits withheld while paused
	closed  bool
	credits chan struct{}
	done    chan struct{}

	wmu     sync.Mutex
	wq      [][]byte
	writing bool

	local, remote *net.TCPAddr
}

func newGoConn(l *loop.Loop, conn net.Conn) *goConn {
	c := &goConn{loop: l, conn: conn, io: newConnIO(conn),
		credits: make(chan struct{}, ReadCredits), done: make(chan struct{})}
	c.local, _ = conn.LocalAddr().(*net.TCPAddr)
	c.remote, _ = conn.RemoteAddr().(*net.TCPAddr)
	return c
}

func (c *goConn) SetHandler(h Handler) { c.h = h }

// ResumeRead starts the reader with its credits the first time, and gives
// back the credits withheld while paused after that.
func (c *goConn) ResumeRead() {
	if c.closed {
		return
	}
	c.paused = false
	if !c.reading {
		c.reading = true
		for i := 0; i < ReadCredits; i++ {
			c.credits <- struct{}{}
		}
		go c.readLoop(c.io, c.credits, c.done)
		return
	}
	for c.owed > 0 {
		c.owed--
		c.credits <- struct{}{}
	}
}

// PauseRead keeps the credits of the chunks that arrive from now on, so
// the reader stops once those in flight are used up.
func (c *goConn) PauseRead() { c.paused = true }

// readLoop runs on its own goroutine: it reads a chunk per credit and
// posts it; it holds no buffer while the connection is idle.
func (c *goConn) readLoop(cio connIO, credits, done chan struct{}) {
	for {
		select {
		case <-credits:
		case <-done:
			return
		}
		data, err := cio.read()
		if !c.loop.Post(func() { c.onRead(data, err) }) {
			return
		}
		if err != nil {
			return
		}
	}
}

func (c *goConn) onRead(data []byte, err error) {
	if c.closed {
		return
	}
	c.h.OnRead(data, err)
	if err != nil || c.closed {
		return
	}
	if c.paused {
		c.owed++
	} else {
		c.credits <- struct{}{}
	}
}

// Write writes now if nothing is queued and the kernel takes it, else
// queues a copy for the flusher goroutine. It never blocks the loop.
func (c *goConn) Write(data []byte) {
	if c.closed {
		return
	}
	c.wmu.Lock()
	busy := c.writing
	c.wmu.Unlock()
	if !busy && len(data) > 0 {
		n, err := c.io.tryWrite(data)
		if err != nil {
			c.h.OnWriteError(err)
			return
		}
		if n > 0 {
			c.h.OnWritten(int64(n))
		}
		if n == len(data) || c.closed {
			return
		}
		data = data[n:]
	}
	cp := append([]byte(nil), data...)
	c.wmu.Lock()
	c.wq = append(c.wq, cp)
	start := !c.writing
	c.writing = true
	c.wmu.Unlock()
	if start {
		go c.flush(c.io)
	}
}

// flush runs on its own goroutine while there is queued data: it writes
// everything pending at once (writev) and reports each write to the loop.
func (c *goConn) flush(cio connIO) {
	for {
		c.wmu.Lock()
		if len(c.wq) == 0 {
			c.writing = false
			c.wmu.Unlock()
			return
		}
		bufs := net.Buffers(c.wq)
		c.wq = nil
		c.wmu.Unlock()
		n, err := cio.writeBuffers(&bufs)
		if err != nil {
			c.wmu.Lock()
			c.writing = false
			c.wq = nil
			c.wmu.Unlock()
			c.loop.Post(func() {
				if c.closed {
					return
				}
				c.h.OnWritten(n)
				if !c.closed {
					c.h.OnWriteError(err)
				}
			})
			return
		}
		c.loop.Post(func() {
			if !c.closed {
				c.h.OnWritten(n)
			}
		})
	}
}

// halfCloser is a connection that can send FIN while still reading.
type halfCloser interface{ CloseWrite() error }

func (c *goConn) CloseWrite() {
	if hc, ok := c.conn.(halfCloser); ok {
		hc.CloseWrite()
	}
}

func (c *goConn) Close() {
	if c.closed {
		return
	}
	c.closed = true
	c.conn.Close()
	close(c.done)
}

func (c *goConn) Reset() {
	if tc, ok := c.conn.(*net.TCPConn); ok && !c.closed {
		tc.SetLinger(0)
	}
	c.Close()
}

func (c *goConn) SetNoDelay(on bool) {
	if tc, ok := c.conn.(*net.TCPConn); ok {
		tc.SetNoDelay(on)
	}
}

func (c *goConn) SetKeepAlive(on bool, d time.Duration) {
	if tc, ok := c.conn.(*net.TCPConn); ok {
		tc.SetKeepAlive(on)
		if on && d > 0 {
			tc.SetKeepAlivePeriod(d)
		}
	}
}

func (c *goConn) LocalAddr() *net.TCPAddr  { return c.local }
func (c *goConn) RemoteAddr() *net.TCPAddr { return c.remote }
