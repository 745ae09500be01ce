//go:build linux

package main

import (
	"encoding/binary"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// The DNS responders' zone: hostN.bench.test is 10.0.N/256.N%256 for N in
// 1..dnsHosts, any other name is NXDOMAIN (bench/servers/dns.*).
const dnsHosts = 1000

// dnsAddr is the address the responders give hostN.bench.test.
func dnsAddr(n int) [4]byte { return [4]byte{10, 0, byte(n / 256), byte(n % 256)} }

// writeDNSQueries writes dnsperf's query file into dir: every host's A
// record, then one unknown name (an NXDOMAIN in every 1,001 queries).
func writeDNSQueries(dir string) (string, error) {
	var b strings.Builder
	for i := 1; i <= dnsHosts; i++ {
		fmt.Fprintf(&b, "host%d.bench.test A\n", i)
	}
	b.WriteString("nobody.bench.test A\n")
	path := filepath.Join(dir, "netsh-bench-dns-queries.txt")
	return path, os.WriteFile(path, []byte(b.String()), 0o644)
}

// dnsQuery encodes a query for name and qtype with recursion desired.
func dnsQuery(id uint16, name string, qtype uint16) []byte {
	q := binary.BigEndian.AppendUint16(nil, id)
	q = append(q, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0) // RD; one question
	for _, l := range strings.Split(strings.TrimSuffix(name, "."), ".") {
		q = append(q, byte(len(l)))
		q = append(q, l...)
	}
	q = append(q, 0)
	q = binary.BigEndian.AppendUint16(q, qtype)
	return binary.BigEndian.AppendUint16(q, 1) // IN
}

// dnsReply is the part of a response the probe checks.
type dnsReply struct {
	ID      uint16
	Flags   uint16
	QName   string
	Answers [][4]byte // A records' addresses, whatever their owner name
	Owners  []string
}

var errDNSShort = errors.New("truncated DNS message")

// parseDNSReply decodes a response: header, one question, and the answer
// section (A records only kept). Names may use compression pointers.
func parseDNSReply(m []byte) (dnsReply, error) {
	var r dnsReply
	if len(m) < 12 {
		return r, errDNSShort
	}
	r.ID, r.Flags = binary.BigEndian.Uint16(m), binary.BigEndian.Uint16(m[2:])
	qd, an := binary.BigEndian.Uint16(m[4:]), binary.BigEndian.Uint16(m[6:])
	if qd != 1 {
		return r, fmt.Errorf("%d questions in the response", qd)
	}
	name, off, err := dnsName(m, 12)
	if err != nil {
		return r, err
	}
	r.QName, off = name, off+4
	for i := 0; i < int(an); i++ {
		owner, o, err := dnsName(m, off)
		if err != nil {
			return r, err
		}
		if o+10 > len(m) {
			return r, errDNSShort
		}
		typ, rdlen := binary.BigEndian.Uint16(m[o:]), int(binary.BigEndian.Uint16(m[o+8:]))
		o += 10
		if o+rdlen > len(m) {
			return r, errDNSShort
		}
		if typ == 1 && rdlen == 4 {
			r.Answers = append(r.Answers, [4]byte(m[o:o+4]))
			r.Owners = append(r.Owners, owner)
		}
		off = o + rdlen
	}
	return r, nil
}

// dnsName reads the name at off (following at most 16 pointers) and
// returns it with the offset after it where it starts.
func dnsName(m []byte, off int) (string, int, error) {
	var labels []string
	end := -1
	for jumps := 0; ; {
		if off >= len(m) {
			return "", 0, errDNSShort
		}
		l := int(m[off])
		switch {
		case l == 0:
			if end < 0 {
				end = off + 1
			}
			return strings.Join(labels, "."), end, nil
		case l&0xC0 == 0xC0:
			if off+1 >= len(m) || jumps == 16 {
				return "", 0, errors.New("bad compression pointer")
			}
			if end < 0 {
				end = off + 2
			}
			off, jumps = int(binary.BigEndian.Uint16(m[off:])&0x3FFF), jumps+1
		case l > 63 || off+1+l > len(m):
			return "", 0, errDNSShort
		default:
			labels = append(labels, string(m[off+1:off+1+l]))
			off += 1 + l
		}
	}
}

// dnsProbeID is the id of the first probe query; the next count up.
const dnsProbeID = 0x4200

// dnsCase is one probe query and what must come back.
type dnsCase struct {
	name  string
	qtype uint16
	rcode uint16
	addr  []byte // the A record's address; nil for none
}

// probeDNS queries the responder at addr: known and unknown names, a name
// in capitals, a type it has no record of, and a malformed packet that
// must not stop it answering.
func probeDNS(addr string) error {
	c, err := net.Dial("udp", addr)
	if err != nil {
		return err
	}
	defer c.Close()
	a7, a1000 := dnsAddr(7), dnsAddr(1000)
	cases := []dnsCase{
		{"host7.bench.test", 1, 0, a7[:]},
		{"HOST1000.Bench.Test", 1, 0, a1000[:]},
		{"nobody.bench.test", 1, 3, nil},
		{"host7.bench.test", 15, 0, nil}, // MX: the name exists, no such record
	}
	c.Write([]byte{0x12, 0x34, 0x01}) // malformed: ignored, never answered wrongly
	for i, dc := range cases {
		if err := dnsExchange(c, dnsProbeID+uint16(i), dc); err != nil {
			return fmt.Errorf("DNS probe %s type %d: %v", dc.name, dc.qtype, err)
		}
	}
	return nil
}

// dnsExchange sends one query (again after 500 ms without an answer, at
// most 4 times: UDP may drop) and checks the response. A late answer to an
// earlier probe query (a lower id) is skipped.
func dnsExchange(c net.Conn, id uint16, dc dnsCase) error {
	buf := make([]byte, 1500)
	for try := 0; try < 4; try++ {
		if _, err := c.Write(dnsQuery(id, dc.name, dc.qtype)); err != nil {
			return err
		}
		c.SetReadDeadline(time.Now().Add(500 * time.Millisecond))
		for {
			n, err := c.Read(buf)
			if isTimeout(err) {
				break
			}
			if err != nil {
				return err
			}
			r, err := parseDNSReply(buf[:n])
			if err != nil {
				return err
			}
			if r.ID >= dnsProbeID && r.ID < id {
				continue
			}
			return checkDNSReply(r, id, dc)
		}
	}
	return fmt.Errorf("no answer in 4 tries")
}

// checkDNSReply compares a response with what the query must get.
func checkDNSReply(r dnsReply, id uint16, dc dnsCase) error {
	switch {
	case r.ID != id:
		return fmt.Errorf("id %#x, want %#x (a reply to the malformed packet?)", r.ID, id)
	case r.Flags&0x8000 == 0 || r.Flags&0x0100 == 0:
		return fmt.Errorf("flags %#04x: not a response, or RD not copied", r.Flags)
	case r.Flags&0xF != dc.rcode:
		return fmt.Errorf("rcode %d, want %d", r.Flags&0xF, dc.rcode)
	case !strings.EqualFold(r.QName, dc.name):
		return fmt.Errorf("question %q, want %q", r.QName, dc.name)
	case dc.addr == nil && len(r.Answers) > 0:
		return fmt.Errorf("answers %v, want none", r.Answers)
	case dc.addr != nil && (len(r.Answers) != 1 || string(r.Answers[0][:]) != string(dc.addr) || !strings.EqualFold(r.Owners[0], dc.name)):
		return fmt.Errorf("answers %v for %v, want %v", r.Answers, r.Owners, dc.addr)
	}
	return nil
}
