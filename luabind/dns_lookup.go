package luabind

import (
	"bufio"
	"context"
	"errors"
	"net"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"

	lua "github.com/yuin/gopher-lua"
)

// The hints dns.lookup accepts (Linux's getaddrinfo flags, as Node's
// dns.ADDRCONFIG, dns.V4MAPPED and dns.ALL).
const (
	hintAddrConfig = 32
	hintV4Mapped   = 8
	hintAll        = 16
)

// lookupOpts is what dns.lookup's options boil down to.
type lookupOpts struct {
	family int
	all    bool
	order  string // "verbatim", "ipv4first", "ipv6first"
}

// resultOrders are the orders dns.lookup can give addresses in.
const resultOrders = "'verbatim', 'ipv4first', 'ipv6first'"

func validOrder(s string) bool {
	return s == "verbatim" || s == "ipv4first" || s == "ipv6first"
}

// dnsLookup is dns.lookup(hostname[, options], callback): the system's
// answer (the hosts file, then DNS, as getaddrinfo), off the loop;
// dns.setServers does not change it, as in Node. order is the module's
// default result order.
func (rt *Runtime) dnsLookup(L *lua.LState, order string) int {
	host := ""
	switch h := L.Get(1).(type) {
	case lua.LString:
		host = string(h)
	case *lua.LNilType:
	default:
		if h != lua.LFalse {
			rt.ArgTypeError(L, "hostname", "of type string", h)
		}
	}
	o := lookupOpts{order: order}
	cbAt := 3
	switch v := L.Get(2).(type) {
	case *lua.LFunction:
		cbAt = 2
	case lua.LNumber:
		if v != 0 && v != 4 && v != 6 {
			rt.ArgValueError(L, "family", "must be one of: 0, 4, 6", v)
		}
		o.family = int(v)
	case *lua.LTable:
		rt.lookupOptions(L, v, &o)
	case *lua.LNilType:
	default:
		rt.ArgTypeError(L, "options", "of type object or integer", v)
	}
	cb := rt.CheckFunction(L, cbAt, "callback")
	if ip := net.ParseIP(host); ip != nil || host == "" {
		var ips []net.IP
		if ip != nil {
			ips = []net.IP{ip}
		}
		rt.loop.NextTick(func() { rt.lookupDone(cb, o, ips, nil, host) })
		return 0
	}
	rt.lookupHost(host, o.family, func(ips []net.IP, err error) { rt.lookupDone(cb, o, ips, err, host) })
	return 0
}

// lookupOptions reads dns.lookup's options table as Node checks it.
func (rt *Runtime) lookupOptions(L *lua.LState, t *lua.LTable, o *lookupOpts) {
	switch f := t.RawGetString("family"); f {
	case lua.LNil, lua.LNumber(0):
	case lua.LNumber(4), lua.LString("IPv4"):
		o.family = 4
	case lua.LNumber(6), lua.LString("IPv6"):
		o.family = 6
	default:
		rt.ArgValueError(L, "options.family", "must be one of: 0, 4, 6", f)
	}
	if h := t.RawGetString("hints"); h != lua.LNil {
		n, ok := h.(lua.LNumber)
		if !ok {
			rt.ArgTypeError(L, ".options.hints", "of type number", h)
		}
		if int(n)&^(hintAddrConfig|hintV4Mapped|hintAll) != 0 || float64(n) != float64(int(n)) {
			rt.ArgValueError(L, "hints", "is invalid", h)
		}
	}
	o.all = rt.OptBoolField(L, t, "all", false)
	if v := t.RawGetString("verbatim"); v != lua.LNil {
		if rt.OptBoolField(L, t, "verbatim", true) {
			o.order = "verbatim"
		} else {
			o.order = "ipv4first"
		}
	}
	if v := t.RawGetString("order"); v != lua.LNil {
		if s, ok := v.(lua.LString); !ok || !validOrder(string(s)) {
			rt.ArgValueError(L, "options.order", "must be one of: "+resultOrders, v)
		}
		o.order = string(v.(lua.LString))
	}
}

