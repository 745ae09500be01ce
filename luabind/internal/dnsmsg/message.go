// Package dnsmsg reads and writes DNS messages (RFC 1035, with EDNS0 from
// RFC 6891): the codec behind Lua's dns.encode and dns.decode. It knows
// nothing of Lua.
//
// Names are in presentation form: labels joined by dots, no trailing dot,
// "." for the root; a dot or backslash inside a label is escaped with a
// backslash and a byte outside '!'..'~' as \DDD, as dig writes them, so
// that any name on the wire decodes to a string that encodes back to it.
// Decoding is strict: every length is checked against the bytes there
// are, a compression pointer must point before the name it continues
// (so a pointer cycle cannot loop), and a malformed message is an error
// that gives the offset of the bad byte, never a panic.
package dnsmsg

import "net/netip"

// Message is one DNS message.
type Message struct {
	ID          uint16
	Flags       Flags
	Questions   []Question
	Answers     []Record
	Authorities []Record
	Additionals []Record
}

// Flags are the header's bit fields.
type Flags struct {
	QR     bool  // a response
	Opcode uint8 // 4 bits: 0 QUERY, 1 IQUERY, 2 STATUS, 4 NOTIFY, 5 UPDATE
	AA     bool  // authoritative answer
	TC     bool  // truncated
	RD     bool  // recursion desired
	RA     bool  // recursion available
	Z      bool  // the reserved bit, kept so that a message round-trips
	AD     bool  // authentic data (RFC 4035)
	CD     bool  // checking disabled (RFC 4035)
	Rcode  uint8 // 4 bits: the low bits of the response code
}

// Question is one entry of the question section.
type Question struct {
	Name  string
	Type  Type
	Class Class
}

// Record is one resource record. For an OPT pseudo-record (EDNS0) Class
// is the sender's UDP payload size and TTL holds the extended rcode, the
// version and the flags, as on the wire (see OPTHeader).
type Record struct {
	Name  string
	Type  Type
	Class Class
	TTL   uint32
	Data  Data
}

// Type is a record type (A = 1, MX = 15, ...).
type Type uint16

// Class is a record class (IN = 1, ...).
type Class uint16

// Data is a record's RDATA, one of the *Data types of this package.
// RawData fits every type; each other one fits the types its comment
// names.
type Data interface{ isData() }

// AddrData is the RDATA of A (an IPv4 address) and AAAA (IPv6).
type AddrData struct{ Addr netip.Addr }

// NameData is the RDATA of NS, CNAME, PTR and DNAME: one name.
type NameData struct{ Name string }

// MXData is the RDATA of MX.
type MXData struct {
	Preference uint16
	Exchange   string
}

// TXTData is the RDATA of TXT and SPF: character strings of up to 255
// bytes each.
type TXTData struct{ Strings []string }

// SRVData is the RDATA of SRV (RFC 2782).
type SRVData struct {
	Priority, Weight, Port uint16
	Target                 string
}

// SOAData is the RDATA of SOA.
type SOAData struct {
	NS, Mbox                               string
	Serial, Refresh, Retry, Expire, MinTTL uint32
}

// CAAData is the RDATA of CAA (RFC 8659).
type CAAData struct {
	Flags      uint8
	Tag, Value string
}

// NAPTRData is the RDATA of NAPTR (RFC 3403).
type NAPTRData struct {
	Order, Preference      uint16
	Flags, Service, Regexp string
	Replacement            string
}

// HINFOData is the RDATA of HINFO.
type HINFOData struct{ CPU, OS string }

// OPTData is the RDATA of OPT: EDNS0 options, in order.
type OPTData struct{ Options []Option }

// Option is one EDNS0 option.
type Option struct {
	Code uint16
	Data []byte
}

// RawData is RDATA kept as bytes: for a type this package does not
// type, or when the caller wants the bytes.
type RawData struct{ Bytes []byte }

func (AddrData) isData()  {}
func (NameData) isData()  {}
func (MXData) isData()    {}
func (TXTData) isData()   {}
func (SRVData) isData()   {}
func (SOAData) isData()   {}
func (CAAData) isData()   {}
func (NAPTRData) isData() {}
func (HINFOData) isData() {}
func (OPTData) isData()   {}
func (RawData) isData()   {}

// OPTHeader is what an OPT record keeps in its class and TTL fields.
type OPTHeader struct {
	UDPSize       uint16
	ExtendedRcode uint8 // the upper 8 bits of the 12-bit response code
	Version       uint8
	DO            bool   // DNSSEC OK
	Flags         uint16 // the other 15 flag bits (zero today)
}

// OPTHeaderOf reads the EDNS0 fields of an OPT record.
func OPTHeaderOf(r *Record) OPTHeader {
	return OPTHeader{
		UDPSize:       uint16(r.Class),
		ExtendedRcode: uint8(r.TTL >> 24),
		Version:       uint8(r.TTL >> 16),
		DO:            r.TTL&0x8000 != 0,
		Flags:         uint16(r.TTL) &^ 0x8000,
	}
}

// Set stores h in an OPT record's class and TTL fields.
func (h OPTHeader) Set(r *Record) {
	r.Class = Class(h.UDPSize)
	r.TTL = uint32(h.ExtendedRcode)<<24 | uint32(h.Version)<<16 | uint32(h.Flags&^0x8000)
	if h.DO {
		r.TTL |= 0x8000
	}
}
