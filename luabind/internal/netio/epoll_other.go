//go:build !linux

package netio

import (
	"net"
	"time"

	"errors"

	"github.com/netsh/netsh/luabind/loop"
)

// epollSet is Linux-only; elsewhere every socket takes the portable path.
type epollSet struct{}

func newEpollSet(*loop.Loop) (*epollSet, error) { return nil, errors.New("no epoll here") }

func (*epollSet) close() {}

func (x *IO) wrapPolled(net.Conn) Conn { return nil }

func (x *IO) listenPolled(net.Listener, AcceptHandler) Listener { return nil }

func (*epollSet) Wait(time.Duration) {}
func (*epollSet) Wake()              {}

func (x *IO) readPolled(*PacketConn) interface{ close() } { return nil }