// lookupDone calls a lookup's callback: (err), (nil, address, family),
// or with all (nil, { {address, family}, ... }).
func (rt *Runtime) lookupDone(cb *lua.LFunction, o lookupOpts, ips []net.IP, err error, host string) {
	L := rt.L
	if err != nil {
		if code, _ := errnoOf(err); code == "" { // "no suitable address": getaddrinfo's ENOTFOUND
			err = &net.DNSError{Err: err.Error(), Name: host, IsNotFound: true}
		}
		rt.Call(cb, rt.SystemError(SysErr{Err: err, Syscall: "getaddrinfo", Address: host}))
		return
	}
	fam := func(ip net.IP) int {
		if ip.To4() != nil {
			return 4
		}
		return 6
	}
	if o.order != "verbatim" {
		first := 4
		if o.order == "ipv6first" {
			first = 6
		}
		sort.SliceStable(ips, func(i, j int) bool { return fam(ips[i]) == first && fam(ips[j]) != first })
	}
	if o.all {
		t := L.CreateTable(len(ips), 0)
		for i, ip := range ips {
			e := L.CreateTable(0, 2)
			e.RawSetString("address", lua.LString(ip.String()))
			e.RawSetString("family", lua.LNumber(fam(ip)))
			t.RawSetInt(i+1, e)
		}
		rt.Call(cb, lua.LNil, t)
		return
	}
	if len(ips) == 0 { // an empty hostname, as Node answers it
		f := 4
		if o.family == 6 {
			f = 6
		}
		rt.Call(cb, lua.LNil, lua.LNil, lua.LNumber(f))
		return
	}
	rt.Call(cb, lua.LNil, lua.LString(ips[0].String()), lua.LNumber(fam(ips[0])))
}

// dnsLookupService is dns.lookupService(address, port, callback): the
// address's host name (the hosts file, then a PTR query, as getnameinfo
// with NI_NAMEREQD) and the port's TCP service name from /etc/services.
func (rt *Runtime) dnsLookupService(L *lua.LState) int {
	if L.GetTop() != 3 {
		rt.ThrowCode(L, "TypeError", ErrMissingArgs, `The "address", "port", and "callback" arguments must be specified`)
	}
	addr, _ := L.Get(1).(lua.LString)
	if ipVersion(string(addr)) == 0 {
		rt.ArgValueError(L, "address", "is invalid", L.Get(1))
	}
	port := rt.portArg(L, L.Get(2), "Port")
	cb := rt.CheckFunction(L, 3, "callback")
	host := string(addr)
	complete := rt.loop.Reserve()
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), lookupTimeout)
		defer cancel()
		names, err := net.DefaultResolver.LookupAddr(ctx, host)
		if err == nil && len(names) == 0 {
			err = errors.New("no name")
		}
		service := serviceName(port)
		complete(func() {
			if err != nil {
				// Node says ENOTFOUND for every failure here, a timeout too.
				notFound := &net.DNSError{Err: err.Error(), Name: host, IsNotFound: true}
				rt.Call(cb, rt.SystemError(SysErr{Err: notFound, Syscall: "getnameinfo", Address: host}))
				return
			}
			rt.Call(cb, lua.LNil, lua.LString(strings.TrimSuffix(names[0], ".")), lua.LString(service))
		})
	}()
	return 0
}

var (
	servicesOnce sync.Once
	tcpServices  map[int]string
)

// serviceName is the TCP service /etc/services names for port, or the
// port's number, as getnameinfo gives it.
func serviceName(port int) string {
	servicesOnce.Do(func() {
		tcpServices = map[int]string{}
		f, err := os.Open("/etc/services")
		if err != nil {
			return
		}
		defer f.Close()
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			fields := strings.Fields(strings.SplitN(sc.Text(), "#", 2)[0])
			if len(fields) < 2 {
				continue
			}
			num, proto, ok := strings.Cut(fields[1], "/")
			p, err := strconv.Atoi(num)
			if ok && proto == "tcp" && err == nil {
				if _, seen := tcpServices[p]; !seen {
					tcpServices[p] = fields[0]
				}
			}
		}
	})
	if s, ok := tcpServices[port]; ok {
		return s
	}
	return strconv.Itoa(port)
}
