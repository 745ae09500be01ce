package luabind

import (
	"errors"
	"strconv"

	lua "github.com/yuin/gopher-lua"

	"github.com/netsh/netsh/luabind/internal/dnsmsg"
)

// ErrDNSMalformed is dns.decode's error for bytes that are not a DNS
// message; the error's offset field is where they stopped being one.
const ErrDNSMalformed = "ERR_DNS_MALFORMED"

// dnsDecode is dns.decode(buf): the message in a string or Buffer as a
// table (docs/dns.md); ERR_DNS_MALFORMED with the offset if it is not one.
func dnsDecode(rt *Runtime, L *lua.LState) int {
	b, ok := rt.toBytes(L.Get(1))
	if !ok {
		rt.ArgTypeError(L, "buf", "of type string or an instance of Buffer", L.Get(1))
	}
	m, err := dnsmsg.Decode(b)
	if err != nil {
		var me *dnsmsg.MalformedError
		errors.As(err, &me)
		e := rt.NewError("Error", ErrDNSMalformed, "Malformed DNS message at byte "+strconv.Itoa(me.Offset)+": "+me.Reason)
		e.RawSetString("offset", lua.LNumber(me.Offset))
		rt.Throw(L, e)
	}
	L.Push(rt.dnsMessageTable(m))
	return 1
}

// dnsMessageTable builds the Lua form of m.
func (rt *Runtime) dnsMessageTable(m *dnsmsg.Message) *lua.LTable {
	L := rt.L
	t := L.CreateTable(0, 6)
	t.RawSetString("id", lua.LNumber(m.ID))
	f := m.Flags
	ft := L.CreateTable(0, 10)
	ft.RawSetString("qr", lua.LBool(f.QR))
	ft.RawSetString("opcode", dnsNameOrNumber(dnsmsg.OpcodeName(f.Opcode), int(f.Opcode)))
	ft.RawSetString("aa", lua.LBool(f.AA))
	ft.RawSetString("tc", lua.LBool(f.TC))
	ft.RawSetString("rd", lua.LBool(f.RD))
	ft.RawSetString("ra", lua.LBool(f.RA))
	ft.RawSetString("z", lua.LBool(f.Z))
	ft.RawSetString("ad", lua.LBool(f.AD))
	ft.RawSetString("cd", lua.LBool(f.CD))
	ft.RawSetString("rcode", dnsNameOrNumber(dnsmsg.RcodeName(f.Rcode), int(f.Rcode)))
	t.RawSetString("flags", ft)
	qs := L.CreateTable(len(m.Questions), 0)
	for i := range m.Questions {
		q := &m.Questions[i]
		qt := L.CreateTable(0, 3)
		qt.RawSetString("name", lua.LString(q.Name))
		qt.RawSetString("type", dnsNameOrNumber(q.Type.String(), int(q.Type)))
		qt.RawSetString("class", dnsNameOrNumber(q.Class.String(), int(q.Class)))
		qs.RawSetInt(i+1, qt)
	}
	t.RawSetString("questions", qs)
	t.RawSetString("answers", rt.dnsRecordsTable(m.Answers))
	t.RawSetString("authorities", rt.dnsRecordsTable(m.Authorities))
	t.RawSetString("additionals", rt.dnsRecordsTable(m.Additionals))
	return t
}

// dnsNameOrNumber is a type's, class's or code's name, or its number for
// one without a name.
func dnsNameOrNumber(name string, n int) lua.LValue {
	if name != "" {
		return lua.LString(name)
	}
	return lua.LNumber(n)
}

