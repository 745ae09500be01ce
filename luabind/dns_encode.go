package luabind

import (
	"errors"
	"math"
	"net/netip"
	"strconv"
	"strings"

	lua "github.com/yuin/gopher-lua"

	"github.com/netsh/netsh/luabind/internal/dnsmsg"
)

// dnsEncode is dns.encode(message): the wire bytes of a message table, as
// a Buffer. A field of the wrong type or value raises Node's
// ERR_INVALID_ARG_TYPE or ERR_INVALID_ARG_VALUE naming it
// ("message.answers[2].data.exchange").
func dnsEncode(rt *Runtime, L *lua.LState) int {
	t, ok := L.Get(1).(*lua.LTable)
	if !ok {
		rt.ArgTypeError(L, "message", "of type object", L.Get(1))
	}
	r := dnsReader{rt: rt, L: L, section: "message"}
	m := r.message(t)
	b, err := m.Encode()
	if err != nil {
		var ee *dnsmsg.EncodeError
		errors.As(err, &ee)
		rt.ArgValueError(L, "message."+ee.Field, "is invalid: "+ee.Reason, lua.LString(ee.Value))
	}
	L.Push(rt.NewBuffer(b))
	return 1
}

// dnsReader reads a message table into a dnsmsg.Message; where it is
// (section and index) names the field in its errors.
type dnsReader struct {
	rt      *Runtime
	L       *lua.LState
	section string
	index   int // 0: the message itself, not an entry of a section
}

// path names field key of the entry being read.
func (r *dnsReader) path(key string) string {
	if r.index == 0 {
		return r.section + "." + key
	}
	return r.section + "[" + strconv.Itoa(r.index) + "]." + key
}

func (r *dnsReader) message(t *lua.LTable) *dnsmsg.Message {
	m := &dnsmsg.Message{ID: uint16(r.uint(t, "id", 0, math.MaxUint16))}
	if ft := r.table(t, "flags", false); ft != nil {
		r.section = "message.flags"
		r.flags(ft, &m.Flags)
	}
	if qs := r.table(t, "questions", false); qs != nil {
		m.Questions = make([]dnsmsg.Question, qs.Len())
		for i := range m.Questions {
			r.section, r.index = "message.questions", i+1
			q := r.entry(qs)
			m.Questions[i] = dnsmsg.Question{Name: r.str(q, "name", "", true), Type: r.rrType(q), Class: r.class(q)}
		}
	}
	for _, sec := range [...]struct {
		name, path string
		into       *[]dnsmsg.Record
	}{{"answers", "message.answers", &m.Answers}, {"authorities", "message.authorities", &m.Authorities},
		{"additionals", "message.additionals", &m.Additionals}} {
		r.section, r.index = "message", 0
		rs := r.table(t, sec.name, false)
		if rs == nil {
			continue
		}
		n := rs.Len()
		if n == 0 {
			continue
		}
		*sec.into = make([]dnsmsg.Record, n)
		for i := range *sec.into {
			r.section, r.index = sec.path, i+1
			r.record(r.entry(rs), &(*sec.into)[i])
		}
	}
	return m
}

func (r *dnsReader) flags(ft *lua.LTable, f *dnsmsg.Flags) {
	for _, b := range []struct {
		key string
		to  *bool
	}{{"qr", &f.QR}, {"aa", &f.AA}, {"tc", &f.TC}, {"rd", &f.RD}, {"ra", &f.RA}, {"z", &f.Z}, {"ad", &f.AD}, {"cd", &f.CD}} {
		*b.to = r.boolean(ft, b.key)
	}
	f.Opcode = uint8(r.code(ft, "opcode", 15, widen(dnsmsg.ParseOpcode)))
	f.Rcode = uint8(r.code(ft, "rcode", 15, widen(dnsmsg.ParseRcode)))
}

// widen adapts a parser of 4-bit codes to code's signature.
func widen(parse func(string) (uint8, bool)) func(string) (uint16, bool) {
	return func(s string) (uint16, bool) {
		n, ok := parse(s)
		return uint16(n), ok
	}
}

// entry is the entry being read (r.index) of a section, which must be a
// table.
func (r *dnsReader) entry(sec *lua.LTable) *lua.LTable {
	v := sec.RawGetInt(r.index)
	t, ok := v.(*lua.LTable)
	if !ok {
		r.rt.ArgTypeError(r.L, "."+r.section+"["+strconv.Itoa(r.index)+"]", "of type object", v)
	}
	return t
}

func (r *dnsReader) record(t *lua.LTable, rec *dnsmsg.Record) {
	rec.Type = r.rrType(t)
	if rec.Type == dnsmsg.TypeOPT {
		r.opt(t, rec)
		return
	}
	rec.Name = r.str(t, "name", "", true)
	rec.Class = r.class(t)
	rec.TTL = uint32(r.uint(t, "ttl", 0, math.MaxUint32))
	rec.Data = r.data(t, rec.Type)
}

