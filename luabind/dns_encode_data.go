package luabind

import (
	"math"
	"strconv"

	lua "github.com/yuin/gopher-lua"

	"github.com/netsh/netsh/luabind/internal/dnsmsg"
)

// data reads a record's data in the form its type takes (docs/dns.md);
// a Buffer is the raw RDATA for any type.
func (r *dnsReader) data(t *lua.LTable, ty dnsmsg.Type) dnsmsg.Data {
	v := t.RawGetString("data")
	if ud, ok := v.(*lua.LUserData); ok {
		if b, ok := ud.Value.(*Buffer); ok {
			return dnsmsg.RawData{Bytes: b.B}
		}
	}
	switch ty {
	case dnsmsg.TypeA, dnsmsg.TypeAAAA:
		return r.addr(v, ty)
	case dnsmsg.TypeNS, dnsmsg.TypeCNAME, dnsmsg.TypePTR, dnsmsg.TypeDNAME:
		return dnsmsg.NameData{Name: r.str(t, "data", "", true)}
	case dnsmsg.TypeTXT, dnsmsg.TypeSPF:
		return r.txt(v)
	}
	if dnsmsg.DataFor(ty) == "RawData" {
		s, ok := v.(lua.LString)
		if !ok {
			r.rt.ArgTypeError(r.L, "."+r.path("data"), "of type string or an instance of Buffer", v)
		}
		return dnsmsg.RawData{Bytes: []byte(s)}
	}
	d := r.table(t, "data", true)
	sub := dnsReader{rt: r.rt, L: r.L, section: r.path("data")}
	str := func(key string, def string, required bool) string { return sub.str(d, key, def, required) }
	u16 := func(key string) uint16 { return uint16(sub.uint(d, key, 0, math.MaxUint16)) }
	u32 := func(key string) uint32 { return uint32(sub.uint(d, key, 0, math.MaxUint32)) }
	switch ty {
	case dnsmsg.TypeMX:
		return dnsmsg.MXData{Preference: u16("preference"), Exchange: str("exchange", "", true)}
	case dnsmsg.TypeSRV:
		return dnsmsg.SRVData{Priority: u16("priority"), Weight: u16("weight"), Port: u16("port"), Target: str("target", "", true)}
	case dnsmsg.TypeSOA:
		return dnsmsg.SOAData{NS: str("nsname", "", true), Mbox: str("hostmaster", "", true), Serial: u32("serial"),
			Refresh: u32("refresh"), Retry: u32("retry"), Expire: u32("expire"), MinTTL: u32("minttl")}
	case dnsmsg.TypeCAA:
		return dnsmsg.CAAData{Flags: uint8(sub.uint(d, "flags", 0, 255)), Tag: str("tag", "", true), Value: str("value", "", true)}
	case dnsmsg.TypeNAPTR:
		return dnsmsg.NAPTRData{Order: u16("order"), Preference: u16("preference"), Flags: str("flags", "", false),
			Service: str("service", "", false), Regexp: str("regexp", "", false), Replacement: str("replacement", ".", false)}
	case dnsmsg.TypeHINFO:
		return dnsmsg.HINFOData{CPU: str("cpu", "", true), OS: str("os", "", true)}
	}
	return nil
}

// txt reads TXT data: an array of strings, or one string.
func (r *dnsReader) txt(v lua.LValue) dnsmsg.Data {
	switch x := v.(type) {
	case lua.LString:
		return dnsmsg.TXTData{Strings: []string{string(x)}}
	case *lua.LTable:
		ss := make([]string, x.Len())
		for i := range ss {
			s, ok := x.RawGetInt(i + 1).(lua.LString)
			if !ok {
				r.rt.ArgTypeError(r.L, "."+r.path("data["+strconv.Itoa(i+1)+"]"), "of type string", x.RawGetInt(i+1))
			}
			ss[i] = string(s)
		}
		return dnsmsg.TXTData{Strings: ss}
	}
	r.rt.ArgTypeError(r.L, "."+r.path("data"), "of type string or an array of strings", v)
	return nil
}
