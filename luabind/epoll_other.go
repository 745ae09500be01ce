//go:build !linux

package luabind

import (
	"net"
	"syscall"
)

// epoller is Linux-only; elsewhere sockets use the goroutine path.
type epoller struct{}

func (rt *Runtime) installPoller()                        {}
func (rt *Runtime) closePoller()                          {}
func (rt *Runtime) newEvIO(s *Socket, conn net.Conn) evIO { return nil }

func (rt *Runtime) acceptOnLoop(srv *Server, ln net.Listener) loopListener { return nil }

func (rt *Runtime) udpOnLoop(s *DgramSocket, rc syscall.RawConn) loopListener { return nil }
