package dnsmsg

import (
	"encoding/binary"
	"strconv"
)

// rdata writes a record's data; its Go type must be the one for the
// record's type (any type takes RawData).
func (e *encoder) rdata(t Type, data Data) error {
	switch v := data.(type) {
	case RawData:
		e.b = append(e.b, v.Bytes...)
		return nil
	case nil:
		return e.fail("data", "", "the record has no data")
	}
	if want := DataFor(t); want != typeOf(data) {
		return e.fail("data", typeOf(data), "a "+typeName(t)+" record's data must be "+want)
	}
	switch v := data.(type) {
	case AddrData:
		return e.addr(t, v)
	case NameData:
		return e.name(v.Name, false, "data")
	case MXData:
		e.b = binary.BigEndian.AppendUint16(e.b, v.Preference)
		return e.name(v.Exchange, false, "data.exchange")
	case TXTData:
		for i, s := range v.Strings {
			if err := e.str(s, "data["+strconv.Itoa(i+1)+"]"); err != nil {
				return err
			}
		}
	case SRVData:
		e.b = binary.BigEndian.AppendUint16(e.b, v.Priority)
		e.b = binary.BigEndian.AppendUint16(e.b, v.Weight)
		e.b = binary.BigEndian.AppendUint16(e.b, v.Port)
		return e.name(v.Target, false, "data.target")
	case SOAData:
		if err := e.name(v.NS, false, "data.nsname"); err != nil {
			return err
		}
		if err := e.name(v.Mbox, false, "data.hostmaster"); err != nil {
			return err
		}
		for _, n := range [5]uint32{v.Serial, v.Refresh, v.Retry, v.Expire, v.MinTTL} {
			e.b = binary.BigEndian.AppendUint32(e.b, n)
		}
	case CAAData:
		e.b = append(e.b, v.Flags)
		if err := e.str(v.Tag, "data.tag"); err != nil {
			return err
		}
		e.b = append(e.b, v.Value...)
	case NAPTRData:
		e.b = binary.BigEndian.AppendUint16(e.b, v.Order)
		e.b = binary.BigEndian.AppendUint16(e.b, v.Preference)
		for _, f := range [3]struct{ s, name string }{{v.Flags, "flags"}, {v.Service, "service"}, {v.Regexp, "regexp"}} {
			if err := e.str(f.s, "data."+f.name); err != nil {
				return err
			}
		}
		return e.name(v.Replacement, false, "data.replacement")
	case HINFOData:
		if err := e.str(v.CPU, "data.cpu"); err != nil {
			return err
		}
		return e.str(v.OS, "data.os")
	case OPTData:
		for i, o := range v.Options {
			if len(o.Data) > 0xFFFF {
				return e.fail("options["+strconv.Itoa(i+1)+"].data", strconv.Itoa(len(o.Data))+" bytes", "an option's data is at most 65535 bytes")
			}
			e.b = binary.BigEndian.AppendUint16(e.b, o.Code)
			e.b = binary.BigEndian.AppendUint16(e.b, uint16(len(o.Data)))
			e.b = append(e.b, o.Data...)
		}
	}
	return nil
}

func (e *encoder) addr(t Type, v AddrData) error {
	switch {
	case t == TypeA && v.Addr.Is4():
		a := v.Addr.As4()
		e.b = append(e.b, a[:]...)
	case t == TypeAAAA && v.Addr.IsValid() && !v.Addr.Is4():
		a := v.Addr.As16()
		e.b = append(e.b, a[:]...)
	default:
		want := "an IPv4 address"
		if t == TypeAAAA {
			want = "an IPv6 address"
		}
		return e.fail("data", v.Addr.String(), "an "+typeName(t)+" record's data must be "+want)
	}
	return nil
}

// str writes a character string: a length byte, then the bytes.
func (e *encoder) str(s, field string) error {
	if len(s) > 255 {
		return e.fail(field, s, "a character string is at most 255 bytes")
	}
	e.b = append(e.b, byte(len(s)))
	e.b = append(e.b, s...)
	return nil
}

// DataFor reports which Data a record of type t decodes to, as the name
// of its Go type ("MXData"); "RawData" for a type kept as bytes.
func DataFor(t Type) string {
	switch t {
	case TypeA, TypeAAAA:
		return "AddrData"
	case TypeNS, TypeCNAME, TypePTR, TypeDNAME:
		return "NameData"
	case TypeMX:
		return "MXData"
	case TypeTXT, TypeSPF:
		return "TXTData"
	case TypeSRV:
		return "SRVData"
	case TypeSOA:
		return "SOAData"
	case TypeCAA:
		return "CAAData"
	case TypeNAPTR:
		return "NAPTRData"
	case TypeHINFO:
		return "HINFOData"
	case TypeOPT:
		return "OPTData"
	}
	return "RawData"
}

func typeOf(d Data) string {
	switch d.(type) {
	case AddrData:
		return "AddrData"
	case NameData:
		return "NameData"
	case MXData:
		return "MXData"
	case TXTData:
		return "TXTData"
	case SRVData:
		return "SRVData"
	case SOAData:
		return "SOAData"
	case CAAData:
		return "CAAData"
	case NAPTRData:
		return "NAPTRData"
	case HINFOData:
		return "HINFOData"
	case OPTData:
		return "OPTData"
	}
	return "RawData"
}

// typeName is t's name, or TYPEn (RFC 3597) for one without a name.
func typeName(t Type) string {
	if s := t.String(); s != "" {
		return s
	}
	return "TYPE" + strconv.Itoa(int(t))
}
