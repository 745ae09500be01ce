package luabind

import (
	"context"
	"net"
	"net/netip"
	"time"

	lua "github.com/yuin/gopher-lua"
)

// ipVersion is Node's net.isIP: 4, 6 or 0. Like Node it rejects IPv4 parts with
// leading zeros and accepts an IPv6 zone.
func ipVersion(s string) int {
	a, err := netip.ParseAddr(s)
	if err != nil {
		return 0
	}
	if a.Is4() {
		return 4
	}
	return 6
}

// familyName is Node's family string for an IP: "IPv4" or "IPv6".
func familyName(ip net.IP) string {
	if ip.To4() != nil {
		return "IPv4"
	}
	return "IPv6"
}

// lookupTimeout bounds a DNS lookup so a dead resolver cannot hold a
// handle open forever.
const lookupTimeout = 10 * time.Second

// resolveHost looks host up; family is 0 (any), 4 or 6. It blocks, so call
// it off the loop goroutine. An IP literal is returned without a lookup;
// "localhost" answers from the hosts file as the system resolver does.
func resolveHost(host string, family int) ([]net.IP, error) {
	if ip := net.ParseIP(host); ip != nil {
		return []net.IP{ip}, nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), lookupTimeout)
	defer cancel()
	network := "ip"
	switch family {
	case 4:
		network = "ip4"
	case 6:
		network = "ip6"
	}
	ips, err := net.DefaultResolver.LookupIP(ctx, network, host)
	if err != nil {
		return nil, err
	}
	if len(ips) == 0 {
		return nil, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
	}
	return ips, nil
}

// lookupHost resolves host off the loop goroutine and calls done with the
// result back on it; the lookup in flight keeps the loop alive. Every
// module that takes a host name (net's listen and connect, dgram's bind,
// send and connect) looks it up through here.
func (rt *Runtime) lookupHost(host string, family int, done func(ips []net.IP, err error)) {
	complete := rt.loop.Reserve()
	go func() {
		ips, err := resolveHost(host, family)
		complete(func() { done(ips, err) })
	}()
}

// firstAddr is the first address of a lookup as a netip.Addr, IPv4 unmapped.
func firstAddr(ips []net.IP) netip.Addr {
	ip := ips[0]
	if ip4 := ip.To4(); ip4 != nil {
		ip = ip4
	}
	a, _ := netip.AddrFromSlice(ip)
	return a
}

// addrTable builds Node's address object { address, family, port }.
func addrTable(L *lua.LState, ip net.IP, port int) *lua.LTable {
	t := L.CreateTable(0, 3)
	t.RawSetString("address", lua.LString(ip.String()))
	t.RawSetString("family", lua.LString(familyName(ip)))
	t.RawSetString("port", lua.LNumber(port))
	return t
}

func openNetIsIP(rt *Runtime, t *lua.LTable) {
	L := rt.L
	str := func(L *lua.LState) string {
		if s, ok := L.Get(1).(lua.LString); ok {
			return string(s)
		}
		return ""
	}
	t.RawSetString("isIP", L.NewFunction(func(L *lua.LState) int { L.Push(lua.LNumber(ipVersion(str(L)))); return 1 }))
	t.RawSetString("isIPv4", L.NewFunction(func(L *lua.LState) int { L.Push(lua.LBool(ipVersion(str(L)) == 4)); return 1 }))
	t.RawSetString("isIPv6", L.NewFunction(func(L *lua.LState) int { L.Push(lua.LBool(ipVersion(str(L)) == 6)); return 1 }))
}
