package luabind

import (
	"context"
	"net/netip"
	"strconv"
	"strings"
	"time"

	lua "github.com/yuin/gopher-lua"
	"golang.org/x/net/dns/dnsmessage"

	"github.com/netsh/netsh/luabind/internal/dnsclient"
)

// DNSResolver is a dns.Resolver: its own servers and options, and the
// queries it has in flight (for cancel). The dns module's resolve
// functions are those of a default one. Loop goroutine only.
type DNSResolver struct {
	Base
	cfg     dnsclient.Config
	pending map[*context.CancelFunc]struct{}
}

// resolverMethod is one of a resolver's methods, with its first argument
// at index base: 2 for r:resolve4(...), 1 for dns.resolve4(...).
type resolverMethod func(rt *Runtime, L *lua.LState, r *DNSResolver, base int) int

// resolverMethods are the methods of dns.Resolver, and the functions of
// the dns module bound to its default resolver.
var resolverMethods = map[string]resolverMethod{
	"getServers":      resolverGetServers,
	"setServers":      resolverSetServers,
	"setLocalAddress": resolverSetLocalAddress,
	"cancel":          resolverCancel,
	"resolve":         resolverResolve,
	"reverse":         resolverReverse,
}

// dnsQueries are the resolveX methods: the record type each asks for
// and the c-ares call Node names in its errors.
var dnsQueries = map[string]struct {
	rrtype  string
	t       dnsmessage.Type
	syscall string
}{
	"resolve4":     {"A", dnsmessage.TypeA, "queryA"},
	"resolve6":     {"AAAA", dnsmessage.TypeAAAA, "queryAaaa"},
	"resolveAny":   {"ANY", dnsclient.TypeALL, "queryAny"},
	"resolveCaa":   {"CAA", dnsclient.TypeCAA, "queryCaa"},
	"resolveCname": {"CNAME", dnsmessage.TypeCNAME, "queryCname"},
	"resolveMx":    {"MX", dnsmessage.TypeMX, "queryMx"},
	"resolveNaptr": {"NAPTR", dnsclient.TypeNAPTR, "queryNaptr"},
	"resolveNs":    {"NS", dnsmessage.TypeNS, "queryNs"},
	"resolvePtr":   {"PTR", dnsmessage.TypePTR, "queryPtr"},
	"resolveSoa":   {"SOA", dnsmessage.TypeSOA, "querySoa"},
	"resolveSrv":   {"SRV", dnsmessage.TypeSRV, "querySrv"},
	"resolveTxt":   {"TXT", dnsmessage.TypeTXT, "queryTxt"},
}

var resolverClass = &Class{Name: "Resolver", Methods: map[string]Method{}}

func init() {
	for name, m := range resolverMethods {
		resolverClass.Methods[name] = bindResolverMethod(name, m)
	}
	for name := range dnsQueries {
		resolverClass.Methods[name] = bindResolverMethod(name, resolverQuery(name))
	}
}

func bindResolverMethod(name string, m resolverMethod) Method {
	return func(rt *Runtime, L *lua.LState) int {
		return m(rt, L, Self[*DNSResolver](rt, L, name), 2)
	}
}

// newResolver is dns.Resolver([options]): options.timeout (ms, -1 for
// the default) and options.tries, checked as Node checks them.
func (rt *Runtime) newResolver(L *lua.LState, opts lua.LValue) *DNSResolver {
	r := &DNSResolver{cfg: dnsclient.Config{Servers: dnsclient.SystemServers()}, pending: map[*context.CancelFunc]struct{}{}}
	if t, ok := opts.(*lua.LTable); ok {
		if ms := rt.int32Option(L, t, "timeout", -1); ms >= 0 {
			r.cfg.Timeout = time.Duration(ms) * time.Millisecond
		}
		r.cfg.Tries = int(rt.int32Option(L, t, "tries", 1))
	}
	rt.NewObject(resolverClass, r)
	return r
}

// int32Option reads an integer option in [min, 2^31-1] as Node's
// validateInt32 does; -1 when it is absent.
func (rt *Runtime) int32Option(L *lua.LState, t *lua.LTable, key string, min int64) int64 {
	v := t.RawGetString(key)
	if v == lua.LNil {
		return -1
	}
	if _, ok := v.(lua.LNumber); !ok {
		rt.ArgTypeError(L, ".options."+key, "of type number", v)
	}
	L.Push(v)
	defer L.Pop(1)
	return rt.CheckInt(L, L.GetTop(), "options."+key, min, 1<<31-1)
}

