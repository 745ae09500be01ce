package netio

import (
	"github.com/netsh/netsh/luabind/loop"
)

// IO makes the transports of one loop: epoll-driven where the platform
// has it and it was not declined, goroutine-driven otherwise.
type IO struct {
	loop *loop.Loop
	ep   *epollSet // nil on the portable path
}

// New returns the transports for l. Unless portable is set it tries the
// platform poller and, if there is one, makes l wait in it.
func New(l *loop.Loop, portable bool) *IO {
	x := &IO{loop: l}
	if !portable {
		if ep, err := newEpollSet(l); err == nil {
			x.ep = ep
			l.SetPoller(ep)
		}
	}
	return x
}

// Polled reports whether the loop's poller drives the sockets (epoll).
func (x *IO) Polled() bool { return x.ep != nil }

// Close releases the poller's descriptors; call it after every socket
// has closed.
func (x *IO) Close() {
	if x.ep != nil {
		x.ep.close()
		x.ep = nil
	}
}
