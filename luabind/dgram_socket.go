package luabind

import (
	"net"
	"net/netip"
	"syscall"

	lua "github.com/yuin/gopher-lua"

	"github.com/netsh/netsh/luabind/internal/netio"
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

// DgramSocket is a dgram.Socket: a UDP socket driven by the loop through
// one netio.PacketConn. Loop goroutine only.
type DgramSocket struct {
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

	pc     *netio.PacketConn // nil until bound
	h      *Handle
	local  netip.AddrPort
	remote netip.AddrPort

	queue []*dgramSend // sends waiting for the bind or a lookup, in order

	bytesIn, bytesOut int64
	recv              dgramRecvState // sequential reads (dgram_receive.go)

	// The last source address seen and its Lua string: a peer usually
	// sends many datagrams, so rinfo.address is formatted once.
	lastAddr netip.Addr
	lastStr  lua.LString
	lastFam  lua.LString
}

// dgramEvents is the socket's netio.PacketHandler, kept apart so the
// event methods are not part of DgramSocket's exported surface.
type dgramEvents struct{ s *DgramSocket }

func (e dgramEvents) OnPacket(data []byte, from netip.AddrPort) { e.s.deliver(data, from) }
func (e dgramEvents) OnPacketError(err error) {
	s := e.s
	s.rt.EmitGo(s.Emitter(), "error", s.rt.SystemError(SysErr{Err: err, Syscall: "recvmsg"}))
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
			hi.Local = joinHostPort(s.local.Addr().String(), int(s.local.Port()))
		}
		if s.remote.IsValid() {
			hi.Remote = joinHostPort(s.remote.Addr().String(), int(s.remote.Port()))
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
	s.rt.lookupHost(host, s.familyNum(), func(ips []net.IP, err error) {
		if s.closed {
			return
		}
		if err != nil {
			s.bindFailed(SysErr{Err: err, Syscall: "getaddrinfo", Address: host})
			return
		}
		a := firstAddr(ips)
		s.doBind(a, a.String(), port)
	})
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
	if s.pc != nil {
		// A membership call bound the descriptor already (ensureFD): the
		// kernel refuses a second bind, and Node reports just that.
		s.bindFailed(SysErr{Err: syscall.EINVAL, Syscall: "bind", Address: host, Port: port})
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
	pc, err := s.rt.nio.ListenUDP(network, netip.AddrPortFrom(a, uint16(port)), s.reuse, s.inet6, dgramEvents{s})
	if err != nil {
		s.bindFailed(SysErr{Err: err, Syscall: "bind", Address: host, Port: port})
		return
	}
	s.pc = pc
	if s.local = pc.LocalAddr(); !s.inet6 {
		s.local = netip.AddrPortFrom(s.local.Addr().Unmap(), s.local.Port())
	}
	if s.recvSize > 0 {
		pc.SetOption(netio.OptRecvBuf, s.recvSize)
	}
	if s.sendSize > 0 {
		pc.SetOption(netio.OptSendBuf, s.sendSize)
	}
	s.bindState = dgBound
	s.rt.EmitGo(s.Emitter(), "listening")
	if !s.closed {
		s.flushQueue()
	}
}

// deliver emits 'message' with a Buffer and rinfo { address, family, port, size }.
func (s *DgramSocket) deliver(data []byte, from netip.AddrPort) {
	s.bytesIn += int64(len(data))
	s.rt.wireDatagram(s.local, from, false, data)
	if s.queueDatagram(data, from) || s.em.count("message") == 0 {
		return
	}
	s.rt.EmitGo(s.Emitter(), "message", s.rt.NewBuffer(data), s.rinfo(from, len(data)))
}

// rinfo is a datagram's { address, family, port, size }.
func (s *DgramSocket) rinfo(from netip.AddrPort, size int) *lua.LTable {
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
	vals := [4]lua.LValue{s.lastStr, s.lastFam, rt.num(float64(from.Port())), rt.num(float64(size))}
	return recordTable(rinfoKeys, vals[:])
}

// rinfoKeys are rinfo's keys, in Node's order.
var rinfoKeys = newFieldKeys("address", "family", "port", "size")

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
	s.rt.lookupHost(host, s.familyNum(), func(ips []net.IP, err error) {
		var a netip.Addr
		if err == nil {
			a = firstAddr(ips)
		}
		finish(a, err)
	})
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
			if err = s.pc.Connect(ap); err == nil {
				s.remote = ap
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
	if s.pc != nil {
		s.pc.Close()
	}
	s.queue = nil
	if s.h != nil {
		s.h.Done()
	}
	s.closeReceive()
	s.loop().NextTick(func() { s.rt.EmitGo(s.Emitter(), "close") })
}
