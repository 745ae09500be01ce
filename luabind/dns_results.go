package luabind

import (
	lua "github.com/yuin/gopher-lua"
	"golang.org/x/net/dns/dnsmessage"

	"github.com/netsh/netsh/luabind/internal/dnsclient"
)

// dnsResult is what a resolveX callback gets for the records of type t,
// in Node's shapes: resolve4 strings (or { address, ttl } with ttl),
// resolveMx { exchange, priority }, resolveSoa one table, and so on.
func (rt *Runtime) dnsResult(t dnsmessage.Type, recs []dnsclient.Record, ttl bool) lua.LValue {
	L := rt.L
	if t == dnsmessage.TypeSOA {
		return rt.dnsRecordTable(&recs[0], false)
	}
	out := L.CreateTable(len(recs), 0)
	for i := range recs {
		r := &recs[i]
		var v lua.LValue
		switch r.Type {
		case dnsmessage.TypeA, dnsmessage.TypeAAAA:
			if v = lua.LString(r.Address); ttl || t == dnsclient.TypeALL {
				v = rt.dnsRecordTable(r, t == dnsclient.TypeALL)
			}
		case dnsmessage.TypeCNAME, dnsmessage.TypeNS, dnsmessage.TypePTR:
			if v = lua.LString(r.Value); t == dnsclient.TypeALL {
				v = rt.dnsRecordTable(r, true)
			}
		case dnsmessage.TypeTXT:
			if v = stringArray(L, r.Entries); t == dnsclient.TypeALL {
				v = rt.dnsRecordTable(r, true)
			}
		default:
			v = rt.dnsRecordTable(r, t == dnsclient.TypeALL)
		}
		out.RawSetInt(i+1, v)
	}
	return out
}

func stringArray(L *lua.LState, ss []string) *lua.LTable {
	t := L.CreateTable(len(ss), 0)
	for i, s := range ss {
		t.RawSetInt(i+1, lua.LString(s))
	}
	return t
}

// dnsRecordTable is one record as a table with Node's field names, with
// its type name too for resolveAny.
func (rt *Runtime) dnsRecordTable(r *dnsclient.Record, withType bool) *lua.LTable {
	t := rt.L.CreateTable(0, 8)
	set := func(k string, v lua.LValue) { t.RawSetString(k, v) }
	num := func(k string, n uint32) { t.RawSetString(k, lua.LNumber(n)) }
	switch r.Type {
	case dnsmessage.TypeA, dnsmessage.TypeAAAA:
		set("address", lua.LString(r.Address))
		num("ttl", r.TTL)
	case dnsmessage.TypeCNAME, dnsmessage.TypeNS, dnsmessage.TypePTR:
		set("value", lua.LString(r.Value))
	case dnsmessage.TypeTXT:
		set("entries", stringArray(rt.L, r.Entries))
	case dnsmessage.TypeMX:
		set("exchange", lua.LString(r.Target))
		num("priority", uint32(r.Priority))
	case dnsmessage.TypeSRV:
		set("name", lua.LString(r.Target))
		num("port", uint32(r.Port))
		num("priority", uint32(r.Priority))
		num("weight", uint32(r.Weight))
	case dnsmessage.TypeSOA:
		s := &r.SOA
		set("nsname", lua.LString(s.NSName))
		set("hostmaster", lua.LString(s.Hostmaster))
		num("serial", s.Serial)
		num("refresh", s.Refresh)
		num("retry", s.Retry)
		num("expire", s.Expire)
		num("minttl", s.MinTTL)
	case dnsclient.TypeCAA:
		num("critical", uint32(r.Flags))
		set(r.Tag, lua.LString(r.Value))
	case dnsclient.TypeNAPTR:
		n := &r.NAPTR
		set("flags", lua.LString(n.Flags))
		set("service", lua.LString(n.Service))
		set("regexp", lua.LString(n.Regexp))
		set("replacement", lua.LString(n.Replacement))
		num("order", uint32(n.Order))
		num("preference", uint32(n.Preference))
	}
	if withType {
		set("type", lua.LString(dnsTypeName(r.Type)))
	}
	return t
}

// dnsTypeName is the name of a type resolveAny reports.
func dnsTypeName(t dnsmessage.Type) string {
	switch t {
	case dnsclient.TypeCAA:
		return "CAA"
	case dnsclient.TypeNAPTR:
		return "NAPTR"
	}
	return t.String()[len("Type"):]
}
