package luabind

import (
	"net"
	"net/netip"

	lua "github.com/yuin/gopher-lua"
)

// dgramSend is one datagram on its way out.
type dgramSend struct {
	data []byte
	dest netip.AddrPort // invalid for a connected socket
	host string         // where to send: the address given, or the default
	port int
	// The address as the script gave it, for a failed send's error
	// (Node's message says "undefined" when there was none).
	given    string
	hasGiven bool
	cb       *lua.LFunction
	ready    bool  // destination known
	err      error // lookup failure
}

// queueSend starts a send: it goes out now if the socket is bound and
// nothing is ahead of it, else it waits in order for the bind or lookup.
func (s *DgramSocket) queueSend(req *dgramSend) {
	if s.bindState == dgUnbound {
		s.startBind(0, "")
	}
	if !req.ready {
		// Sends to a host whose lookup is in flight wait for that one: they
		// then go out together and in order, as Node's parallel lookups
		// finish together, before any reply can come back in between.
		if waiters, ok := s.lookups[req.host]; ok {
			s.lookups[req.host] = append(waiters, req)
		} else {
			if s.lookups == nil {
				s.lookups = make(map[string][]*dgramSend)
			}
			s.lookups[req.host] = []*dgramSend{req}
			host := req.host
			s.rt.lookupHost(host, s.familyNum(), func(ips []net.IP, err error) {
				waiters := s.lookups[host]
				delete(s.lookups, host)
				for _, r := range waiters {
					r.ready = true
					if err != nil {
						r.err = err
						continue
					}
					r.dest = netip.AddrPortFrom(firstAddr(ips), uint16(r.port))
				}
				if !s.closed {
					s.flushQueue()
				}
			})
		}
	}
	if s.bindState == dgBound && len(s.queue) == 0 && req.ready {
		s.transmit(req)
		return
	}
	s.queue = append(s.queue, req)
}

// flushQueue sends the queued datagrams whose destination is known, in order.
func (s *DgramSocket) flushQueue() {
	if s.bindState != dgBound {
		return
	}
	i := 0
	for ; i < len(s.queue) && s.queue[i].ready && !s.closed; i++ {
		req := s.queue[i]
		s.queue[i] = nil
		if req.err != nil {
			s.finish(req, SysErr{Err: req.err, Syscall: "getaddrinfo", Address: req.host})
			continue
		}
		s.transmit(req)
	}
	if s.closed {
		return
	}
	n := copy(s.queue, s.queue[i:])
	s.queue = s.queue[:n]
}

// transmit hands one datagram to the transport, which sends it now or
// through its writer goroutine, and reports back on the loop.
func (s *DgramSocket) transmit(req *dgramSend) {
	s.pc.Send(req.data, req.dest, func(n int, err error) { s.done(req, n, err) })
}

// done completes a send with the kernel's answer. A failed send reaches
// its callback only: without one Node drops the error (a lookup failure,
// in finish, is an 'error' event instead).
func (s *DgramSocket) done(req *dgramSend, n int, err error) {
	if err != nil {
		if cb := req.cb; cb != nil {
			s.loop().NextTick(func() { s.rt.Call(cb, s.sendError(req, err)) })
		}
		return
	}
	s.bytesOut += int64(n)
	if dest := req.dest; dest.IsValid() {
		s.rt.wireDatagram(s.local, dest, true, req.data)
	} else {
		s.rt.wireDatagram(s.local, s.remote, true, req.data)
	}
	if req.cb != nil {
		cb := req.cb
		s.loop().NextTick(func() { s.rt.Call(cb, lua.LNil, lua.LNumber(n)) })
	}
}

// sendError is Node's ExceptionWithHostPort(err, 'send', address, port):
// the address as given ("undefined" in the message when there was none,
// as Node prints it) and the port, neither on a connected socket.
func (s *DgramSocket) sendError(req *dgramSend, err error) *lua.LTable {
	e := s.rt.SystemError(SysErr{Err: err, Syscall: "send"})
	if !req.dest.IsValid() {
		return e
	}
	shown := "undefined"
	if req.hasGiven {
		shown = req.given
		e.RawSetString("address", lua.LString(req.given))
	}
	e.RawSetString("port", lua.LNumber(req.port))
	if code, ok := e.RawGetString("code").(lua.LString); ok {
		e.RawSetString("message", lua.LString("send "+string(code)+" "+joinHostPort(shown, req.port)))
	}
	return e
}

// finish reports a failed lookup to its callback, or as 'error' without one.
func (s *DgramSocket) finish(req *dgramSend, se SysErr) {
	cb := req.cb
	s.loop().NextTick(func() {
		e := s.rt.SystemError(se)
		if cb != nil {
			s.rt.Call(cb, e)
		} else {
			s.rt.EmitGo(s.Emitter(), "error", e)
		}
	})
}
