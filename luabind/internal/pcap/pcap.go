// Package pcap writes traffic as a pcap capture file with synthesized
// Ethernet, IPv4/IPv6 and TCP/UDP headers, so tcpdump, tshark and
// Wireshark read what a program sent and received as if captured on the
// wire: TCP conversations open with SYN, SYN-ACK, ACK, their sequence
// numbers follow the bytes (so "follow stream" gives them back exactly),
// and they end with FIN or RST. No Lua here; not safe for concurrent use.
package pcap

import (
	"encoding/binary"
	"io"
	"net/netip"
	"time"
)

// File header constants: the classic microsecond format, Ethernet frames.
const (
	magic        = 0xa1b2c3d4
	linkEthernet = 1
	snapLen      = 262144
)

// maxSegment is the most payload one synthesized TCP segment carries: an
// IPv4 packet must fit its 16-bit total length.
const maxSegment = 65535 - 20 - 20

// TCP flags.
const (
	flagFIN = 0x01
	flagSYN = 0x02
	flagRST = 0x04
	flagPSH = 0x08
	flagACK = 0x10
)

// Writer writes one capture file.
type Writer struct {
	w   io.Writer
	err error
	buf []byte
	id  uint16 // IPv4 identification, counting up
}

// NewWriter writes the file header to w and returns the Writer.
func NewWriter(w io.Writer) *Writer {
	pw := &Writer{w: w}
	h := make([]byte, 24)
	binary.LittleEndian.PutUint32(h[0:], magic)
	binary.LittleEndian.PutUint16(h[4:], 2)
	binary.LittleEndian.PutUint16(h[6:], 4)
	binary.LittleEndian.PutUint32(h[16:], snapLen)
	binary.LittleEndian.PutUint32(h[20:], linkEthernet)
	pw.write(h)
	return pw
}

// Err is the first error writing to the underlying writer.
func (pw *Writer) Err() error { return pw.err }

func (pw *Writer) write(p []byte) {
	if pw.err == nil {
		_, pw.err = pw.w.Write(p)
	}
}

// Flow is one TCP connection in the capture, seen from its client (the
// side that sent SYN) and its server.
type Flow struct {
	pw             *Writer
	client, server netip.AddrPort
	seq            [2]uint32 // next sequence number from the client [0] and the server [1]
	closed         [2]bool   // FIN sent by that side
	reset          bool
}

// TCPOpen starts a flow: the three-way handshake, at t.
func (pw *Writer) TCPOpen(client, server netip.AddrPort, t time.Time) *Flow {
	f := &Flow{pw: pw, client: unmap(client), server: unmap(server), seq: [2]uint32{1000, 5000}}
	f.segment(0, flagSYN, nil, t)
	f.seq[0]++
	f.segment(1, flagSYN|flagACK, nil, t)
	f.seq[1]++
	f.segment(0, flagACK, nil, t)
	return f
}

// side is 0 for the client, 1 for the server.
func side(fromClient bool) int {
	if fromClient {
		return 0
	}
	return 1
}

// Data records p sent by one side, cut into segments that fit a packet.
func (f *Flow) Data(fromClient bool, p []byte, t time.Time) {
	s := side(fromClient)
	if f.reset || f.closed[s] {
		return
	}
	for len(p) > 0 {
		n := min(len(p), maxSegment)
		f.segment(s, flagPSH|flagACK, p[:n], t)
		f.seq[s] += uint32(n)
		p = p[n:]
	}
}

// Fin records one side's FIN, once.
func (f *Flow) Fin(fromClient bool, t time.Time) {
	s := side(fromClient)
	if f.reset || f.closed[s] {
		return
	}
	f.closed[s] = true
	f.segment(s, flagFIN|flagACK, nil, t)
	f.seq[s]++
}

// Rst records a reset sent by one side; the flow is over.
func (f *Flow) Rst(fromClient bool, t time.Time) {
	if f.reset {
		return
	}
	f.reset = true
	f.segment(side(fromClient), flagRST|flagACK, nil, t)
}

// segment writes one TCP segment from side s, acknowledging all the
// other side has sent.
func (f *Flow) segment(s int, flags byte, payload []byte, t time.Time) {
	src, dst := f.client, f.server
	if s == 1 {
		src, dst = dst, src
	}
	ack := f.seq[1-s]
	if flags&flagACK == 0 {
		ack = 0
	}
	h := make([]byte, 20)
	binary.BigEndian.PutUint16(h[0:], src.Port())
	binary.BigEndian.PutUint16(h[2:], dst.Port())
	binary.BigEndian.PutUint32(h[4:], f.seq[s])
	binary.BigEndian.PutUint32(h[8:], ack)
	h[12] = 5 << 4
	h[13] = flags
	binary.BigEndian.PutUint16(h[14:], 65535)
	f.pw.packet(src.Addr(), dst.Addr(), protoTCP, h, payload, 16, t)
}

// UDP records one datagram from src to dst.
func (pw *Writer) UDP(src, dst netip.AddrPort, payload []byte, t time.Time) {
	src, dst = unmap(src), unmap(dst)
	if len(payload) > 65535-8-40 {
		payload = payload[:65535-8-40] // a datagram that large never fit a packet either
	}
	h := make([]byte, 8)
	binary.BigEndian.PutUint16(h[0:], src.Port())
	binary.BigEndian.PutUint16(h[2:], dst.Port())
	binary.BigEndian.PutUint16(h[4:], uint16(8+len(payload)))
	pw.packet(src.Addr(), dst.Addr(), protoUDP, h, payload, 6, t)
}

func unmap(ap netip.AddrPort) netip.AddrPort {
	return netip.AddrPortFrom(ap.Addr().Unmap(), ap.Port())
}
