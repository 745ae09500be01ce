package luabind

import (
	"context"
	"errors"
	"net"
	"net/netip"
	"sync"
	"syscall"

	lua "github.com/yuin/gopher-lua"
)

// Bind and connect states, as Node's dgram keeps them.
const (
	dgUnbound = iota
	dgBinding
	dgBound
)

const (
	dgDisconnected = iota
	dgConnecting
	dgConnected
)

// dgramMaxQueued bounds the datagrams read but not yet delivered to Lua.
// When the loop falls behind, the reader stops reading and the kernel's
// receive buffer fills and drops: netsh never grows a queue without bound.
const dgramMaxQueued = 1024

// dgramReadSize is the reader's buffer: the largest UDP payload fits.
const dgramReadSize = 64 * 1024

// DgramSocket is a dgram.Socket: a UDP socket driven by the loop. All
// fields but the inbox belong to the loop goroutine.
type DgramSocket struct {
	onLoop  loopListener            // set when the loop's epoll reads this socket (Linux)
	lookups map[string][]*dgramSend // sends waiting for an in-flight lookup, by host
	Base
	rt       *Runtime
	inet6    bool // udp6
	reuse    bool
	v6only   bool
	recvSize int // from createSocket's options, applied at bind
	sendSize int

	bindState int
	connState int
	closed    bool
	unrefd    bool

	uc     *net.UDPConn
	rc     syscall.RawConn
	h      *Handle
	local  netip.AddrPort
	remote netip.AddrPort
	rsa    syscall.Sockaddr // remote as a sockaddr, for connected sends

	queue   []*dgramSend // sends waiting for the bind or a lookup, in order
	wq      []*dgramSend // sends waiting for the writer goroutine
	writing bool

	in dgramInbox

	bytesIn, bytesOut int64

	// The last source address seen and its Lua string: a peer usually
	// sends many datagrams, so rinfo.address is formatted once.
	lastAddr netip.Addr
	lastStr  lua.LString
	lastFam  lua.LString
	lastSA   netip.AddrPort
	lastSAv  syscall.Sockaddr
}

// dgramSend is one datagram on its way out.
type dgramSend struct {
	data  []byte
	dest  netip.AddrPort // invalid for a connected socket
	host  string         // what the user gave, for lookups and messages
	port  int
	cb    *lua.LFunction
	ready bool  // destination known
	err   error // lookup failure
	n     int   // result, for the writer goroutine
	serr  error
}

// dgramInbox hands datagrams from the reader goroutine to the loop in
// batches: the reader posts one drain when the inbox goes non-empty, and
// everything that arrives before the loop runs it rides along.
type dgramInbox struct {
	mu     sync.Mutex
	cond   sync.Cond
	items  []dgramMsg
	spare  []dgramMsg
	posted bool
	closed bool
}

type dgramMsg struct {
	data []byte
	from netip.AddrPort
	err  error
}

func (s *DgramSocket) loop() *Loop { return s.rt.loop }

// familyNum is the address family to look names up in: 4 or 6.
func (s *DgramSocket) familyNum() int {
	if s.inet6 {
		return 6
	}
	return 4
}

// defaultHost is where send and connect go without an address, as Node.
func (s *DgramSocket) defaultHost() string {
	if s.inet6 {
		return "::1"
	}
	return "127.0.0.1"
}

// ipLiteral returns the address if host is an IP literal, which needs
// no lookup.
func ipLiteral(host string) (netip.Addr, bool) {
	a, err := netip.ParseAddr(host)
	if err != nil {
		return netip.Addr{}, false
	}
	return a, true
}

// ensureHandle creates the socket's Handle when it starts binding.
func (s *DgramSocket) ensureHandle() {
	if s.h != nil {
		return
	}
	s.h = s.loop().NewHandle("udp socket", func() {
		if !s.closed {
			s.closeNow()
		}
	})
	if s.unrefd {
		s.h.Unref()
	}
	s.h.SetInfo(func() HandleInfo {
		hi := HandleInfo{BytesIn: s.bytesIn, BytesOut: s.bytesOut}
		switch {
		case s.bindState == dgBinding:
			hi.State = "binding"
		case s.connState == dgConnected:
			hi.State = "connected"
		default:
			hi.State = "bound"
		}
		if s.local.IsValid() {
			hi.Local = JoinHostPort(s.local.Addr().String(), int(s.local.Port()))
		}
		if s.remote.IsValid() {
			hi.Remote = JoinHostPort(s.remote.Addr().String(), int(s.remote.Port()))
		}
		return hi
	})
}

