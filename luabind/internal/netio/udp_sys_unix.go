//go:build linux || darwin

package netio

import (
	"net"
	"net/netip"
	"syscall"
	"unsafe"
)

// The socket options and the non-blocking send go straight to the file
// descriptor: Go's net package has no API for multicast by interface
// address, for connect on a bound UDP socket, or for a send that gives up
// instead of parking the goroutine, and the loop goroutine must never park.

// sockControl runs before bind: SO_REUSEADDR when asked, and SO_BROADCAST
// off, since Go turns it on for every UDP socket and Node does not.
func sockControl(reuse bool) func(network, address string, c syscall.RawConn) error {
	return func(network, address string, c syscall.RawConn) error {
		var serr error
		err := c.Control(func(fd uintptr) {
			if reuse {
				if serr = syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_REUSEADDR, 1); serr != nil {
					return
				}
			}
			serr = syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_BROADCAST, 0)
		})
		if err != nil {
			return err
		}
		return serr
	}
}

// sockaddrOf converts a destination for a socket of the given family
// (an IPv4 address is mapped for an IPv6 socket, as the kernel wants).
func sockaddrOf(ap netip.AddrPort, inet6 bool) syscall.Sockaddr {
	a := ap.Addr()
	if inet6 {
		sa := &syscall.SockaddrInet6{Port: int(ap.Port()), Addr: a.As16()}
		if z := a.Zone(); z != "" {
			if ifi, err := net.InterfaceByName(z); err == nil {
				sa.ZoneId = uint32(ifi.Index)
			}
		}
		return sa
	}
	return &syscall.SockaddrInet4{Port: int(ap.Port()), Addr: a.Unmap().As4()}
}

// trySend makes one non-blocking send attempt. wouldBlock reports a full
// socket send buffer: the caller then hands the datagram to a goroutine.
// sa is nil for a connected socket.
func trySend(rc syscall.RawConn, p []byte, sa syscall.Sockaddr) (n int, err error, wouldBlock bool) {
	cerr := rc.Write(func(fd uintptr) bool {
		n, err = syscall.SendmsgN(int(fd), p, nil, sa, 0)
		return true // never wait for writability here
	})
	if cerr != nil {
		return 0, cerr, false
	}
	if err == syscall.EAGAIN || err == syscall.EWOULDBLOCK {
		return 0, nil, true
	}
	return n, err, false
}

// sendBlocking sends, waiting for room in the socket buffer; for the
// writer goroutine only.
func sendBlocking(uc *net.UDPConn, rc syscall.RawConn, p []byte, sa syscall.Sockaddr, dest netip.AddrPort) (n int, err error) {
	cerr := rc.Write(func(fd uintptr) bool {
		n, err = syscall.SendmsgN(int(fd), p, nil, sa, 0)
		return err != syscall.EAGAIN && err != syscall.EWOULDBLOCK
	})
	if cerr != nil {
		return 0, cerr
	}
	return n, err
}

// withFD runs f on the socket's descriptor and returns f's error.
func withFD(rc syscall.RawConn, f func(fd int) error) error {
	var ferr error
	if err := rc.Control(func(fd uintptr) { ferr = f(int(fd)) }); err != nil {
		return err
	}
	return ferr
}

func setsockInt(rc syscall.RawConn, level, opt, v int) error {
	return withFD(rc, func(fd int) error { return syscall.SetsockoptInt(fd, level, opt, v) })
}

func getsockInt(rc syscall.RawConn, level, opt int) (int, error) {
	var v int
	err := withFD(rc, func(fd int) error {
		var e error
		v, e = syscall.GetsockoptInt(fd, level, opt)
		return e
	})
	return v, err
}

