package dnsclient

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"io"
	"net"
	"net/netip"
	"strings"
	"syscall"
	"time"

	"golang.org/x/net/dns/dnsmessage"
)

var (
	errRefused     = errors.New("connection refused")
	errBadResponse = errors.New("malformed answer")
)

// maxUDP is the most a UDP answer can be; a query without EDNS0 asks for
// at most 512 bytes, but a server may send more.
const maxUDP = 65535

// exchange asks one server once: over UDP, then over TCP if the answer is
// truncated. Datagrams that are not the answer (another ID, another
// question: stale or spoofed) are skipped until the wait is over.
func exchange(ctx context.Context, cfg Config, server netip.AddrPort, q dnsmessage.Question, wait time.Duration) (*dnsmessage.Message, error) {
	id := newID()
	query, err := buildQuery(id, q)
	if err != nil {
		return nil, errBadResponse
	}
	deadline := time.Now().Add(wait)
	d := net.Dialer{Deadline: deadline}
	if local := cfg.localFor(server.Addr()); local.IsValid() {
		d.LocalAddr = &net.UDPAddr{IP: local.AsSlice()}
	}
	c, err := d.DialContext(ctx, "udp", server.String())
	if err != nil { // no socket for it (a local address not ours): c-ares's ECONNREFUSED
		return nil, errRefused
	}
	defer c.Close()
	stop := context.AfterFunc(ctx, func() { c.SetDeadline(time.Now()) })
	defer stop()
	c.SetDeadline(deadline)
	if _, err := c.Write(query); err != nil {
		return nil, transportErr(err)
	}
	buf := make([]byte, maxUDP)
	for {
		n, err := c.Read(buf)
		if err != nil {
			return nil, transportErr(err)
		}
		msg, ok := matches(buf[:n], id, q)
		if !ok {
			continue
		}
		if msg.Truncated {
			return exchangeTCP(ctx, cfg, server, query, id, q, deadline)
		}
		return msg, nil
	}
}

// exchangeTCP asks again over TCP, each message behind its two-byte length.
func exchangeTCP(ctx context.Context, cfg Config, server netip.AddrPort, query []byte, id uint16, q dnsmessage.Question, deadline time.Time) (*dnsmessage.Message, error) {
	d := net.Dialer{Deadline: deadline}
	if local := cfg.localFor(server.Addr()); local.IsValid() {
		d.LocalAddr = &net.TCPAddr{IP: local.AsSlice()}
	}
	c, err := d.DialContext(ctx, "tcp", server.String())
	if err != nil {
		return nil, transportErr(err)
	}
	defer c.Close()
	stop := context.AfterFunc(ctx, func() { c.SetDeadline(time.Now()) })
	defer stop()
	c.SetDeadline(deadline)
	framed := binary.BigEndian.AppendUint16(make([]byte, 0, 2+len(query)), uint16(len(query)))
	if _, err := c.Write(append(framed, query...)); err != nil {
		return nil, transportErr(err)
	}
	var size [2]byte
	if _, err := io.ReadFull(c, size[:]); err != nil {
		return nil, transportErr(err)
	}
	buf := make([]byte, binary.BigEndian.Uint16(size[:]))
	if _, err := io.ReadFull(c, buf); err != nil {
		return nil, transportErr(err)
	}
	msg, ok := matches(buf, id, q)
	if !ok {
		return nil, errBadResponse
	}
	return msg, nil
}

// matches parses b if it answers query id's question q.
func matches(b []byte, id uint16, q dnsmessage.Question) (*dnsmessage.Message, bool) {
	var p dnsmessage.Parser
	h, err := p.Start(b)
	if err != nil || h.ID != id || !h.Response {
		return nil, false
	}
	got, err := p.Question()
	if err != nil || got.Type != q.Type || got.Class != q.Class || !strings.EqualFold(got.Name.String(), q.Name.String()) {
		return nil, false
	}
	var m dnsmessage.Message
	if err := m.Unpack(b); err != nil {
		// The right ID and question, but the records do not parse.
		return &dnsmessage.Message{Header: dnsmessage.Header{ID: id, Response: true, RCode: badRcode}}, true
	}
	return &m, true
}

// badRcode marks an answer whose records did not parse (EBADRESP).
const badRcode dnsmessage.RCode = 0xFFF

func buildQuery(id uint16, q dnsmessage.Question) ([]byte, error) {
	b := dnsmessage.NewBuilder(make([]byte, 0, 64), dnsmessage.Header{ID: id, RecursionDesired: true})
	if err := b.StartQuestions(); err != nil {
		return nil, err
	}
	if err := b.Question(q); err != nil {
		return nil, err
	}
	return b.Finish()
}

// newID is a random query ID, so that an off-path attacker must guess it.
func newID() uint16 {
	var b [2]byte
	rand.Read(b[:])
	return binary.BigEndian.Uint16(b[:])
}

func (cfg *Config) localFor(server netip.Addr) netip.Addr {
	if server.Unmap().Is4() {
		return cfg.Local4
	}
	return cfg.Local6
}

// transportErr sorts a socket error: refused (the ICMP port unreachable
// a UDP read reports), or a timeout or anything else (tried again).
func transportErr(err error) error {
	if errors.Is(err, syscall.ECONNREFUSED) {
		return errRefused
	}
	return err
}