// opt reads an OPT record's EDNS0 fields, which go in its class and TTL.
func (r *dnsReader) opt(t *lua.LTable, rec *dnsmsg.Record) {
	rec.Name = r.str(t, "name", ".", false)
	dnsmsg.OPTHeader{
		UDPSize:       uint16(r.uint(t, "udpPayloadSize", 1232, math.MaxUint16)),
		ExtendedRcode: uint8(r.uint(t, "extendedRcode", 0, 255)),
		Version:       uint8(r.uint(t, "version", 0, 255)),
		DO:            r.boolean(t, "dnssecOk"),
		Flags:         uint16(r.uint(t, "flags", 0, 0x7FFF)),
	}.Set(rec)
	var opts []dnsmsg.Option
	if ot := r.table(t, "options", false); ot != nil {
		opts = make([]dnsmsg.Option, ot.Len())
		sub := dnsReader{rt: r.rt, L: r.L, section: r.path("options")}
		for i := range opts {
			sub.index = i + 1
			o := sub.entry(ot)
			opts[i].Code = uint16(sub.code(o, "code", math.MaxUint16, dnsmsg.ParseOption))
			if d := o.RawGetString("data"); d != lua.LNil {
				b, ok := r.rt.toBytes(d)
				if !ok {
					r.rt.ArgTypeError(r.L, "."+sub.path("data"), "of type string or an instance of Buffer", d)
				}
				opts[i].Data = b
			}
		}
	}
	rec.Data = dnsmsg.OPTData{Options: opts}
}

// rrType reads a type: a name ("MX", "TYPE65280") or a number.
func (r *dnsReader) rrType(t *lua.LTable) dnsmsg.Type {
	if t.RawGetString("type") == lua.LNil {
		r.rt.ArgTypeError(r.L, "."+r.path("type"), "of type string or number", lua.LNil)
	}
	return dnsmsg.Type(r.code(t, "type", math.MaxUint16, func(s string) (uint16, bool) {
		ty, ok := dnsmsg.ParseType(s)
		if !ok {
			return rfc3597(s, "TYPE")
		}
		return uint16(ty), ok
	}))
}

func (r *dnsReader) class(t *lua.LTable) dnsmsg.Class {
	if t.RawGetString("class") == lua.LNil {
		return dnsmsg.ClassIN
	}
	return dnsmsg.Class(r.code(t, "class", math.MaxUint16, func(s string) (uint16, bool) {
		c, ok := dnsmsg.ParseClass(s)
		if !ok {
			return rfc3597(s, "CLASS")
		}
		return uint16(c), ok
	}))
}

// rfc3597 reads the generic TYPEnnn / CLASSnnn spelling.
func rfc3597(s, prefix string) (uint16, bool) {
	if !strings.HasPrefix(s, prefix) {
		return 0, false
	}
	n, err := strconv.ParseUint(s[len(prefix):], 10, 16)
	return uint16(n), err == nil
}

// code reads a field that is a name (looked up with parse) or a number
// up to max; absent, it is 0.
func (r *dnsReader) code(t *lua.LTable, key string, max float64, parse func(string) (uint16, bool)) int {
	switch v := t.RawGetString(key).(type) {
	case *lua.LNilType:
		return 0
	case lua.LString:
		n, ok := parse(string(v))
		if !ok {
			r.rt.ArgValueError(r.L, r.path(key), "is not a known name", v)
		}
		return int(n)
	case lua.LNumber:
		return int(r.checkUint(v, key, max))
	default:
		r.rt.ArgTypeError(r.L, "."+r.path(key), "of type string or number", v)
	}
	return 0
}

func (r *dnsReader) table(t *lua.LTable, key string, required bool) *lua.LTable {
	switch v := t.RawGetString(key).(type) {
	case *lua.LTable:
		return v
	case *lua.LNilType:
		if !required {
			return nil
		}
	}
	r.rt.ArgTypeError(r.L, "."+r.path(key), "of type object", t.RawGetString(key))
	return nil
}

func (r *dnsReader) str(t *lua.LTable, key, def string, required bool) string {
	switch v := t.RawGetString(key).(type) {
	case lua.LString:
		return string(v)
	case *lua.LNilType:
		if !required {
			return def
		}
	}
	r.rt.ArgTypeError(r.L, "."+r.path(key), "of type string", t.RawGetString(key))
	return ""
}

func (r *dnsReader) boolean(t *lua.LTable, key string) bool {
	switch v := t.RawGetString(key).(type) {
	case lua.LBool:
		return bool(v)
	case *lua.LNilType:
		return false
	}
	r.rt.ArgTypeError(r.L, "."+r.path(key), "of type boolean", t.RawGetString(key))
	return false
}

func (r *dnsReader) uint(t *lua.LTable, key string, def, max float64) float64 {
	switch v := t.RawGetString(key).(type) {
	case lua.LNumber:
		return r.checkUint(v, key, max)
	case *lua.LNilType:
		return def
	}
	r.rt.ArgTypeError(r.L, "."+r.path(key), "of type number", t.RawGetString(key))
	return 0
}

func (r *dnsReader) checkUint(v lua.LNumber, key string, max float64) float64 {
	f := float64(v)
	if f != math.Trunc(f) {
		r.rt.OutOfRange(r.L, r.path(key), "an integer", v)
	}
	if f < 0 || f > max {
		r.rt.OutOfRange(r.L, r.path(key), ">= 0 && <= "+strconv.FormatFloat(max, 'f', -1, 64), v)
	}
	return f
}

// addr reads an A or AAAA record's address.
func (r *dnsReader) addr(v lua.LValue, t dnsmsg.Type) dnsmsg.Data {
	s, ok := v.(lua.LString)
	if !ok {
		r.rt.ArgTypeError(r.L, "."+r.path("data"), "of type string", v)
	}
	a, err := netip.ParseAddr(string(s))
	if err != nil || (t == dnsmsg.TypeA) != a.Is4() {
		want := "an IPv4 address"
		if t == dnsmsg.TypeAAAA {
			want = "an IPv6 address"
		}
		r.rt.ArgValueError(r.L, r.path("data"), "must be "+want, v)
	}
	return dnsmsg.AddrData{Addr: a}
}
