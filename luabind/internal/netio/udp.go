package netio

import (
	"context"
	"net"
	"net/netip"
	"syscall"

	"github.com/netsh/netsh/luabind/loop"
)

// Option names a UDP socket option portably; the platform file maps it to
// the level and number of the socket's family.
type Option int

// The UDP socket options dgram sets and reads.
const (
	OptBroadcast Option = iota
	OptTTL
	OptMulticastTTL
	OptMulticastLoop
	OptRecvBuf
	OptSendBuf
)

// PacketHandler receives a UDP socket's datagrams on the loop goroutine,
// each as its own callback (the nextTick queue is drained after each).
type PacketHandler interface {
	OnPacket(data []byte, from netip.AddrPort)
	// OnPacketError reports a failed receive. After ECONNREFUSED (the
	// ICMP reply a connected socket hears when its peer's port is closed)
	// reading goes on; after any other error it stops.
	OnPacketError(err error)
}

// PacketConn is a bound UDP socket. Datagrams are read by the loop's
// epoll set where there is one, else by a reader goroutine; sends are
// tried without blocking on the loop and handed to a writer goroutine only
// when the socket's buffer is full. Loop goroutine only.
type PacketConn struct {
	x      *IO
	h      PacketHandler
	uc     *net.UDPConn
	rc     syscall.RawConn
	inet6  bool
	closed bool
	reader interface{ close() } // the epoll registration or the inbox

	wq      []*udpSend // sends waiting for the writer goroutine, in order
	writing bool
	batch   udpBatchState // sends held to go out together (udp_batch_linux.go)

	// The last destination and its sockaddr: replies go to the same peer
	// again and again.
	lastSA  netip.AddrPort
	lastSAv syscall.Sockaddr
}

// udpSend is one datagram on its way out through the writer goroutine.
type udpSend struct {
	data []byte
	dest netip.AddrPort // invalid for a connected socket
	done func(n int, err error)
	n    int
	err  error
}

// ListenUDP binds a UDP socket on network ("udp4", "udp6" or "udp" for a
// dual-stack wildcard) at addr and starts reading into h. reuse sets
// SO_REUSEADDR; inet6 says the socket's family for options and sockaddrs.
func (x *IO) ListenUDP(network string, addr netip.AddrPort, reuse, inet6 bool, h PacketHandler) (*PacketConn, error) {
	c, err := x.OpenUDP(network, addr, reuse, inet6)
	if err != nil {
		return nil, err
	}
	c.h = h
	if c.reader = x.readPolled(c); c.reader == nil {
		c.reader = startInbox(c)
	}
	return c, nil
}

// OpenUDP binds a UDP socket as ListenUDP does but reads nothing: the
// descriptor libuv makes behind the script's back when a membership call
// finds a socket unbound, which takes options and never receives.
func (x *IO) OpenUDP(network string, addr netip.AddrPort, reuse, inet6 bool) (*PacketConn, error) {
	lc := net.ListenConfig{Control: sockControl(reuse)}
	pc, err := lc.ListenPacket(context.Background(), network, addr.String())
	if err != nil {
		return nil, err
	}
	uc := pc.(*net.UDPConn)
	rc, err := uc.SyscallConn()
	if err != nil {
		uc.Close()
		return nil, err
	}
	return &PacketConn{x: x, uc: uc, rc: rc, inet6: inet6}, nil
}

func (c *PacketConn) loop() *loop.Loop { return c.x.loop }

// LocalAddr is the address the socket is bound to.
func (c *PacketConn) LocalAddr() netip.AddrPort {
	if la, ok := c.uc.LocalAddr().(*net.UDPAddr); ok {
		return la.AddrPort()
	}
	return netip.AddrPort{}
}

// sockaddr converts a destination, caching the last one.
func (c *PacketConn) sockaddr(ap netip.AddrPort) syscall.Sockaddr {
	if ap == c.lastSA && c.lastSAv != nil {
		return c.lastSAv
	}
	sa := sockaddrOf(ap, c.inet6)
	c.lastSA, c.lastSAv = ap, sa
	return sa
}

// trySendAttempt is trySend; tests replace it to drive the writer
// goroutine, which loopback alone never needs (its buffer does not fill).
var trySendAttempt = trySend

