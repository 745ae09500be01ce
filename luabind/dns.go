package luabind

import (
	lua "github.com/yuin/gopher-lua"
)

// dnsCodes are Node's dns error-code constants (dns.NOTFOUND, ...).
var dnsCodes = map[string]string{
	"NODATA": "ENODATA", "FORMERR": "EFORMERR", "SERVFAIL": "ESERVFAIL", "NOTFOUND": "ENOTFOUND",
	"NOTIMP": "ENOTIMP", "REFUSED": "EREFUSED", "BADQUERY": "EBADQUERY", "BADNAME": "EBADNAME",
	"BADFAMILY": "EBADFAMILY", "BADRESP": "EBADRESP", "CONNREFUSED": "ECONNREFUSED",
	"TIMEOUT": "ETIMEOUT", "EOF": "EOF", "FILE": "EFILE", "NOMEM": "ENOMEM",
	"DESTRUCTION": "EDESTRUCTION", "BADSTR": "EBADSTR", "BADFLAGS": "EBADFLAGS",
	"NONAME": "ENONAME", "BADHINTS": "EBADHINTS", "NOTINITIALIZED": "ENOTINITIALIZED",
	"LOADIPHLPAPI": "ELOADIPHLPAPI", "ADDRGETNETWORKPARAMS": "EADDRGETNETWORKPARAMS",
	"CANCELLED": "ECANCELLED",
}

// openDNS builds the dns module: Node's lookup, lookupService, Resolver
// and the resolve functions of a default resolver (dns_resolver.go), and
// netsh's codec, encode and decode (dns_encode.go, dns_decode.go).
func openDNS(rt *Runtime) (lua.LValue, error) {
	L := rt.L
	m := L.NewTable()
	def := rt.newResolver(L, lua.LNil)
	for name, fn := range resolverMethods {
		fn := fn
		if name != "cancel" && name != "setLocalAddress" {
			m.RawSetString(name, L.NewFunction(func(L *lua.LState) int { return fn(rt, L, def, 1) }))
		}
	}
	for name := range dnsQueries {
		fn := resolverQuery(name)
		m.RawSetString(name, L.NewFunction(func(L *lua.LState) int { return fn(rt, L, def, 1) }))
	}
	order := "verbatim"
	m.RawSetString("lookup", L.NewFunction(func(L *lua.LState) int { return rt.dnsLookup(L, order) }))
	m.RawSetString("lookupService", L.NewFunction(rt.dnsLookupService))
	m.RawSetString("setDefaultResultOrder", L.NewFunction(func(L *lua.LState) int {
		s, ok := L.Get(1).(lua.LString)
		if !ok || !validOrder(string(s)) {
			rt.ArgValueError(L, "dnsOrder", "must be one of: "+resultOrders, L.Get(1))
		}
		order = string(s)
		return 0
	}))
	m.RawSetString("getDefaultResultOrder", L.NewFunction(func(L *lua.LState) int {
		L.Push(lua.LString(order))
		return 1
	}))
	m.RawSetString("Resolver", rt.dnsResolverClass())
	m.RawSetString("encode", L.NewFunction(func(L *lua.LState) int { return dnsEncode(rt, L) }))
	m.RawSetString("decode", L.NewFunction(func(L *lua.LState) int { return dnsDecode(rt, L) }))
	for k, v := range dnsCodes {
		m.RawSetString(k, lua.LString(v))
	}
	m.RawSetString("ADDRCONFIG", lua.LNumber(hintAddrConfig))
	m.RawSetString("V4MAPPED", lua.LNumber(hintV4Mapped))
	m.RawSetString("ALL", lua.LNumber(hintAll))
	return m, nil
}

// dnsResolverClass is dns.Resolver: callable, and with .new, as
// net.Socket is.
func (rt *Runtime) dnsResolverClass() *lua.LTable {
	return rt.constructor("Resolver", func(L *lua.LState) int {
		L.Push(rt.newResolver(L, L.Get(1)).UD)
		return 1
	})
}

func init() { Register(Module{Name: "dns", Open: openDNS}) }
