package dnsclient

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/net/dns/dnsmessage"

	"github.com/netsh/netsh/luabind/internal/dnsmsg"
)

// fakeServer answers on a UDP (and TCP) port of 127.0.0.1 with what
// answer returns for each query (nil: no answer), after a forged copy
// with another ID if spoof is set; it counts the queries.
type fakeServer struct {
	addr  netip.AddrPort
	count atomic.Int32
	spoof atomic.Bool
}

func startFake(t *testing.T, answer func(q *dnsmsg.Message, tcp bool) *dnsmsg.Message) *fakeServer {
	t.Helper()
	var pc net.PacketConn
	var ln net.Listener
	for try := 0; ; try++ { // the UDP port's TCP twin may be taken: take another pair
		var err error
		if pc, err = net.ListenPacket("udp", "127.0.0.1:0"); err != nil {
			t.Fatal(err)
		}
		if ln, err = net.Listen("tcp", pc.LocalAddr().String()); err == nil {
			break
		}
		pc.Close()
		if try == 20 {
			t.Fatal(err)
		}
	}
	s := &fakeServer{addr: pc.LocalAddr().(*net.UDPAddr).AddrPort()}
	t.Cleanup(func() { pc.Close(); ln.Close() })
	go func() {
		buf := make([]byte, 65535)
		for {
			n, from, err := pc.ReadFrom(buf)
			if err != nil {
				return
			}
			s.count.Add(1)
			q, err := dnsmsg.Decode(buf[:n])
			if err != nil {
				continue
			}
			if a := answer(q, false); a != nil {
				if s.spoof.Load() {
					forged := *a
					forged.ID++
					forged.Answers = []dnsmsg.Record{{Name: q.Questions[0].Name, Type: q.Questions[0].Type, Class: 1, Data: dnsmsg.RawData{Bytes: []byte{6, 6, 6, 6}}}}
					b, _ := forged.Encode()
					pc.WriteTo(b, from)
				}
				b, _ := a.Encode()
				pc.WriteTo(b, from)
			}
		}
	}()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				c.SetDeadline(time.Now().Add(5 * time.Second))
				var size [2]byte
				if _, err := c.Read(size[:]); err != nil {
					return
				}
				buf := make([]byte, int(size[0])<<8|int(size[1]))
				if _, err := c.Read(buf); err != nil {
					return
				}
				q, _ := dnsmsg.Decode(buf)
				b, _ := answer(q, true).Encode()
				c.Write(append([]byte{byte(len(b) >> 8), byte(len(b))}, b...))
			}()
		}
	}()
	return s
}

// reply is q answered with rcode and answers.
func reply(q *dnsmsg.Message, rcode uint8, answers ...dnsmsg.Record) *dnsmsg.Message {
	return &dnsmsg.Message{ID: q.ID, Flags: dnsmsg.Flags{QR: true, RD: true, RA: true, Rcode: rcode}, Questions: q.Questions, Answers: answers}
}

func a(name, ip string) dnsmsg.Record {
	return dnsmsg.Record{Name: name, Type: dnsmsg.TypeA, Class: dnsmsg.ClassIN, TTL: 60, Data: dnsmsg.AddrData{Addr: netip.MustParseAddr(ip)}}
}

func code(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return "not an Error: " + err.Error()
}

func TestCNAMEChainAndSpoofSkipped(t *testing.T) {
	s := startFake(t, func(q *dnsmsg.Message, tcp bool) *dnsmsg.Message {
		r := reply(q, 0,
			dnsmsg.Record{Name: "alias.test", Type: dnsmsg.TypeCNAME, Class: dnsmsg.ClassIN, TTL: 5, Data: dnsmsg.NameData{Name: "WWW.test"}},
			a("other.test", "192.0.2.99"), a("www.test", "192.0.2.1"))
		return r
	})
	s.spoof.Store(true) // a datagram with the wrong ID first: skipped, the real answer taken
	recs, err := Query(context.Background(), Config{Servers: []netip.AddrPort{s.addr}, Timeout: time.Second}, "alias.test", dnsmessage.TypeA)
	if err != nil || len(recs) != 1 || recs[0].Address != "192.0.2.1" || recs[0].TTL != 60 {
		t.Fatalf("%+v %v", recs, err)
	}
	recs, err = Query(context.Background(), Config{Servers: []netip.AddrPort{s.addr}}, "alias.test", dnsmessage.TypeCNAME)
	if err != nil || len(recs) != 1 || recs[0].Value != "WWW.test" {
		t.Fatalf("%+v %v", recs, err)
	}
}

// A truncated UDP answer is asked again over TCP.
func TestTruncatedRetriesOverTCP(t *testing.T) {
	s := startFake(t, func(q *dnsmsg.Message, tcp bool) *dnsmsg.Message {
		if !tcp {
			r := reply(q, 0)
			r.Flags.TC = true
			return r
		}
		return reply(q, 0, a(q.Questions[0].Name, "192.0.2.7"))
	})
	recs, err := Query(context.Background(), Config{Servers: []netip.AddrPort{s.addr}}, "big.test", dnsmessage.TypeA)
	if err != nil || len(recs) != 1 || recs[0].Address != "192.0.2.7" {
		t.Fatalf("%+v %v", recs, err)
	}
}

