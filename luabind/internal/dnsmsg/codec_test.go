package dnsmsg

import (
	"bytes"
	"encoding/hex"
	"errors"
	"net/netip"
	"reflect"
	"strings"
	"testing"
)

// Packets dig 9.18 and dnsmasq 2.90 exchanged (dig's queries carry a
// COOKIE option; dnsmasq's answers point owner names at earlier names and
// write the names in RDATA whole).
var captured = map[string]string{
	"dig A query":        "19c10120000100000000000103777777076578616d706c650474657374000001000100002904d000000000000c000a00081093e3309051d01d",
	"dnsmasq A":          "19c18580000100010000000103777777076578616d706c6504746573740000010001c00c00010001000000000004c000020a00002904d0000000000000",
	"dnsmasq MX":         "579f85800001000100000002076578616d706c65047465737400000f0001c00c000f0001000000000015000a046d61696c076578616d706c65047465737400c02c00010001000000000004c000021400002904d0000000000000",
	"dnsmasq SRV":        "905e85800001000100000001045f736970045f746370076578616d706c6504746573740000210001c00c00210001000000000018000a001413c403736970076578616d706c6504746573740000002904d0000000000000",
	"dnsmasq CNAME":      "54298580000100020000000105616c696173076578616d706c6504746573740000010001c00c0005000100000000001203777777076578616d706c65047465737400c03000010001000000000004c000020a00002904d0000000000000",
	"dnsmasq PTR":        "882985800001000100000001023130013201300331393207696e2d61646472046172706100000c0001c00c000c000100000000001203777777076578616d706c6504746573740000002904d0000000000000",
	"dnsmasq NXDOMAIN":   "bbf081830001000000000001046e6f7065076578616d706c650474657374000001000100002904d0000000000000",
	"dnsmasq TXT":        "bd2385800001000100000001076578616d706c6504746573740000100001c00c0010000100000000001a0b763d73706631202d616c6c0d7365636f6e6420737472696e6700002904d0000000000000",
	"c-ares plain query": "ae1b01000001000000000000017804746573740000010001",
}

func mustHex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Every captured packet decodes and encodes back to the same bytes.
func TestCapturedRoundTrip(t *testing.T) {
	for name, h := range captured {
		b := mustHex(t, h)
		m, err := Decode(b)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		out, err := m.Encode()
		if err != nil {
			t.Fatalf("%s: encode: %v", name, err)
		}
		if !bytes.Equal(out, b) {
			t.Errorf("%s: re-encoded\n got %x\nwant %x", name, out, b)
		}
	}
}

func TestDecodeTyped(t *testing.T) {
	m, err := Decode(mustHex(t, captured["dnsmasq MX"]))
	if err != nil {
		t.Fatal(err)
	}
	want := &Message{
		ID:        0x579f,
		Flags:     Flags{QR: true, AA: true, RD: true, RA: true},
		Questions: []Question{{"example.test", TypeMX, ClassIN}},
		Answers:   []Record{{"example.test", TypeMX, ClassIN, 0, MXData{10, "mail.example.test"}}},
		Additionals: []Record{
			{"mail.example.test", TypeA, ClassIN, 0, AddrData{netip.MustParseAddr("192.0.2.20")}},
			{".", TypeOPT, 1232, 0, OPTData{}},
		},
	}
	if !reflect.DeepEqual(m, want) {
		t.Fatalf("got  %+v\nwant %+v", m, want)
	}
	q, _ := Decode(mustHex(t, captured["dig A query"]))
	opt := q.Additionals[0]
	if h := OPTHeaderOf(&opt); h.UDPSize != 1232 || h.DO || h.Version != 0 {
		t.Errorf("OPT header %+v", h)
	}
	if o := opt.Data.(OPTData).Options; len(o) != 1 || o[0].Code != 10 || OptionName(o[0].Code) != "COOKIE" || len(o[0].Data) != 8 {
		t.Errorf("options %+v", o)
	}
	if !q.Flags.AD || !q.Flags.RD || q.Flags.QR {
		t.Errorf("dig's flags %+v", q.Flags)
	}
	txt, _ := Decode(mustHex(t, captured["dnsmasq TXT"]))
	if s := txt.Answers[0].Data.(TXTData).Strings; !reflect.DeepEqual(s, []string{"v=spf1 -all", "second string"}) {
		t.Errorf("TXT %q", s)
	}
	srv, _ := Decode(mustHex(t, captured["dnsmasq SRV"]))
	if d := srv.Answers[0].Data.(SRVData); d != (SRVData{10, 20, 5060, "sip.example.test"}) {
		t.Errorf("SRV %+v", d)
	}
}