func (rt *Runtime) dnsRecordsTable(rs []dnsmsg.Record) *lua.LTable {
	L := rt.L
	t := L.CreateTable(len(rs), 0)
	for i := range rs {
		r := &rs[i]
		rec := L.CreateTable(0, 5)
		rec.RawSetString("name", lua.LString(r.Name))
		rec.RawSetString("type", dnsNameOrNumber(r.Type.String(), int(r.Type)))
		if opt, ok := r.Data.(dnsmsg.OPTData); ok {
			rt.dnsOPTFields(rec, r, opt)
		} else {
			rec.RawSetString("class", dnsNameOrNumber(r.Class.String(), int(r.Class)))
			rec.RawSetString("ttl", lua.LNumber(r.TTL))
			rec.RawSetString("data", rt.dnsDataValue(r.Data))
		}
		t.RawSetInt(i+1, rec)
	}
	return t
}

// dnsOPTFields spells out an OPT record's EDNS0 fields, which it keeps in
// its class and TTL.
func (rt *Runtime) dnsOPTFields(rec *lua.LTable, r *dnsmsg.Record, opt dnsmsg.OPTData) {
	L := rt.L
	h := dnsmsg.OPTHeaderOf(r)
	rec.RawSetString("udpPayloadSize", lua.LNumber(h.UDPSize))
	rec.RawSetString("extendedRcode", lua.LNumber(h.ExtendedRcode))
	rec.RawSetString("version", lua.LNumber(h.Version))
	rec.RawSetString("dnssecOk", lua.LBool(h.DO))
	rec.RawSetString("flags", lua.LNumber(h.Flags))
	opts := L.CreateTable(len(opt.Options), 0)
	for i, o := range opt.Options {
		ot := L.CreateTable(0, 2)
		ot.RawSetString("code", dnsNameOrNumber(dnsmsg.OptionName(o.Code), int(o.Code)))
		ot.RawSetString("data", rt.NewBuffer(o.Data))
		opts.RawSetInt(i+1, ot)
	}
	rec.RawSetString("options", opts)
}

// dnsDataValue is a record's data in its Lua form (docs/dns.md).
func (rt *Runtime) dnsDataValue(d dnsmsg.Data) lua.LValue {
	L := rt.L
	fields := func(kv ...any) *lua.LTable {
		t := L.CreateTable(0, len(kv)/2)
		for i := 0; i < len(kv); i += 2 {
			var v lua.LValue
			switch x := kv[i+1].(type) {
			case string:
				v = lua.LString(x)
			case uint8:
				v = lua.LNumber(x)
			case uint16:
				v = lua.LNumber(x)
			case uint32:
				v = lua.LNumber(x)
			}
			t.RawSetString(kv[i].(string), v)
		}
		return t
	}
	switch v := d.(type) {
	case dnsmsg.AddrData:
		return lua.LString(v.Addr.String())
	case dnsmsg.NameData:
		return lua.LString(v.Name)
	case dnsmsg.MXData:
		return fields("preference", v.Preference, "exchange", v.Exchange)
	case dnsmsg.TXTData:
		t := L.CreateTable(len(v.Strings), 0)
		for i, s := range v.Strings {
			t.RawSetInt(i+1, lua.LString(s))
		}
		return t
	case dnsmsg.SRVData:
		return fields("priority", v.Priority, "weight", v.Weight, "port", v.Port, "target", v.Target)
	case dnsmsg.SOAData:
		return fields("nsname", v.NS, "hostmaster", v.Mbox, "serial", v.Serial, "refresh", v.Refresh,
			"retry", v.Retry, "expire", v.Expire, "minttl", v.MinTTL)
	case dnsmsg.CAAData:
		return fields("flags", v.Flags, "tag", v.Tag, "value", v.Value)
	case dnsmsg.NAPTRData:
		return fields("order", v.Order, "preference", v.Preference, "flags", v.Flags, "service", v.Service,
			"regexp", v.Regexp, "replacement", v.Replacement)
	case dnsmsg.HINFOData:
		return fields("cpu", v.CPU, "os", v.OS)
	case dnsmsg.RawData:
		return rt.NewBuffer(v.Bytes)
	}
	return lua.LNil
}
