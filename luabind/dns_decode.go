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

// The shapes decode's tables take (built with recordTable, record_table.go).
var (
	dnsMessageKeys  = newFieldKeys("id", "flags", "questions", "answers", "authorities", "additionals")
	dnsFlagsKeys    = newFieldKeys("qr", "opcode", "aa", "tc", "rd", "ra", "z", "ad", "cd", "rcode")
	dnsQuestionKeys = newFieldKeys("name", "type", "class")
	dnsRecordKeys   = newFieldKeys("name", "type", "class", "ttl", "data")
	dnsOPTKeys      = newFieldKeys("name", "type", "udpPayloadSize", "extendedRcode", "version", "dnssecOk", "flags", "options")
	dnsOptionKeys   = newFieldKeys("code", "data")
	dnsMXKeys       = newFieldKeys("preference", "exchange")
	dnsSRVKeys      = newFieldKeys("priority", "weight", "port", "target")
	dnsSOAKeys      = newFieldKeys("nsname", "hostmaster", "serial", "refresh", "retry", "expire", "minttl")
	dnsCAAKeys      = newFieldKeys("flags", "tag", "value")
	dnsNAPTRKeys    = newFieldKeys("order", "preference", "flags", "service", "regexp", "replacement")
	dnsHINFOKeys    = newFieldKeys("cpu", "os")
)

// dnsMessageTable builds the Lua form of m.
func (rt *Runtime) dnsMessageTable(m *dnsmsg.Message) *lua.LTable {
	L := rt.L
	var vals [10]lua.LValue
	flags := dnsFlagsTable(&m.Flags, vals[:0])
	qs := L.CreateTable(len(m.Questions), 0)
	for i := range m.Questions {
		q := &m.Questions[i]
		qs.RawSetInt(i+1, recordTable(dnsQuestionKeys, append(vals[:0], lua.LString(q.Name),
			dnsTypeValue(q.Type), dnsClassValue(q.Class))))
	}
	return recordTable(dnsMessageKeys, append(vals[:0], rt.num(float64(m.ID)), flags, qs,
		rt.dnsRecordsTable(m.Answers), rt.dnsRecordsTable(m.Authorities), rt.dnsRecordsTable(m.Additionals)))
}

// dnsFlagsTable builds a message's flags: the seven every message has,
// and z, ad and cd only when set. Ten keys are past Go's small map, which
// doubles a table's allocations, and most messages set none of the three.
func dnsFlagsTable(f *dnsmsg.Flags, vals []lua.LValue) *lua.LTable {
	vals = append(vals, lua.LBool(f.QR), dnsOpcodeVals[f.Opcode], lua.LBool(f.AA), lua.LBool(f.TC),
		lua.LBool(f.RD), lua.LBool(f.RA))
	if !f.Z && !f.AD && !f.CD {
		return recordTable(dnsFlagsCommonKeys, append(vals, dnsRcodeVals[f.Rcode]))
	}
	return recordTable(dnsFlagsKeys, append(vals, trueOrNil(f.Z), trueOrNil(f.AD), trueOrNil(f.CD), dnsRcodeVals[f.Rcode]))
}

// trueOrNil is a flag present only when set: nil leaves its key out.
func trueOrNil(set bool) lua.LValue {
	if set {
		return lua.LTrue
	}
	return lua.LNil
}

// dnsFlagsCommonKeys is the flags' shape without z, ad and cd, its keys
// in the order of the full one.
var dnsFlagsCommonKeys = newFieldKeys("qr", "opcode", "aa", "tc", "rd", "ra", "rcode")

// dnsNameOrNumber is a type's, class's or code's name, or its number for
// one without a name. The names are boxed once (dnsNames), not per record.
func dnsNameOrNumber(name string, n int) lua.LValue {
	if name != "" {
		if v, ok := dnsNames[name]; ok {
			return v
		}
		return lua.LString(name)
	}
	return lua.LNumber(n)
}

// The Lua values of the codes below 256 (every opcode and rcode, which
// are uint8s, and the types and classes in use), boxed at start-up so
// decoding one is an index, not two map lookups.
var (
	dnsTypeVals, dnsClassVals, dnsOpcodeVals, dnsRcodeVals [256]lua.LValue
)

func init() {
	for i := 0; i < 256; i++ {
		dnsTypeVals[i] = dnsNameOrNumber(dnsmsg.Type(i).String(), i)
		dnsClassVals[i] = dnsNameOrNumber(dnsmsg.Class(i).String(), i)
		dnsOpcodeVals[i] = dnsNameOrNumber(dnsmsg.OpcodeName(uint8(i)), i)
		dnsRcodeVals[i] = dnsNameOrNumber(dnsmsg.RcodeName(uint8(i)), i)
	}
}

