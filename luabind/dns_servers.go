package luabind

import (
	"net/netip"
	"regexp"
	"strconv"

	lua "github.com/yuin/gopher-lua"
)

// dnsPort is the port a server without one is asked on.
const dnsPort = 53

// resolverGetServers is getServers(): each server as Node writes it,
// "1.2.3.4", "1.2.3.4:5353", "::1", "[::1]:5353".
func resolverGetServers(rt *Runtime, L *lua.LState, r *DNSResolver, base int) int {
	t := L.CreateTable(len(r.cfg.Servers), 0)
	for i, s := range r.cfg.Servers {
		text := s.Addr().String()
		if s.Port() != dnsPort {
			text = s.String()
		}
		t.RawSetInt(i+1, lua.LString(text))
	}
	L.Push(t)
	return 1
}

// resolverSetServers is setServers(servers): an array of addresses with
// optional ports, read as Node reads them.
func resolverSetServers(rt *Runtime, L *lua.LState, r *DNSResolver, base int) int {
	t, ok := L.Get(base).(*lua.LTable)
	if !ok {
		rt.ArgTypeError(L, "servers", "an instance of Array", L.Get(base))
	}
	servers := make([]netip.AddrPort, 0, t.Len())
	for i := 1; i <= t.Len(); i++ {
		s, ok := t.RawGetInt(i).(lua.LString)
		if !ok {
			rt.ArgTypeError(L, "servers["+strconv.Itoa(i)+"]", "of type string", t.RawGetInt(i))
		}
		ap, ok := parseServer(string(s))
		if !ok {
			rt.ThrowCode(L, "TypeError", ErrInvalidIPAddress, "Invalid IP address: "+string(s))
		}
		servers = append(servers, ap)
	}
	r.cfg.Servers = servers
	return 0
}

var (
	bracketedV6 = regexp.MustCompile(`^\[([^\[\]]*)\]`)
	hostAndPort = regexp.MustCompile(`^(.+?)(?::(\d+))?$`)
)

// parseServer reads one setServers entry as Node does: an address; an
// IPv6 address in brackets, then maybe :port; an IPv4 address and :port.
// As with c-ares, a port is taken modulo 65536 and an IPv6 zone dropped.
func parseServer(s string) (netip.AddrPort, bool) {
	addr := func(host, port string) (netip.AddrPort, bool) {
		a, err := netip.ParseAddr(host)
		if err != nil {
			return netip.AddrPort{}, false
		}
		p := dnsPort
		if port != "" {
			n, _ := strconv.ParseUint(port, 10, 64)
			if p = int(n & 0xFFFF); p == 0 {
				p = dnsPort
			}
		}
		return netip.AddrPortFrom(a.WithZone(""), uint16(p)), true
	}
	if ap, ok := addr(s, ""); ok {
		return ap, true
	}
	if m := bracketedV6.FindStringSubmatch(s); m != nil {
		if hp := hostAndPort.FindStringSubmatch(s); hp != nil {
			if ap, ok := addr(m[1], hp[2]); ok && ap.Addr().Is6() {
				return ap, true
			}
		}
	}
	if hp := hostAndPort.FindStringSubmatch(s); hp != nil {
		return addr(hp[1], hp[2])
	}
	return netip.AddrPort{}, false
}

// resolverSetLocalAddress is setLocalAddress(ipv4[, ipv6]): the source
// addresses of the queries, one per family.
func resolverSetLocalAddress(rt *Runtime, L *lua.LState, r *DNSResolver, base int) int {
	first := rt.CheckString(L, base, "ipv4")
	second := ""
	if L.Get(base+1) != lua.LNil {
		second = rt.CheckString(L, base+1, "ipv6")
	}
	bad := func(msg string) { rt.ThrowCode(L, "TypeError", ErrInvalidArgValue, msg) }
	a, err := netip.ParseAddr(first)
	if err != nil {
		bad("Invalid IP address.")
	}
	var l4, l6 netip.Addr
	if a.Is4() {
		l4 = a
	} else {
		l6 = a
	}
	if second != "" {
		b, err := netip.ParseAddr(second)
		switch {
		case err != nil:
			bad("Invalid IP address.")
		case b.Is4() && l4.IsValid():
			bad("Cannot specify two IPv4 addresses.")
		case b.Is4():
			l4 = b
		case l6.IsValid():
			bad("Cannot specify two IPv6 addresses.")
		default:
			l6 = b
		}
	}
	r.cfg.Local4, r.cfg.Local6 = l4, l6
	return 0
}