func sockOpt(which Option, inet6 bool) (level, opt int) {
	switch which {
	case OptBroadcast:
		return syscall.SOL_SOCKET, syscall.SO_BROADCAST
	case OptRecvBuf:
		return syscall.SOL_SOCKET, syscall.SO_RCVBUF
	case OptSendBuf:
		return syscall.SOL_SOCKET, syscall.SO_SNDBUF
	}
	if inet6 {
		switch which {
		case OptTTL:
			return syscall.IPPROTO_IPV6, syscall.IPV6_UNICAST_HOPS
		case OptMulticastTTL:
			return syscall.IPPROTO_IPV6, syscall.IPV6_MULTICAST_HOPS
		default:
			return syscall.IPPROTO_IPV6, syscall.IPV6_MULTICAST_LOOP
		}
	}
	switch which {
	case OptTTL:
		return syscall.IPPROTO_IP, syscall.IP_TTL
	case OptMulticastTTL:
		return syscall.IPPROTO_IP, syscall.IP_MULTICAST_TTL
	default:
		return syscall.IPPROTO_IP, syscall.IP_MULTICAST_LOOP
	}
}

// setOpt sets one of the opt* options.
func setOpt(rc syscall.RawConn, which Option, inet6 bool, v int) error {
	level, opt := sockOpt(which, inet6)
	if !inet6 && (which == OptMulticastTTL || which == OptMulticastLoop) {
		// macOS takes these as a u_char only; Linux takes either.
		return withFD(rc, func(fd int) error { return syscall.SetsockoptByte(fd, level, opt, byte(v)) })
	}
	return setsockInt(rc, level, opt, v)
}

// getOpt reads one of the opt* options.
func getOpt(rc syscall.RawConn, which Option, inet6 bool) (int, error) {
	level, opt := sockOpt(which, inet6)
	return getsockInt(rc, level, opt)
}

// setMulticastIf4 selects the interface, by its address, for outgoing
// IPv4 multicast.
func setMulticastIf4(rc syscall.RawConn, ifaddr [4]byte) error {
	return withFD(rc, func(fd int) error {
		return syscall.SetsockoptInet4Addr(fd, syscall.IPPROTO_IP, syscall.IP_MULTICAST_IF, ifaddr)
	})
}

// setMulticastIf6 selects the interface, by index, for outgoing IPv6 multicast.
func setMulticastIf6(rc syscall.RawConn, index int) error {
	return setsockInt(rc, syscall.IPPROTO_IPV6, syscall.IPV6_MULTICAST_IF, index)
}

// membership4 joins or leaves an IPv4 group on the interface with the
// given address (0.0.0.0: the kernel's choice).
func membership4(rc syscall.RawConn, join bool, group, ifaddr [4]byte) error {
	opt := syscall.IP_DROP_MEMBERSHIP
	if join {
		opt = syscall.IP_ADD_MEMBERSHIP
	}
	return withFD(rc, func(fd int) error {
		return syscall.SetsockoptIPMreq(fd, syscall.IPPROTO_IP, opt, &syscall.IPMreq{Multiaddr: group, Interface: ifaddr})
	})
}

// membership6 joins or leaves an IPv6 group on the interface index.
func membership6(rc syscall.RawConn, join bool, group [16]byte, index int) error {
	opt := syscall.IPV6_LEAVE_GROUP
	if join {
		opt = syscall.IPV6_JOIN_GROUP
	}
	return withFD(rc, func(fd int) error {
		return syscall.SetsockoptIPv6Mreq(fd, syscall.IPPROTO_IPV6, opt, &syscall.IPv6Mreq{Multiaddr: group, Interface: uint32(index)})
	})
}

// connectFD connects the bound socket to one peer, as uv_udp_connect does.
func connectFD(rc syscall.RawConn, sa syscall.Sockaddr) error {
	return withFD(rc, func(fd int) error { return syscall.Connect(fd, sa) })
}

// disconnectFD dissolves the association: connect to an AF_UNSPEC address.
func disconnectFD(rc syscall.RawConn) error {
	return withFD(rc, func(fd int) error {
		var sa syscall.RawSockaddr
		sa.Family = syscall.AF_UNSPEC
		_, _, e := syscall.Syscall(syscall.SYS_CONNECT, uintptr(fd), uintptr(unsafe.Pointer(&sa)), unsafe.Sizeof(sa))
		if e != 0 && e != syscall.EAFNOSUPPORT { // macOS reports EAFNOSUPPORT yet disconnects
			return e
		}
		return nil
	})
}