// startBind begins a bind to host:port; the bind itself happens on a
// later tick (after a lookup for a name), as Node's does, and ends in
// 'listening' or 'error'.
func (s *DgramSocket) startBind(port int, host string) {
	s.bindState = dgBinding
	s.ensureHandle()
	if host == "" {
		if s.inet6 {
			host = "::"
		} else {
			host = "0.0.0.0"
		}
	}
	if a, ok := ipLiteral(host); ok {
		s.loop().NextTick(func() { s.doBind(a, host, port) })
		return
	}
	done := s.loop().Reserve()
	fam := s.familyNum()
	go func() {
		ips, err := ResolveHost(host, fam)
		done(func() {
			if s.closed {
				return
			}
			if err != nil {
				s.bindFailed(SysErr{Err: err, Syscall: "getaddrinfo", Address: host})
				return
			}
			a, _ := netip.AddrFromSlice(ips[0])
			if ip4 := ips[0].To4(); ip4 != nil {
				a, _ = netip.AddrFromSlice(ip4)
			}
			s.doBind(a, a.String(), port)
		})
	}()
}

// bindFailed reports a failed bind: the socket is unbound again and the
// handle released, so a process with nothing else to do exits.
func (s *DgramSocket) bindFailed(se SysErr) {
	s.bindState = dgUnbound
	if s.h != nil {
		s.h.Done()
		s.h = nil
	}
	// Sends waiting for this bind can no longer go out (Node leaves them
	// stuck in its queue; dropping them frees their memory).
	s.queue = nil
	s.rt.EmitGo(s.Emitter(), "error", s.rt.SystemError(se))
}

func (s *DgramSocket) doBind(a netip.Addr, host string, port int) {
	if s.closed {
		return
	}
	network := "udp4"
	if s.inet6 {
		network = "udp6"
		if a.Is4() {
			s.bindFailed(SysErr{Err: syscall.EINVAL, Syscall: "bind", Address: host, Port: port})
			return
		}
		// The wildcard on udp6 is dual-stack unless ipv6Only, as in Node:
		// Go makes such a socket for the "udp" network.
		if a.IsUnspecified() && !s.v6only {
			network = "udp"
		}
	} else if !a.Is4() && !a.Is4In6() {
		s.bindFailed(SysErr{Err: syscall.EINVAL, Syscall: "bind", Address: host, Port: port})
		return
	}
	if !s.inet6 {
		a = a.Unmap()
	}
	lc := net.ListenConfig{Control: sockControl(s.reuse)}
	pc, err := lc.ListenPacket(context.Background(), network, netip.AddrPortFrom(a, uint16(port)).String())
	if err != nil {
		s.bindFailed(SysErr{Err: err, Syscall: "bind", Address: host, Port: port})
		return
	}
	uc := pc.(*net.UDPConn)
	rc, err := uc.SyscallConn()
	if err != nil {
		uc.Close()
		s.bindFailed(SysErr{Err: err, Syscall: "bind", Address: host, Port: port})
		return
	}
	s.uc, s.rc = uc, rc
	if la, ok := uc.LocalAddr().(*net.UDPAddr); ok {
		s.local = la.AddrPort()
		if !s.inet6 {
			s.local = netip.AddrPortFrom(s.local.Addr().Unmap(), s.local.Port())
		}
	}
	if s.recvSize > 0 {
		setOpt(rc, optRecvBuf, s.inet6, s.recvSize)
	}
	if s.sendSize > 0 {
		setOpt(rc, optSendBuf, s.inet6, s.sendSize)
	}
	s.bindState = dgBound
	s.in.cond.L = &s.in.mu
	if s.onLoop = s.rt.udpOnLoop(s, rc); s.onLoop == nil {
		go s.reader(uc)
	}
	s.rt.EmitGo(s.Emitter(), "listening")
	if !s.closed {
		s.flushQueue()
	}
}

// reader is the socket's one reading goroutine.
func (s *DgramSocket) reader(uc *net.UDPConn) {
	buf := make([]byte, dgramReadSize)
	in := &s.in
	for {
		n, from, err := uc.ReadFromUDPAddrPort(buf)
		var m dgramMsg
		if err != nil {
			if errors.Is(err, net.ErrClosed) {
				return
			}
			// A connected socket hears ICMP port-unreachable as
			// ECONNREFUSED on read; Node reports it on the next send
			// instead, and the kernel does that too, so skip it here.
			if errors.Is(err, syscall.ECONNREFUSED) {
				continue
			}
			m.err = err
		} else {
			m.data = make([]byte, n)
			copy(m.data, buf[:n])
			m.from = from
		}
		in.mu.Lock()
		for len(in.items) >= dgramMaxQueued && !in.closed {
			in.cond.Wait()
		}
		if in.closed {
			in.mu.Unlock()
			return
		}
		in.items = append(in.items, m)
		post := !in.posted
		in.posted = true
		in.mu.Unlock()
		if post && !s.loop().Post(s.drain) {
			return
		}
		if m.err != nil {
			return
		}
	}
}