func dnsTypeValue(t dnsmsg.Type) lua.LValue {
	if t < 256 {
		return dnsTypeVals[t]
	}
	return dnsNameOrNumber(t.String(), int(t))
}

func dnsClassValue(c dnsmsg.Class) lua.LValue {
	if c < 256 {
		return dnsClassVals[c]
	}
	return dnsNameOrNumber(c.String(), int(c))
}

// dnsNames holds the names decode gives most, each boxed as a Lua value
// once: a Lua string is immutable, so every runtime may share them.
var dnsNames = func() map[string]lua.LValue {
	m := map[string]lua.LValue{}
	for _, n := range []string{"A", "AAAA", "NS", "CNAME", "SOA", "PTR", "MX", "TXT", "SRV", "OPT", "ANY", "CAA",
		"NAPTR", "HINFO", "DNAME", "SPF", "IN", "CH", "QUERY", "NOERROR", "NXDOMAIN", "SERVFAIL", "REFUSED", "COOKIE"} {
		m[n] = lua.LString(n)
	}
	return m
}()

func (rt *Runtime) dnsRecordsTable(rs []dnsmsg.Record) *lua.LTable {
	L := rt.L
	t := L.CreateTable(len(rs), 0)
	for i := range rs {
		r := &rs[i]
		var rec *lua.LTable
		if opt, ok := r.Data.(dnsmsg.OPTData); ok {
			rec = rt.dnsOPTTable(r, opt)
		} else {
			rec = recordTable(dnsRecordKeys, []lua.LValue{lua.LString(r.Name), dnsTypeValue(r.Type),
				dnsClassValue(r.Class), rt.num(float64(r.TTL)), rt.dnsDataValue(r.Data)})
		}
		t.RawSetInt(i+1, rec)
	}
	return t
}

// dnsOPTTable spells out an OPT record's EDNS0 fields, which it keeps in
// its class and TTL.
func (rt *Runtime) dnsOPTTable(r *dnsmsg.Record, opt dnsmsg.OPTData) *lua.LTable {
	h := dnsmsg.OPTHeaderOf(r)
	opts := rt.L.CreateTable(len(opt.Options), 0)
	for i, o := range opt.Options {
		opts.RawSetInt(i+1, recordTable(dnsOptionKeys, []lua.LValue{
			dnsNameOrNumber(dnsmsg.OptionName(o.Code), int(o.Code)), rt.NewBuffer(o.Data)}))
	}
	return recordTable(dnsOPTKeys, []lua.LValue{lua.LString(r.Name), dnsNames["OPT"], rt.num(float64(h.UDPSize)),
		rt.num(float64(h.ExtendedRcode)), rt.num(float64(h.Version)), lua.LBool(h.DO), rt.num(float64(h.Flags)), opts})
}

// dnsDataValue is a record's data in its Lua form (docs/dns.md).
func (rt *Runtime) dnsDataValue(d dnsmsg.Data) lua.LValue {
	str := func(s string) lua.LValue { return lua.LString(s) }
	n := func(x uint32) lua.LValue { return rt.num(float64(x)) }
	switch v := d.(type) {
	case dnsmsg.AddrData:
		return lua.LString(v.Addr.String())
	case dnsmsg.NameData:
		return lua.LString(v.Name)
	case dnsmsg.MXData:
		return recordTable(dnsMXKeys, []lua.LValue{n(uint32(v.Preference)), str(v.Exchange)})
	case dnsmsg.TXTData:
		t := rt.L.CreateTable(len(v.Strings), 0)
		for i, s := range v.Strings {
			t.RawSetInt(i+1, lua.LString(s))
		}
		return t
	case dnsmsg.SRVData:
		return recordTable(dnsSRVKeys, []lua.LValue{n(uint32(v.Priority)), n(uint32(v.Weight)), n(uint32(v.Port)), str(v.Target)})
	case dnsmsg.SOAData:
		return recordTable(dnsSOAKeys, []lua.LValue{str(v.NS), str(v.Mbox), n(v.Serial), n(v.Refresh), n(v.Retry), n(v.Expire), n(v.MinTTL)})
	case dnsmsg.CAAData:
		return recordTable(dnsCAAKeys, []lua.LValue{n(uint32(v.Flags)), str(v.Tag), str(v.Value)})
	case dnsmsg.NAPTRData:
		return recordTable(dnsNAPTRKeys, []lua.LValue{n(uint32(v.Order)), n(uint32(v.Preference)), str(v.Flags),
			str(v.Service), str(v.Regexp), str(v.Replacement)})
	case dnsmsg.HINFOData:
		return recordTable(dnsHINFOKeys, []lua.LValue{str(v.CPU), str(v.OS)})
	case dnsmsg.RawData:
		return rt.NewBuffer(v.Bytes)
	}
	return lua.LNil
}