// Send sends one datagram to dest (invalid: the connected peer) and calls
// done with the kernel's answer, on the loop, perhaps before Send returns.
// Why not a plain WriteTo from the loop: on a full send buffer Go parks
// the calling goroutine until there is room, and the loop goroutine must
// never park. So the loop makes one non-blocking attempt (it succeeds
// unless the buffer is full, which on loopback means never in practice),
// and only on EAGAIN hands the datagram, and every later one until that
// backlog clears, to a writer goroutine.
func (c *PacketConn) Send(p []byte, dest netip.AddrPort, done func(n int, err error)) {
	if c.closed {
		return
	}
	if dest.IsValid() && dest.Addr().Is4() == c.inet6 {
		// A destination of the other family (::1 from an IPv4 socket,
		// 127.0.0.1 from an IPv6 one): the kernel's answer, as libuv
		// passes the address through unconverted.
		done(0, syscall.EINVAL)
		return
	}
	if c.holdSend(p, dest, done) {
		return
	}
	req := &udpSend{data: p, dest: dest, done: done}
	if c.writing {
		c.wq = append(c.wq, req)
		return
	}
	var sa syscall.Sockaddr
	if dest.IsValid() {
		sa = c.sockaddr(dest)
	}
	n, err, wouldBlock := trySendAttempt(c.rc, p, sa)
	if wouldBlock {
		c.wq = append(c.wq, req)
		c.startWriter()
		return
	}
	done(n, err)
}

// startWriter sends the waiting datagrams from a goroutine, blocking as
// needed, then reports back on the loop.
func (c *PacketConn) startWriter() {
	batch := c.wq
	c.wq = nil
	c.writing = true
	done := c.loop().Reserve()
	uc, rc := c.uc, c.rc
	sas := make([]syscall.Sockaddr, len(batch))
	for i, req := range batch {
		if req.dest.IsValid() {
			sas[i] = sockaddrOf(req.dest, c.inet6)
		}
		// The bytes may be a Buffer that Lua goes on changing.
		req.data = append([]byte(nil), req.data...)
	}
	go func() {
		for i, req := range batch {
			req.n, req.err = sendBlocking(uc, rc, req.data, sas[i], req.dest)
		}
		done(func() {
			c.writing = false
			for _, req := range batch {
				req.done(req.n, req.err)
			}
			if len(c.wq) > 0 && !c.closed {
				c.startWriter()
			}
		})
	}()
}

// Connect associates the socket with one peer, as uv_udp_connect does.
func (c *PacketConn) Connect(ap netip.AddrPort) error {
	c.flushHeld() // held sends went out before, as Node's would have
	return connectFD(c.rc, sockaddrOf(ap, c.inet6))
}

// Disconnect dissolves the association.
func (c *PacketConn) Disconnect() error {
	c.flushHeld()
	return disconnectFD(c.rc)
}

// SetOption sets one of the Opt* options.
func (c *PacketConn) SetOption(o Option, v int) error {
	c.flushHeld() // a TTL or broadcast change is for later sends only
	return setOpt(c.rc, o, c.inet6, v)
}

// GetOption reads one of the Opt* options.
func (c *PacketConn) GetOption(o Option) (int, error) { return getOpt(c.rc, o, c.inet6) }

// SetMulticastInterface4 picks, by its address, the interface for
// outgoing IPv4 multicast.
func (c *PacketConn) SetMulticastInterface4(ifaddr [4]byte) error {
	return setMulticastIf4(c.rc, ifaddr)
}

// SetMulticastInterface6 picks, by index, the interface for outgoing IPv6
// multicast.
func (c *PacketConn) SetMulticastInterface6(index int) error { return setMulticastIf6(c.rc, index) }

// Membership4 joins or leaves an IPv4 group on the interface with the
// given address (0.0.0.0: the kernel's choice).
func (c *PacketConn) Membership4(join bool, group, ifaddr [4]byte) error {
	return membership4(c.rc, join, group, ifaddr)
}

// Membership6 joins or leaves an IPv6 group on the interface index.
func (c *PacketConn) Membership6(join bool, group [16]byte, index int) error {
	return membership6(c.rc, join, group, index)
}

// SourceMembership4 joins or leaves the source-specific IPv4 group
// (source, group) on the interface with the given address (0.0.0.0: the
// kernel's choice).
func (c *PacketConn) SourceMembership4(join bool, group, source, ifaddr [4]byte) error {
	return sourceMembership4(c.rc, join, group, source, ifaddr)
}

// SourceMembership6 joins or leaves the source-specific IPv6 group
// (source, group) on the interface index (0: the kernel's choice); the
// scope ids go into the socket addresses as libuv puts them there.
func (c *PacketConn) SourceMembership6(join bool, group, source netip.Addr, groupScope, sourceScope uint32, index int) error {
	return sourceMembership6(c.rc, join, group.As16(), source.As16(), groupScope, sourceScope, index)
}

// Close stops reading, drops the sends still waiting and closes the
// socket; no datagram is delivered after it.
func (c *PacketConn) Close() {
	if c.closed {
		return
	}
	c.flushHeld() // what was sent before the close goes out, as in Node
	c.closed = true
	if c.reader != nil { // out of the epoll set, or the inbox, before the descriptor closes
		c.reader.close()
	}
	c.uc.Close()
	c.wq = nil
}

// Queued reports the datagrams waiting for the writer goroutine, and
// their bytes (dgram's getSendQueueCount and getSendQueueSize).
func (c *PacketConn) Queued() (count, bytes int) {
	for _, r := range c.wq {
		bytes += len(r.data)
	}
	return len(c.wq), bytes
}
