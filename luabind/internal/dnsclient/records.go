package dnsclient

import (
	"net/netip"
	"strings"

	"golang.org/x/net/dns/dnsmessage"

	"github.com/netsh/netsh/luabind/internal/dnsmsg"
)

// TypeCAA and TypeNAPTR are the types dnsmessage does not name.
const (
	TypeCAA   dnsmessage.Type = 257
	TypeNAPTR dnsmessage.Type = 35
)

// Record is one answer in the shape Node gives it: which fields are set
// depends on Type.
type Record struct {
	Type dnsmessage.Type
	TTL  uint32

	Address string   // A, AAAA
	Value   string   // CNAME, NS, PTR: the name; CAA: the value
	Entries []string // TXT

	Priority, Weight, Port uint16 // MX (Priority), SRV
	Target                 string // MX's exchange, SRV's name

	SOA   SOA
	Flags uint8 // CAA (critical)
	Tag   string
	NAPTR NAPTR
}

// SOA is resolveSoa's record.
type SOA struct {
	NSName, Hostmaster                     string
	Serial, Refresh, Retry, Expire, MinTTL uint32
}

// NAPTR is resolveNaptr's record.
type NAPTR struct {
	Flags, Service, Regexp, Replacement string
	Order, Preference                   uint16
}

// TypeALL asks for every record (resolveAny's question).
const TypeALL = dnsmessage.TypeALL

// answers turns an answer into its records, or into Node's error for it.
func answers(m *dnsmessage.Message, q dnsmessage.Question) ([]Record, error) {
	switch m.RCode {
	case dnsmessage.RCodeSuccess:
	case dnsmessage.RCodeNameError:
		return nil, &Error{ENOTFOUND}
	case dnsmessage.RCodeServerFailure:
		return nil, &Error{ESERVFAIL}
	case dnsmessage.RCodeRefused:
		return nil, &Error{EREFUSED}
	case dnsmessage.RCodeNotImplemented:
		return nil, &Error{ENOTIMP}
	case dnsmessage.RCodeFormatError:
		return nil, &Error{EFORMERR}
	default:
		return nil, &Error{EBADRESP}
	}
	owner := chainEnd(m.Answers, q)
	var out []Record
	for i := range m.Answers {
		rr := &m.Answers[i]
		if q.Type != TypeALL && (rr.Header.Type != q.Type || !sameName(rr.Header.Name, owner)) {
			continue
		}
		r, ok := record(rr)
		if !ok {
			return nil, &Error{EBADRESP}
		}
		if r.Type != 0 {
			out = append(out, r)
		}
	}
	if len(out) == 0 {
		return nil, &Error{ENODATA}
	}
	return out, nil
}

// chainEnd follows the CNAMEs from q's name to the name whose records
// answer it (q's own name for a CNAME question).
func chainEnd(rrs []dnsmessage.Resource, q dnsmessage.Question) dnsmessage.Name {
	name := q.Name
	if q.Type == dnsmessage.TypeCNAME {
		return name
	}
	for hop := 0; hop < 16; hop++ {
		moved := false
		for i := range rrs {
			if c, ok := rrs[i].Body.(*dnsmessage.CNAMEResource); ok && sameName(rrs[i].Header.Name, name) {
				name, moved = c.CNAME, true
				break
			}
		}
		if !moved {
			break
		}
	}
	return name
}

func sameName(a, b dnsmessage.Name) bool { return strings.EqualFold(a.String(), b.String()) }

// bare is a name as Node gives it: no trailing dot.
func bare(n dnsmessage.Name) string { return strings.TrimSuffix(n.String(), ".") }

// record converts one resource; a type Node does not report (OPT, an
// unknown one in an ANY answer) gives a zero Record. ok is false for a
// CAA or NAPTR record whose data does not parse.
func record(rr *dnsmessage.Resource) (Record, bool) {
	r := Record{Type: rr.Header.Type, TTL: rr.Header.TTL}
	switch b := rr.Body.(type) {
	case *dnsmessage.AResource:
		r.Address = netip.AddrFrom4(b.A).String()
	case *dnsmessage.AAAAResource:
		r.Address = netip.AddrFrom16(b.AAAA).String()
	case *dnsmessage.CNAMEResource:
		r.Value = bare(b.CNAME)
	case *dnsmessage.NSResource:
		r.Value = bare(b.NS)
	case *dnsmessage.PTRResource:
		r.Value = bare(b.PTR)
	case *dnsmessage.MXResource:
		r.Priority, r.Target = b.Pref, bare(b.MX)
	case *dnsmessage.TXTResource:
		r.Entries = b.TXT
	case *dnsmessage.SRVResource:
		r.Priority, r.Weight, r.Port, r.Target = b.Priority, b.Weight, b.Port, bare(b.Target)
	case *dnsmessage.SOAResource:
		r.SOA = SOA{bare(b.NS), bare(b.MBox), b.Serial, b.Refresh, b.Retry, b.Expire, b.MinTTL}
	case *dnsmessage.UnknownResource:
		if b.Type == TypeCAA || b.Type == TypeNAPTR {
			return caaOrNAPTR(r, b.Type, b.Data)
		}
		return Record{}, true
	default:
		return Record{}, true
	}
	return r, true
}

// caaOrNAPTR parses the data of the two types dnsmessage does not know
// with the codec of dns.decode.
func caaOrNAPTR(r Record, t dnsmessage.Type, d []byte) (Record, bool) {
	data, err := dnsmsg.DecodeData(dnsmsg.Type(t), d)
	if err != nil {
		return r, false
	}
	switch v := data.(type) {
	case dnsmsg.CAAData:
		r.Flags, r.Tag, r.Value = v.Flags, v.Tag, v.Value
	case dnsmsg.NAPTRData:
		repl := v.Replacement
		if repl == "." {
			repl = "" // the root, as Node gives it
		}
		r.NAPTR = NAPTR{Flags: v.Flags, Service: v.Service, Regexp: v.Regexp, Replacement: repl,
			Order: v.Order, Preference: v.Preference}
	default:
		return r, false
	}
	return r, true
}
