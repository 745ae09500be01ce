package pcap

import (
	"encoding/binary"
	"net/netip"
	"time"
)

// IP protocol numbers.
const (
	protoTCP = 6
	protoUDP = 17
)

// packet writes one record: an Ethernet frame around an IPv4 or IPv6
// packet around the transport header th (its checksum, at csumAt, is
// filled in here) and payload. Both addresses must be of one family; an
// IPv4 source with an IPv6 peer is written as IPv6.
func (pw *Writer) packet(src, dst netip.Addr, proto byte, th, payload []byte, csumAt int, t time.Time) {
	v6 := src.Is6() || dst.Is6()
	if v6 {
		src, dst = as16(src), as16(dst)
	}
	l4 := len(th) + len(payload)
	ipLen := 20
	etherType := uint16(0x0800)
	if v6 {
		ipLen, etherType = 40, 0x86dd
	}
	frame := pw.buf[:0]
	frame = append(frame, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 1) // dst, src MAC: locally administered
	frame = binary.BigEndian.AppendUint16(frame, etherType)
	ip := len(frame)
	frame = append(frame, make([]byte, ipLen)...)
	if v6 {
		h := frame[ip:]
		h[0] = 6 << 4
		binary.BigEndian.PutUint16(h[4:], uint16(l4))
		h[6], h[7] = proto, 64
		s, d := src.As16(), dst.As16()
		copy(h[8:], s[:])
		copy(h[24:], d[:])
	} else {
		h := frame[ip:]
		h[0] = 0x45
		binary.BigEndian.PutUint16(h[2:], uint16(ipLen+l4))
		pw.id++
		binary.BigEndian.PutUint16(h[4:], pw.id)
		h[6] = 0x40 // don't fragment
		h[8], h[9] = 64, proto
		s, d := src.As4(), dst.As4()
		copy(h[12:], s[:])
		copy(h[16:], d[:])
		binary.BigEndian.PutUint16(h[10:], ^sum(h[:20], 0))
	}
	l4at := len(frame)
	frame = append(frame, th...)
	frame = append(frame, payload...)
	c := sum(frame[l4at:], pseudoHeader(src, dst, proto, l4))
	if c = ^c; c == 0 && proto == protoUDP {
		c = 0xffff // UDP sends a zero checksum as all ones
	}
	binary.BigEndian.PutUint16(frame[l4at+csumAt:], c)
	rec := make([]byte, 16)
	binary.LittleEndian.PutUint32(rec[0:], uint32(t.Unix()))
	binary.LittleEndian.PutUint32(rec[4:], uint32(t.Nanosecond()/1000))
	binary.LittleEndian.PutUint32(rec[8:], uint32(len(frame)))
	binary.LittleEndian.PutUint32(rec[12:], uint32(len(frame)))
	pw.write(rec)
	pw.write(frame)
	pw.buf = frame[:0]
}

// as16 is a as an IPv6 address, IPv4 ones mapped.
func as16(a netip.Addr) netip.Addr {
	if a.Is4() {
		return netip.AddrFrom16(a.As16())
	}
	return a
}

// pseudoHeader is the one's-complement sum of the transport checksum's
// pseudo-header.
func pseudoHeader(src, dst netip.Addr, proto byte, l4 int) uint32 {
	var b []byte
	if src.Is4() {
		s, d := src.As4(), dst.As4()
		b = append(append(b, s[:]...), d[:]...)
		b = append(b, 0, proto)
		b = binary.BigEndian.AppendUint16(b, uint16(l4))
	} else {
		s, d := src.As16(), dst.As16()
		b = append(append(b, s[:]...), d[:]...)
		b = binary.BigEndian.AppendUint32(b, uint32(l4))
		b = append(b, 0, 0, 0, proto)
	}
	var acc uint32
	for i := 0; i+1 < len(b); i += 2 {
		acc += uint32(b[i])<<8 | uint32(b[i+1])
	}
	return acc
}

// sum is the Internet checksum's folded one's-complement sum of b, on
// top of acc.
func sum(b []byte, acc uint32) uint16 {
	for i := 0; i+1 < len(b); i += 2 {
		acc += uint32(b[i])<<8 | uint32(b[i+1])
	}
	if len(b)%2 == 1 {
		acc += uint32(b[len(b)-1]) << 8
	}
	for acc > 0xffff {
		acc = acc>>16 + acc&0xffff
	}
	return uint16(acc)
}
