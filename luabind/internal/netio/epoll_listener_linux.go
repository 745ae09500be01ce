//go:build linux

package netio

import (
	"net"

	"golang.org/x/sys/unix"

	"github.com/netsh/netsh/luabind/loop"
)

// epListener accepts on the loop goroutine when epoll says a TCP listener
// is readable: no accept goroutine and no hand-off per connection.
type epListener struct {
	ln     net.Listener
	h      AcceptHandler
	p      *epollSet
	fd     int
	closed bool
	retry  *loop.Timer // re-arms the listener after a back-off; nil when watching
}

// listenPolled arranges for ln's connections to be accepted by the loop;
// nil means keep the accept goroutine.
func (p *epollSet) listenPolled(ln net.Listener, h AcceptHandler) *epListener {
	tl, ok := ln.(*net.TCPListener)
	if !ok {
		return nil
	}
	fd := fdOf(tl)
	if fd < 0 {
		return nil
	}
	l := &epListener{ln: ln, h: h, p: p, fd: fd}
	if p.add(fd, unix.EPOLLIN, l) != nil {
		return nil
	}
	return l
}

func (l *epListener) onEvents(uint32) {
	for i := 0; i < 64 && !l.closed; i++ { // a bounded batch: other sockets get their turn
		nfd, sa, err := unix.Accept4(l.fd, unix.SOCK_NONBLOCK|unix.SOCK_CLOEXEC)
		if err == unix.EINTR || err == unix.ECONNABORTED {
			continue
		}
		if err == unix.EAGAIN {
			return
		}
		if err == unix.EMFILE || err == unix.ENFILE {
			// Refuse what waits and report nothing, as libuv does (see
			// spare). Once the backlog is empty the listener is readable
			// again only when a new connection comes: no spinning.
			switch spare.shed(l.fd) {
			case shedRecovered:
				continue
			case shedNone:
				l.backOff()
			}
			return
		}
		if err != nil {
			l.h.OnAcceptError(err)
			return
		}
		c := &epConn{p: l.p, fd: nfd, remote: sockaddrTCP(sa)}
		if l.p.add(nfd, 0, c) != nil {
			unix.Close(nfd)
			continue
		}
		l.h.OnAccept(c)
	}
}

// backOff stops watching the listener for acceptBackoff: out of
// descriptors with no spare, the waiting connection can be neither
// accepted nor refused, and epoll would report it on every turn. The
// connections wait in the backlog until descriptors come back.
func (l *epListener) backOff() {
	if l.retry != nil || l.p.ctl(unix.EPOLL_CTL_MOD, l.fd, 0) != nil {
		return
	}
	l.retry = l.p.loop.AddTimer(acceptBackoff, 0, func() {
		l.retry = nil
		if !l.closed {
			l.p.ctl(unix.EPOLL_CTL_MOD, l.fd, unix.EPOLLIN)
		}
	})
	l.retry.Handle().Unref() // the listener's own handle keeps the loop alive
}

func (l *epListener) Addr() net.Addr { return l.ln.Addr() }

// Close takes the listener out of the set before its descriptor closes.
func (l *epListener) Close() {
	if l.closed {
		return
	}
	l.closed = true
	if l.retry != nil {
		l.retry.Stop()
		l.retry = nil
	}
	l.p.remove(l.fd, true)
	l.ln.Close()
}
