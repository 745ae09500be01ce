package dnsmsg

// Record types this package names (and, for some, types; see Data).
const (
	TypeA     Type = 1
	TypeNS    Type = 2
	TypeCNAME Type = 5
	TypeSOA   Type = 6
	TypePTR   Type = 12
	TypeHINFO Type = 13
	TypeMX    Type = 15
	TypeTXT   Type = 16
	TypeAAAA  Type = 28
	TypeSRV   Type = 33
	TypeNAPTR Type = 35
	TypeDNAME Type = 39
	TypeOPT   Type = 41
	TypeSPF   Type = 99
	TypeANY   Type = 255
	TypeCAA   Type = 257
)

// ClassIN is the Internet class, the one nearly every record has.
const ClassIN Class = 1

// nameTable is a two-way table between numbers and their names.
type nameTable struct {
	byNum  map[uint16]string
	byName map[string]uint16
}

func newTable(pairs map[string]uint16) nameTable {
	t := nameTable{byNum: make(map[uint16]string, len(pairs)), byName: pairs}
	for name, n := range pairs {
		t.byNum[n] = name
	}
	return t
}

var (
	types = newTable(map[string]uint16{
		"A": 1, "NS": 2, "MD": 3, "MF": 4, "CNAME": 5, "SOA": 6, "MB": 7, "MG": 8, "MR": 9,
		"NULL": 10, "WKS": 11, "PTR": 12, "HINFO": 13, "MINFO": 14, "MX": 15, "TXT": 16,
		"RP": 17, "AFSDB": 18, "SIG": 24, "KEY": 25, "AAAA": 28, "LOC": 29, "SRV": 33,
		"NAPTR": 35, "KX": 36, "CERT": 37, "DNAME": 39, "OPT": 41, "APL": 42, "DS": 43,
		"SSHFP": 44, "IPSECKEY": 45, "RRSIG": 46, "NSEC": 47, "DNSKEY": 48, "DHCID": 49,
		"NSEC3": 50, "NSEC3PARAM": 51, "TLSA": 52, "SMIMEA": 53, "HIP": 55, "CDS": 59,
		"CDNSKEY": 60, "OPENPGPKEY": 61, "CSYNC": 62, "ZONEMD": 63, "SVCB": 64, "HTTPS": 65,
		"SPF": 99, "TKEY": 249, "TSIG": 250, "IXFR": 251, "AXFR": 252, "ANY": 255,
		"URI": 256, "CAA": 257,
	})
	classes  = newTable(map[string]uint16{"IN": 1, "CS": 2, "CH": 3, "HS": 4, "NONE": 254, "ANY": 255})
	opcodes  = newTable(map[string]uint16{"QUERY": 0, "IQUERY": 1, "STATUS": 2, "NOTIFY": 4, "UPDATE": 5, "DSO": 6})
	rcodes   = newTable(map[string]uint16{"NOERROR": 0, "FORMERR": 1, "SERVFAIL": 2, "NXDOMAIN": 3, "NOTIMP": 4, "REFUSED": 5, "YXDOMAIN": 6, "YXRRSET": 7, "NXRRSET": 8, "NOTAUTH": 9, "NOTZONE": 10})
	optCodes = newTable(map[string]uint16{
		"LLQ": 1, "UL": 2, "NSID": 3, "DAU": 5, "DHU": 6, "N3U": 7, "CLIENT_SUBNET": 8,
		"EXPIRE": 9, "COOKIE": 10, "KEEPALIVE": 11, "PADDING": 12, "CHAIN": 13,
		"KEY_TAG": 14, "EDE": 15,
	})
)

// String is the type's name ("MX"), or "" for a type without one.
func (t Type) String() string { return types.byNum[uint16(t)] }

// String is the class's name ("IN"), or "" for a class without one.
func (c Class) String() string { return classes.byNum[uint16(c)] }

// ParseType is the type named name ("MX"); ok is false for an unknown name.
func ParseType(name string) (Type, bool) {
	n, ok := types.byName[name]
	return Type(n), ok
}

// ParseClass is the class named name ("IN").
func ParseClass(name string) (Class, bool) {
	n, ok := classes.byName[name]
	return Class(n), ok
}

// OpcodeName is the name of an opcode ("QUERY"), or "".
func OpcodeName(op uint8) string { return opcodes.byNum[uint16(op)] }

// ParseOpcode is the opcode named name.
func ParseOpcode(name string) (uint8, bool) {
	n, ok := opcodes.byName[name]
	return uint8(n), ok
}

// RcodeName is the name of a 4-bit response code ("NXDOMAIN"), or "".
func RcodeName(rc uint8) string { return rcodes.byNum[uint16(rc)] }

// ParseRcode is the response code named name.
func ParseRcode(name string) (uint8, bool) {
	n, ok := rcodes.byName[name]
	return uint8(n), ok
}

// OptionName is the name of an EDNS0 option code ("COOKIE"), or "".
func OptionName(code uint16) string { return optCodes.byNum[code] }

// ParseOption is the EDNS0 option code named name.
func ParseOption(name string) (uint16, bool) {
	n, ok := optCodes.byName[name]
	return n, ok
}