// resolverQuery is a resolveX method: (name[, options], callback).
func resolverQuery(method string) resolverMethod {
	q := dnsQueries[method]
	return func(rt *Runtime, L *lua.LState, r *DNSResolver, base int) int {
		cbAt := base + 1
		var opts lua.LValue = lua.LNil
		if L.GetTop() > base+1 {
			opts, cbAt = L.Get(base+1), base+2
		}
		name := rt.CheckString(L, base, "name")
		cb := rt.CheckFunction(L, cbAt, "callback")
		ttl := false
		if t, ok := opts.(*lua.LTable); ok {
			ttl = lua.LVAsBool(t.RawGetString("ttl"))
		}
		r.query(rt, name, name, q.t, q.syscall, func(recs []dnsclient.Record) lua.LValue {
			return rt.dnsResult(q.t, recs, ttl)
		}, cb)
		return 0
	}
}

// query asks name's records of type t off the loop and calls cb with
// (err) or (nil, result(records)) back on it. host is the name errors
// report (reverse's address).
func (r *DNSResolver) query(rt *Runtime, name, host string, t dnsmessage.Type, syscall string, result func([]dnsclient.Record) lua.LValue, cb *lua.LFunction) {
	ctx, cancel := context.WithCancel(context.Background())
	key := &cancel
	r.pending[key] = struct{}{}
	cfg := r.cfg
	complete := rt.loop.Reserve()
	go func() {
		recs, err := dnsclient.Query(ctx, cfg, name, t)
		complete(func() {
			delete(r.pending, key)
			cancel()
			if err != nil {
				code := dnsclient.EBADRESP
				if e, ok := err.(*dnsclient.Error); ok {
					code = e.Code
				}
				rt.Call(cb, rt.dnsError(code, syscall, host))
				return
			}
			rt.Call(cb, lua.LNil, result(recs))
		})
	}()
}

// dnsError is Node's error for a failed query: `queryA ENOTFOUND host`,
// with code, syscall and hostname (and, as in Node, no errno).
func (rt *Runtime) dnsError(code, syscall, host string) *lua.LTable {
	msg := syscall + " " + code
	if host != "" {
		msg += " " + host
	}
	e := rt.NewError("Error", code, msg)
	e.RawSetString("syscall", lua.LString(syscall))
	e.RawSetString("hostname", lua.LString(host))
	return e
}

// resolverResolve is resolve(name[, rrtype], callback).
func resolverResolve(rt *Runtime, L *lua.LState, r *DNSResolver, base int) int {
	method := "resolve4"
	switch v := L.Get(base + 1).(type) {
	case lua.LString:
		method = ""
		for m, q := range dnsQueries {
			if q.rrtype == string(v) {
				method = m
			}
		}
		if method == "" {
			rt.ArgValueError(L, "rrtype", "is invalid", v)
		}
		L.Remove(base + 1)
	case *lua.LFunction:
	default:
		rt.ArgTypeError(L, "rrtype", "of type string", v)
	}
	L.SetTop(base + 1) // (name, callback): resolve passes no options
	return resolverQuery(method)(rt, L, r, base)
}

// resolverReverse is reverse(ip, callback): the PTR names of an address.
func resolverReverse(rt *Runtime, L *lua.LState, r *DNSResolver, base int) int {
	ip := rt.CheckString(L, base, "name")
	cb := rt.CheckFunction(L, base+1, "callback")
	a, err := netip.ParseAddr(ip)
	if err != nil {
		e := rt.dnsError("EINVAL", "getHostByAddr", ip)
		e.RawSetString("errno", lua.LNumber(-22))
		rt.Throw(L, e)
	}
	r.query(rt, reverseName(a), ip, dnsmessage.TypePTR, "getHostByAddr", func(recs []dnsclient.Record) lua.LValue {
		return rt.dnsResult(dnsmessage.TypePTR, recs, false)
	}, cb)
	return 0
}

// reverseName is the in-addr.arpa or ip6.arpa name of a.
func reverseName(a netip.Addr) string {
	a = a.Unmap()
	var sb strings.Builder
	b := a.AsSlice()
	if a.Is4() {
		for i := 3; i >= 0; i-- {
			sb.WriteString(strconv.Itoa(int(b[i])) + ".")
		}
		return sb.String() + "in-addr.arpa"
	}
	const hexd = "0123456789abcdef"
	for i := 15; i >= 0; i-- {
		sb.WriteByte(hexd[b[i]&0xF])
		sb.WriteByte('.')
		sb.WriteByte(hexd[b[i]>>4])
		sb.WriteByte('.')
	}
	return sb.String() + "ip6.arpa"
}

// resolverCancel is cancel(): every query in flight ends with ECANCELLED.
func resolverCancel(rt *Runtime, L *lua.LState, r *DNSResolver, base int) int {
	for cancel := range r.pending {
		(*cancel)()
	}
	return 0
}
