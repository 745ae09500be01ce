package luabind

import (
	"net"
	"net/netip"
	"strings"
	"syscall"

	lua "github.com/yuin/gopher-lua"
)

// The multicast membership calls, in libuv's order: the group's family
// decides everything; an unbound socket is bound behind the script's back
// first (ensureFD); then the interface is parsed, then the kernel is asked.

// dgramMembership is addMembership / dropMembership(group[, iface]).
func dgramMembership(name string, join bool) Method {
	return func(rt *Runtime, L *lua.LState) int {
		s := Self[*DgramSocket](rt, L, name)
		s.checkRunning(L)
		if !jsTruthy(L.Get(2)) {
			rt.ThrowCode(L, "TypeError", ErrMissingArgs, `The "multicastAddress" argument must be specified`)
		}
		group := L.ToStringMeta(L.Get(2)).String()
		iface, hasIface := addrArg(L, 3)
		if err := s.membership(join, group, iface, hasIface); err != nil {
			rt.Throw(L, rt.SystemError(SysErr{Err: err, Syscall: name}))
		}
		return 0
	}
}

// dgramSourceMembership is addSourceSpecificMembership /
// dropSourceSpecificMembership(source, group[, iface]).
func dgramSourceMembership(name string, join bool) Method {
	return func(rt *Runtime, L *lua.LState) int {
		s := Self[*DgramSocket](rt, L, name)
		s.checkRunning(L)
		source := rt.CheckString(L, 2, "sourceAddress")
		group := rt.CheckString(L, 3, "groupAddress")
		iface, hasIface := addrArg(L, 4)
		if err := s.sourceMembership(join, source, group, iface, hasIface); err != nil {
			rt.Throw(L, rt.SystemError(SysErr{Err: err, Syscall: name}))
		}
		return 0
	}
}

// addrArg reads an optional address argument as Node's binding does: nil
// is none, anything else is its string (a number or a table then fails
// to parse: EINVAL, raised where libuv parses it).
func addrArg(L *lua.LState, n int) (string, bool) {
	v := L.Get(n)
	if v == lua.LNil {
		return "", false
	}
	return L.ToStringMeta(v).String(), true
}

func (s *DgramSocket) membership(join bool, group, iface string, hasIface bool) error {
	if g, ok := parseIP4(group); ok {
		if err := s.ensureFD(false); err != nil {
			return err
		}
		var ifa [4]byte
		if hasIface {
			if ifa, ok = parseIP4(iface); !ok {
				return syscall.EINVAL
			}
		}
		return s.pc.Membership4(join, g, ifa)
	}
	g, _, ok := parseIP6(group)
	if !ok {
		return syscall.EINVAL
	}
	if err := s.ensureFD(true); err != nil {
		return err
	}
	idx := 0
	if hasIface {
		ia, err := netip.ParseAddr(iface)
		if err != nil {
			return syscall.EINVAL
		}
		if idx, err = ifaceIndex(ia); err != nil {
			return err
		}
	}
	return s.pc.Membership6(join, g.As16(), idx)
}

func (s *DgramSocket) sourceMembership(join bool, source, group, iface string, hasIface bool) error {
	if g, ok := parseIP4(group); ok {
		src, ok := parseIP4(source)
		if !ok {
			return syscall.EINVAL
		}
		if err := s.ensureFD(false); err != nil {
			return err
		}
		var ifa [4]byte
		if hasIface {
			if ifa, ok = parseIP4(iface); !ok {
				return syscall.EINVAL
			}
		}
		return s.pc.SourceMembership4(join, g, src, ifa)
	}
	g, gScope, ok := parseIP6(group)
	if !ok {
		return syscall.EINVAL
	}
	src, sScope, ok := parseIP6(source)
	if !ok {
		return syscall.EINVAL
	}
	if err := s.ensureFD(true); err != nil {
		return err
	}
	var idx uint32
	if hasIface {
		// libuv takes only the interface address's scope id (its zone).
		if _, idx, ok = parseIP6(iface); !ok {
			return syscall.EINVAL
		}
	}
	return s.pc.SourceMembership6(join, g, src, gScope, sScope, int(idx))
}

// parseIP4 is libuv's uv_ip4_addr: a dotted quad and nothing else.
func parseIP4(s string) ([4]byte, bool) {
	a, err := netip.ParseAddr(s)
	if err != nil || !a.Is4() {
		return [4]byte{}, false
	}
	return a.As4(), true
}

// parseIP6 is libuv's uv_ip6_addr: an IPv6 address with an optional
// %zone, whose interface index is the scope id (0 for an unknown name,
// which libuv ignores silently).
func parseIP6(s string) (netip.Addr, uint32, bool) {
	zone := ""
	if i := strings.IndexByte(s, '%'); i >= 0 {
		s, zone = s[:i], s[i+1:]
	}
	a, err := netip.ParseAddr(s)
	if err != nil || !a.Is6() || a.Zone() != "" {
		return netip.Addr{}, 0, false
	}
	var scope uint32
	if zone != "" {
		if ifi, err := net.InterfaceByName(zone); err == nil {
			scope = uint32(ifi.Index)
		}
	}
	return a, scope, true
}

// ensureFD is libuv's uv__udp_maybe_deferred_bind, which the membership
// calls run: a socket without a descriptor gets one bound to the wildcard
// of the group's family, port 0, SO_REUSEADDR, not reading. The socket
// stays unbound as the script sees it, so a later bind (or the one a send
// or connect starts) fails EINVAL, as it does in Node.
func (s *DgramSocket) ensureFD(v6 bool) error {
	if s.pc != nil {
		return nil
	}
	network, ap := "udp4", netip.AddrPortFrom(netip.IPv4Unspecified(), 0)
	if v6 {
		network, ap = "udp", netip.AddrPortFrom(netip.IPv6Unspecified(), 0)
	}
	pc, err := s.rt.nio.OpenUDP(network, ap, true, v6)
	if err != nil {
		return err
	}
	s.pc = pc
	if s.local = pc.LocalAddr(); !v6 {
		s.local = netip.AddrPortFrom(s.local.Addr().Unmap(), s.local.Port())
	}
	return nil
}
