package netio

import (
	"errors"
	"net"
	"time"
)

// Wrap makes a Conn of a connected Go socket (dialed, or accepted by a
// goroutine). TCP gets Nagle back on, as in Node, which leaves it on
// unless asked (Go turns it off).
func (x *IO) Wrap(conn net.Conn, h Handler) Conn {
	if tc, ok := conn.(*net.TCPConn); ok {
		tc.SetNoDelay(false)
	}
	var c Conn
	if pc := x.wrapPolled(conn); pc != nil {
		c = pc
	} else {
		c = newGoConn(x.loop, conn)
	}
	c.SetHandler(h)
	return c
}

// Listen listens on network ("tcp", "tcp4", "tcp6" or "unix") and hands
// each connection to h on the loop. With epoll, TCP connections are
// accepted on the loop itself; otherwise an accept goroutine posts them.
func (x *IO) Listen(network, address string, h AcceptHandler) (Listener, error) {
	ln, err := net.Listen(network, address)
	if err != nil {
		return nil, err
	}
	spare.keep()
	if network != "unix" {
		if l := x.listenPolled(ln, h); l != nil {
			return l, nil
		}
	}
	gl := &goListener{x: x, ln: ln, h: h}
	go gl.acceptLoop()
	return gl, nil
}

// acceptBackoff is how long a listener that can neither accept nor shed
// (out of descriptors, with no spare) waits before it tries again.
const acceptBackoff = 100 * time.Millisecond

// shedResult is what the spare-descriptor trick did (see spare).
type shedResult int

const (
	shedNone      shedResult = iota // nothing: no spare, no descriptor to open one
	shedDrained                     // refused every waiting connection
	shedMore                        // refused some; more may wait
	shedRecovered                   // refused nothing: descriptors came back, accept again
)

// goListener is a listener served by an accept goroutine.
type goListener struct {
	x      *IO
	ln     net.Listener
	h      AcceptHandler
	closed bool
}

func (l *goListener) Addr() net.Addr { return l.ln.Addr() }

func (l *goListener) Close() {
	if !l.closed {
		l.closed = true
		l.ln.Close()
	}
}

// acceptLoop runs on its own goroutine until the listener closes.
func (l *goListener) acceptLoop() {
	loop := l.x.loop
	for {
		c, err := l.ln.Accept()
		if err != nil {
			if errors.Is(err, net.ErrClosed) {
				return
			}
			if outOfDescriptors(err) {
				// As libuv does: refuse what waits, keep serving, report
				// nothing (see spare); without a spare, wait a little.
				if shedListener(l.ln) == shedNone {
					time.Sleep(acceptBackoff)
				}
				continue
			}
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() {
				continue
			}
			// Other failures (ENOBUFS, ENOMEM...): back off instead of
			// spinning, and tell the loop.
			loop.Post(func() {
				if !l.closed {
					l.h.OnAcceptError(err)
				}
			})
			time.Sleep(50 * time.Millisecond)
			continue
		}
		if !loop.Post(func() { l.onConn(c) }) {
			c.Close()
			return
		}
	}
}

func (l *goListener) onConn(c net.Conn) {
	if l.closed {
		c.Close()
		return
	}
	l.h.OnAccept(l.x.Wrap(c, nil))
}