// Every record type this package types encodes and decodes to itself,
// and owner names are compressed.
func TestEncodeAllTypes(t *testing.T) {
	m := &Message{
		ID:        7,
		Flags:     Flags{QR: true, Opcode: 0, AA: true, RD: true, Rcode: 3, Z: true, CD: true},
		Questions: []Question{{"Example.Test", TypeANY, ClassIN}},
		Answers: []Record{
			{"Example.Test", TypeA, ClassIN, 60, AddrData{netip.MustParseAddr("192.0.2.1")}},
			{"Example.Test", TypeAAAA, ClassIN, 60, AddrData{netip.MustParseAddr("2001:db8::1")}},
			{"Example.Test", TypeNS, ClassIN, 60, NameData{"ns1.example.test"}},
			{"www.Example.Test", TypeCNAME, ClassIN, 60, NameData{"Example.Test"}},
			{"Example.Test", TypeMX, ClassIN, 60, MXData{5, "mx.example.test"}},
			{"Example.Test", TypeTXT, ClassIN, 60, TXTData{[]string{"a", "", strings.Repeat("x", 255)}}},
			{"_s._udp.Example.Test", TypeSRV, ClassIN, 60, SRVData{1, 2, 53, "ns1.example.test"}},
			{"Example.Test", TypeSOA, ClassIN, 60, SOAData{"ns1.example.test", "admin.example.test", 1, 2, 3, 4, 5}},
			{"Example.Test", TypeCAA, ClassIN, 60, CAAData{128, "issue", "ca.example"}},
			{"Example.Test", TypeNAPTR, ClassIN, 60, NAPTRData{10, 20, "S", "SIP+D2U", "", "_sip._udp.example.test"}},
			{"Example.Test", TypeHINFO, ClassIN, 60, HINFOData{"amd64", "linux"}},
			{"Example.Test", TypeDNAME, ClassIN, 60, NameData{"other.test"}},
			{"Example.Test", Type(65280), Class(3), 60, RawData{[]byte{1, 2, 3}}},
			{"1.0.0.127.in-addr.arpa", TypePTR, ClassIN, 60, NameData{"localhost"}},
		},
		Additionals: []Record{{".", TypeOPT, 4096, 0x8000, OPTData{[]Option{{10, []byte("12345678")}, {12, []byte{}}}}}},
	}
	b, err := m.Encode()
	if err != nil {
		t.Fatal(err)
	}
	back, err := Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	m.Additionals[0].Data.(OPTData).Options[1].Data = nil // decodes as no bytes
	if !reflect.DeepEqual(back, m) {
		t.Fatalf("round trip:\n got %+v\nwant %+v", back, m)
	}
	// Answer 1's owner is a pointer to the question's name (offset 12).
	at := 12 + len("\x07Example\x04Test\x00") + 4
	if b[at] != 0xC0 || b[at+1] != 12 {
		t.Fatalf("owner name not compressed: % x", b[at:at+2])
	}
	if h := OPTHeaderOf(&back.Additionals[0]); !h.DO || h.UDPSize != 4096 {
		t.Fatalf("OPT header %+v", h)
	}
	again, _ := back.Encode()
	if !bytes.Equal(again, b) {
		t.Fatal("second encode differs")
	}
}