// drain delivers a batch of datagrams on the loop.
func (s *DgramSocket) drain() {
	in := &s.in
	in.mu.Lock()
	batch := in.items
	in.items = in.spare[:0]
	in.spare = nil
	in.posted = false
	in.cond.Signal()
	in.mu.Unlock()
	l := s.loop()
	for i := range batch {
		m := batch[i]
		batch[i] = dgramMsg{}
		if s.closed || l.Stopped() {
			continue
		}
		if m.err != nil {
			s.rt.EmitGo(s.Emitter(), "error", s.rt.SystemError(SysErr{Err: m.err, Syscall: "recvmsg"}))
		} else {
			s.deliver(m.data, m.from)
		}
		// Each datagram is its own callback in Node, with the nextTick
		// queue (send callbacks, 'close') drained after it: keep that order.
		if len(l.ticks) > 0 {
			l.drainTicks()
		}
	}
	in.mu.Lock()
	if in.spare == nil {
		in.spare = batch[:0]
	}
	in.mu.Unlock()
}

// deliver emits 'message' with a Buffer and rinfo { address, family, port, size }.
func (s *DgramSocket) deliver(data []byte, from netip.AddrPort) {
	s.bytesIn += int64(len(data))
	if s.em.count("message") == 0 {
		return
	}
	rt := s.rt
	a := from.Addr()
	if a != s.lastAddr || s.lastStr == "" {
		s.lastAddr = a
		s.lastStr = lua.LString(a.String())
		if a.Is4() {
			s.lastFam = "IPv4"
		} else {
			s.lastFam = "IPv6"
		}
	}
	info := rt.L.CreateTable(0, 4)
	info.RawSetString("address", s.lastStr)
	info.RawSetString("family", s.lastFam)
	info.RawSetString("port", lua.LNumber(from.Port()))
	info.RawSetString("size", lua.LNumber(len(data)))
	rt.EmitGo(s.Emitter(), "message", rt.NewBuffer(data), info)
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
			done := s.loop().Reserve()
			host, fam := req.host, s.familyNum()
			go func() {
				ips, err := ResolveHost(host, fam)
				done(func() {
					waiters := s.lookups[host]
					delete(s.lookups, host)
					for _, r := range waiters {
						r.ready = true
						if err != nil {
							r.err = err
							continue
						}
						ip := ips[0]
						if ip4 := ip.To4(); ip4 != nil {
							ip = ip4
						}
						a, _ := netip.AddrFromSlice(ip)
						r.dest = netip.AddrPortFrom(a, uint16(r.port))
					}
					if !s.closed {
						s.flushQueue()
					}
				})
			}()
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

// sockaddr converts a destination, caching the last one: replies go to
// the same peer again and again.
func (s *DgramSocket) sockaddr(ap netip.AddrPort) syscall.Sockaddr {
	if ap == s.lastSA && s.lastSAv != nil {
		return s.lastSAv
	}
	sa := sockaddrOf(ap, s.inet6)
	s.lastSA, s.lastSAv = ap, sa
	return sa
}

// dgramTrySend is trySend; tests replace it to drive the writer goroutine,
// which loopback alone never needs (its send buffer does not fill).
var dgramTrySend = trySend

// transmit sends one datagram. Why not a plain WriteTo from the loop: on
// a full socket send buffer Go parks the calling goroutine until there is
// room, and the loop goroutine must never park. So the loop makes one
// non-blocking attempt (it succeeds unless the buffer is full, which on
// loopback means never in practice), and only on EAGAIN hands the datagram,
// and every later one until that backlog clears, to a writer goroutine.
func (s *DgramSocket) transmit(req *dgramSend) {
	if s.writing {
		s.wq = append(s.wq, req)
		return
	}
	var sa syscall.Sockaddr
	if req.dest.IsValid() {
		sa = s.sockaddr(req.dest)
	}
	n, err, wouldBlock := dgramTrySend(s.rc, req.data, sa)
	if wouldBlock {
		s.wq = append(s.wq, req)
		s.startWriter()
		return
	}
	s.done(req, n, err)
}

// startWriter sends the waiting datagrams from a goroutine, blocking as
// needed, then reports back on the loop.
func (s *DgramSocket) startWriter() {
	batch := s.wq
	s.wq = nil
	s.writing = true
	done := s.loop().Reserve()
	uc, rc := s.uc, s.rc
	sas := make([]syscall.Sockaddr, len(batch))
	for i, req := range batch {
		if req.dest.IsValid() {
			sas[i] = sockaddrOf(req.dest, s.inet6)
		}
		// The bytes may be a Buffer that Lua goes on changing.
		req.data = append([]byte(nil), req.data...)
	}
	go func() {
		for i, req := range batch {
			req.n, req.serr = sendBlocking(uc, rc, req.data, sas[i], req.dest)
		}
		done(func() {
			s.writing = false
			for _, req := range batch {
				s.done(req, req.n, req.serr)
			}
			if len(s.wq) > 0 && !s.closed {
				s.startWriter()
			}
		})
	}()
}

// done completes a send with the kernel's answer.
func (s *DgramSocket) done(req *dgramSend, n int, err error) {
	if err != nil {
		host, port := req.host, req.port
		if req.dest.IsValid() {
			host, port = req.dest.Addr().String(), int(req.dest.Port())
		} else if s.remote.IsValid() {
			host, port = s.remote.Addr().String(), int(s.remote.Port())
		}
		s.finish(req, SysErr{Err: err, Syscall: "send", Address: host, Port: port})
		return
	}
	s.bytesOut += int64(n)
	if req.cb != nil {
		cb := req.cb
		s.loop().NextTick(func() { s.rt.Call(cb, lua.LNil, lua.LNumber(n)) })
	}
}

// finish reports a failed send to its callback, or as 'error' without one.
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

// startConnect associates the socket with one peer, binding first if needed.
func (s *DgramSocket) startConnect(port int, host string, cb *lua.LFunction) {
	s.connState = dgConnecting
	if cb != nil {
		s.em.add("connect", cb, true, false)
	}
	if s.bindState == dgUnbound {
		s.startBind(0, "")
	}
	finish := func(a netip.Addr, err error) {
		if s.closed {
			return
		}
		if s.bindState != dgBound {
			// Wait for the bind, as Node does (its connect runs after 'listening').
			s.em.add("listening", s.rt.L.NewFunction(func(L *lua.LState) int {
				s.doConnect(a, host, port, err, cb)
				return 0
			}), true, false)
			return
		}
		s.doConnect(a, host, port, err, cb)
	}
	if a, ok := ipLiteral(host); ok {
		s.loop().NextTick(func() { finish(a, nil) })
		return
	}
	done := s.loop().Reserve()
	fam := s.familyNum()
	go func() {
		ips, err := ResolveHost(host, fam)
		done(func() {
			var a netip.Addr
			if err == nil {
				ip := ips[0]
				if ip4 := ip.To4(); ip4 != nil {
					ip = ip4
				}
				a, _ = netip.AddrFromSlice(ip)
			}
			finish(a, err)
		})
	}()
}

func (s *DgramSocket) doConnect(a netip.Addr, host string, port int, err error, cb *lua.LFunction) {
	if s.closed {
		return
	}
	var se SysErr
	if err != nil {
		se = SysErr{Err: err, Syscall: "getaddrinfo", Address: host}
	} else {
		if !s.inet6 && !a.Unmap().Is4() {
			err = syscall.EINVAL
		} else {
			ap := netip.AddrPortFrom(a, uint16(port))
			if !s.inet6 {
				ap = netip.AddrPortFrom(a.Unmap(), uint16(port))
			}
			sa := sockaddrOf(ap, s.inet6)
			if err = connectFD(s.rc, sa); err == nil {
				s.remote, s.rsa = ap, sa
			}
		}
		se = SysErr{Err: err, Syscall: "connect", Address: a.String(), Port: port}
	}
	if err != nil {
		s.connState = dgDisconnected
		s.loop().NextTick(func() {
			e := s.rt.SystemError(se)
			if cb != nil {
				s.em.remove("connect", cb)
				s.rt.Call(cb, e)
			} else {
				s.rt.EmitGo(s.Emitter(), "error", e)
			}
		})
		return
	}
	s.connState = dgConnected
	s.loop().NextTick(func() { s.rt.EmitGo(s.Emitter(), "connect") })
}

// closeNow releases the socket: the reader stops, pending sends are
// dropped, the handle no longer keeps the loop alive; 'close' follows on
// the next tick.
func (s *DgramSocket) closeNow() {
	s.closed = true
	s.in.mu.Lock()
	s.in.closed = true
	s.in.items = nil
	if s.in.cond.L != nil {
		s.in.cond.Broadcast()
	}
	s.in.mu.Unlock()
	if s.onLoop != nil {
		s.onLoop.close() // out of the epoll set before the descriptor closes
	}
	if s.uc != nil {
		s.uc.Close()
	}
	s.queue = nil
	s.wq = nil
	if s.h != nil {
		s.h.Done()
	}
	s.loop().NextTick(func() { s.rt.EmitGo(s.Emitter(), "close") })
}