func TestErrorCodes(t *testing.T) {
	rcodes := map[string]uint8{"nx.test": 3, "fail.test": 2, "refused.test": 5, "notimp.test": 4, "formerr.test": 1, "nodata.test": 0}
	s := startFake(t, func(q *dnsmsg.Message, tcp bool) *dnsmsg.Message { return reply(q, rcodes[q.Questions[0].Name]) })
	cfg := Config{Servers: []netip.AddrPort{s.addr}, Timeout: time.Second}
	for name, want := range map[string]string{"nx.test": ENOTFOUND, "fail.test": ESERVFAIL, "refused.test": EREFUSED,
		"notimp.test": ENOTIMP, "formerr.test": EFORMERR, "nodata.test": ENODATA, "a..b": EBADNAME} {
		if _, err := Query(context.Background(), cfg, name, dnsmessage.TypeA); code(err) != want {
			t.Errorf("%s: %v, want %s", name, err, want)
		}
	}
}

// A server failure sends the question on to the next server.
func TestServerFailureTriesNextServer(t *testing.T) {
	bad := startFake(t, func(q *dnsmsg.Message, tcp bool) *dnsmsg.Message { return reply(q, 2) })
	good := startFake(t, func(q *dnsmsg.Message, tcp bool) *dnsmsg.Message {
		return reply(q, 0, a(q.Questions[0].Name, "192.0.2.3"))
	})
	recs, err := Query(context.Background(), Config{Servers: []netip.AddrPort{bad.addr, good.addr}}, "x.test", dnsmessage.TypeA)
	if err != nil || recs[0].Address != "192.0.2.3" || bad.count.Load() != 1 {
		t.Fatalf("%+v %v, bad asked %d times", recs, err, bad.count.Load())
	}
}

// A silent server: every try, then ETIMEOUT after the growing waits; a
// closed port: ECONNREFUSED at once; a cancelled context: ECANCELLED.
func TestTimeoutRefusedCancelled(t *testing.T) {
	silent := startFake(t, func(*dnsmsg.Message, bool) *dnsmsg.Message { return nil })
	start := time.Now()
	_, err := Query(context.Background(), Config{Servers: []netip.AddrPort{silent.addr}, Timeout: 100 * time.Millisecond, Tries: 3}, "x.test", dnsmessage.TypeA)
	took := time.Since(start)
	if code(err) != ETIMEOUT || silent.count.Load() != 3 || took < 475*time.Millisecond || took > 5*time.Second {
		t.Fatalf("%v after %v and %d tries", err, took, silent.count.Load())
	}
	pc, _ := net.ListenPacket("udp", "127.0.0.1:0")
	closed := pc.LocalAddr().(*net.UDPAddr).AddrPort()
	pc.Close()
	if _, err := Query(context.Background(), Config{Servers: []netip.AddrPort{closed}, Timeout: 2 * time.Second}, "x.test", dnsmessage.TypeA); code(err) != ECONNREFUSED {
		t.Fatalf("closed port: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	start = time.Now()
	if _, err := Query(ctx, Config{Servers: []netip.AddrPort{silent.addr}}, "x.test", dnsmessage.TypeA); code(err) != ECANCELLED || time.Since(start) > 2*time.Second {
		t.Fatalf("cancelled: %v after %v", err, time.Since(start))
	}
}

// TestCAAAndNAPTRRecords: the two types dnsmessage leaves unparsed come
// out as Node gives them (a root replacement is the empty string), and data that does
// not parse, a compressed replacement included, is refused.
func TestCAAAndNAPTRRecords(t *testing.T) {
	naptr := append([]byte{0, 10, 0, 20, 1, 'u', 7, 'E', '2', 'U', '+', 's', 'i', 'p', 0}, 0)
	for _, c := range []struct {
		typ  dnsmessage.Type
		data []byte
		want string
	}{
		{TypeNAPTR, naptr, `{Flags:u Service:E2U+sip Regexp: Replacement: Order:10 Preference:20}`},
		{TypeNAPTR, append(naptr[:len(naptr)-1:len(naptr)-1], 3, 's', 'i', 'p', 0), `{Flags:u Service:E2U+sip Regexp: Replacement:sip Order:10 Preference:20}`},
		{TypeNAPTR, append(naptr[:len(naptr)-1:len(naptr)-1], 0xC0, 0), "refused"},
		{TypeNAPTR, append(naptr[:len(naptr)-1:len(naptr)-1], 2, 'a', '.', 0), `{Flags:u Service:E2U+sip Regexp: Replacement:a\. Order:10 Preference:20}`},
		{TypeCAA, []byte{128, 5, 'i', 's', 's', 'u', 'e', 'c', 'a'}, "128 issue ca"},
		{TypeCAA, []byte{0, 9}, "refused"},
	} {
		r, ok := record(&dnsmessage.Resource{Header: dnsmessage.ResourceHeader{Type: c.typ}, Body: &dnsmessage.UnknownResource{Type: c.typ, Data: c.data}})
		got := "refused"
		if ok && c.typ == TypeNAPTR {
			got = fmt.Sprintf("%+v", r.NAPTR)
		} else if ok {
			got = fmt.Sprint(r.Flags, " ", r.Tag, " ", r.Value)
		}
		if got != c.want {
			t.Errorf("%v % x: %s, want %s", c.typ, c.data, got, c.want)
		}
	}
}