// Names compare byte for byte when compressed: a name that differs in
// case from an earlier one keeps its own case.
func TestCompressionKeepsCase(t *testing.T) {
	m := &Message{Questions: []Question{{"a.EXAMPLE", TypeA, ClassIN}}, Answers: []Record{
		{"b.example", TypeA, ClassIN, 0, AddrData{netip.MustParseAddr("192.0.2.1")}},
		{"c.EXAMPLE", TypeA, ClassIN, 0, AddrData{netip.MustParseAddr("192.0.2.2")}},
	}}
	b, _ := m.Encode()
	back, err := Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	if back.Answers[0].Name != "b.example" || back.Answers[1].Name != "c.EXAMPLE" {
		t.Fatalf("names %q %q", back.Answers[0].Name, back.Answers[1].Name)
	}
	if !bytes.Contains(b, []byte("\x01c\xc0\x0e")) {
		t.Fatalf("c.EXAMPLE does not point at EXAMPLE: % x", b)
	}
}

// Labels with dots, backslashes, spaces and bytes outside ASCII decode to
// escapes that encode back to the same bytes.
func TestNameEscapes(t *testing.T) {
	wire := []byte("\x03a.b\x03c\\d\x03e f\x02\x00\xff\x00")
	b := append([]byte{0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0}, wire...)
	b = append(b, 0, 1, 0, 1)
	m, err := Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	if got := m.Questions[0].Name; got != `a\.b.c\\d.e\032f.\000\255` {
		t.Fatalf("name %q", got)
	}
	out, err := m.Encode()
	if err != nil || !bytes.Equal(out, b) {
		t.Fatalf("re-encoded % x, %v", out, err)
	}
	for _, name := range []string{"example.test.", "example.test", `\101xample.test`} {
		w, err := appendWire(nil, name)
		if err != nil || string(w) != "\x07example\x04test\x00" {
			t.Errorf("%q: % x %v", name, w, err)
		}
	}
}

func TestEncodeErrors(t *testing.T) {
	a := AddrData{netip.MustParseAddr("192.0.2.1")}
	for _, c := range []struct {
		m     Message
		field string
		why   string
	}{
		{Message{Questions: []Question{{"a..b", TypeA, ClassIN}}}, "questions[1].name", "empty label"},
		{Message{Questions: []Question{{strings.Repeat("x", 64), TypeA, ClassIN}}}, "questions[1].name", "longer than 63"},
		{Message{Questions: []Question{{strings.Repeat("abcdefg.", 32), TypeA, ClassIN}}}, "questions[1].name", "longer than 255"},
		{Message{Questions: []Question{{`a\300`, TypeA, ClassIN}}}, "questions[1].name", "bad escape"},
		{Message{Answers: []Record{{"a", TypeAAAA, ClassIN, 0, a}}}, "answers[1].data", "IPv6"},
		{Message{Answers: []Record{{"a", TypeA, ClassIN, 0, a}, {"a", TypeMX, ClassIN, 0, a}}}, "answers[2].data", "must be MXData"},
		{Message{Authorities: []Record{{"a", TypeMX, ClassIN, 0, MXData{1, ".."}}}}, "authorities[1].data.exchange", "empty label"},
		{Message{Additionals: []Record{{"a", TypeTXT, ClassIN, 0, TXTData{[]string{"ok", strings.Repeat("x", 256)}}}}}, "additionals[1].data[2]", "255"},
		{Message{Answers: []Record{{"a", TypeA, ClassIN, 0, nil}}}, "answers[1].data", "no data"},
	} {
		_, err := c.m.Encode()
		var ee *EncodeError
		if !errors.As(err, &ee) || ee.Field != c.field || !strings.Contains(ee.Reason, c.why) {
			t.Errorf("%+v: got %v, want %s: ...%s", c.m, err, c.field, c.why)
		}
	}
}
