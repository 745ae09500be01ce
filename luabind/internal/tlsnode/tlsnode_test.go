package tlsnode

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"net"
	"testing"
	"time"
)

// Node's checkServerIdentity on the same inputs (node -e, Node 20) gave
// these reasons; "" is a match.
func TestCheckServerIdentityAsNode(t *testing.T) {
	cases := []struct{ host, alt, cn, reason string }{
		{"a.test.example", "DNS:*.test.example", "", ""},
		{"test.example", "DNS:*.test.example", "", "Host: test.example. is not in the cert's altnames: DNS:*.test.example"},
		{"a.b.test.example", "DNS:*.test.example", "", "Host: a.b.test.example. is not in the cert's altnames: DNS:*.test.example"},
		{"a.example", "DNS:*.example", "", "Host: a.example. is not in the cert's altnames: DNS:*.example"},
		{"fxo.example.com", "DNS:f*o.example.com", "", ""},
		{"::1", "DNS:x, IP Address:0:0:0:0:0:0:0:1", "", ""},
		{"10.0.0.1", "IP Address:10.0.0.2", "", "IP: 10.0.0.1 is not in the cert's list: 10.0.0.2"},
		{"host.example", "", "host.example", ""},
		{"other.example", "", "host.example", "Host: other.example. is not cert's CN: host.example"},
		{"x.example", "", "", "Cert does not contain a DNS name"},
		{"A.Example.", "DNS:a.example", "", ""},
	}
	for _, c := range cases {
		var cn []string
		if c.cn != "" {
			cn = []string{c.cn}
		}
		got := ""
		if e := CheckServerIdentity(c.host, c.alt, cn); e != nil {
			got = e.Reason
		}
		if got != c.reason {
			t.Errorf("%s against %q: %q, want %q", c.host, c.alt, got, c.reason)
		}
	}
}

// OpenSSL's verify result is the last failure: an expired certificate
// reads CERT_HAS_EXPIRED even when nothing trusts it (Node agrees, see
// luabind's TestTLSVerifyErrorsMatchNode).
func TestVerifyOrder(t *testing.T) {
	now := time.Now()
	ca, _ := SelfSigned(SelfSignedOptions{IsCA: true})
	leaf, _ := SelfSigned(SelfSignedOptions{Hosts: []string{"x"}, Parent: ca.Cert, ParentKey: ca.Key})
	old, _ := SelfSigned(SelfSignedOptions{Hosts: []string{"x"}, NotBefore: now.Add(-2 * time.Hour), NotAfter: now.Add(-time.Hour)})
	soon, _ := SelfSigned(SelfSignedOptions{Hosts: []string{"x"}, NotBefore: now.Add(time.Hour)})
	code := func(chain ...*Certificate) func(roots ...*Certificate) string {
		return func(roots ...*Certificate) string {
			var r Roots
			for _, c := range roots {
				r.CA = append(r.CA, c.Cert)
			}
			var list []*x509.Certificate
			for _, c := range chain {
				list = append(list, c.Cert)
			}
			if e := Verify(list, r, now, true); e != nil {
				return e.Code
			}
			return "ok"
		}
	}
	for _, c := range []struct{ got, want string }{
		{code(leaf)(), "UNABLE_TO_VERIFY_LEAF_SIGNATURE"},
		{code(leaf, ca)(), "SELF_SIGNED_CERT_IN_CHAIN"},
		{code(leaf)(ca), "ok"},
		{code(leaf, ca)(ca), "ok"},
		{code(old)(), "CERT_HAS_EXPIRED"},
		{code(old)(old), "CERT_HAS_EXPIRED"},
		{code(soon)(soon), "CERT_NOT_YET_VALID"},
		{code(ca)(), "DEPTH_ZERO_SELF_SIGNED_CERT"},
	} {
		if c.got != c.want {
			t.Errorf("got %s, want %s", c.got, c.want)
		}
	}
	if e := Verify(nil, Roots{}, now, true); e == nil || e.Code != "UNABLE_TO_GET_ISSUER_CERT" {
		t.Errorf("no certificate: %v", e)
	}
}

// Alerts map to OpenSSL's codes by number; disconnects are not SSL errors.
func TestHandshakeErrorNames(t *testing.T) {
	remote := func(a uint8) error { return &net.OpError{Op: "remote error", Err: tls.AlertError(a)} }
	for _, c := range []struct {
		err  error
		code string
	}{
		{remote(40), "ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE"},
		{remote(48), "ERR_SSL_TLSV1_ALERT_UNKNOWN_CA"},
		{remote(116), "ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED"},
		{remote(120), "ERR_SSL_TLSV1_ALERT_NO_APPLICATION_PROTOCOL"},
		{tls.RecordHeaderError{Msg: "x", RecordHeader: [5]byte{'h', 'e', 'l', 'l', 'o'}}, "ERR_SSL_WRONG_VERSION_NUMBER"},
		{errors.New("tls: client offered only unsupported versions: [302]"), "ERR_SSL_UNSUPPORTED_PROTOCOL"},
	} {
		se := HandshakeError(c.err, false)
		if se == nil || se.Code != c.code {
			t.Errorf("%v: %+v, want %s", c.err, se, c.code)
		}
	}
	if se := HandshakeError(tls.RecordHeaderError{RecordHeader: [5]byte{'G', 'E', 'T', ' ', '/'}}, true); se == nil || se.Code != "ERR_SSL_HTTP_REQUEST" {
		t.Errorf("HTTP to a server: %+v", se)
	}
	if se := HandshakeError(io.EOF, true); se != nil || !Disconnected(io.ErrUnexpectedEOF) {
		t.Errorf("EOF: %+v", se)
	}
}

// TestCheckCertIdentity: the check on a certificate gives what the check
// on its description (as getPeerCertificate prints it) gives.
func TestCheckCertIdentity(t *testing.T) {
	san, _ := SelfSigned(SelfSignedOptions{Hosts: []string{"www.example.test", "*.dev.example.test", "192.0.2.7", "::1"}})
	cnOnly, _ := SelfSigned(SelfSignedOptions{IsCA: true, Name: "cn.example.test"})
	for _, c := range []*Certificate{san, cnOnly} {
		info := Describe(c.Cert)
		var cn []string
		for _, a := range info.Subject {
			if a.Key == "CN" {
				cn = append(cn, a.Value)
			}
		}
		for _, host := range []string{"www.example.test", "a.dev.example.test", "a.b.dev.example.test", "192.0.2.7",
			"::1", "0:0::1", "192.0.2.8", "cn.example.test", "other.test", "WWW.EXAMPLE.TEST."} {
			direct, described := CheckCertIdentity(host, c.Cert), CheckServerIdentity(host, info.SubjectAltName, cn)
			if (direct == nil) != (described == nil) || direct != nil && *direct != *described {
				t.Errorf("%s on %q: %v, from the description %v", host, info.SubjectAltName, direct, described)
			}
		}
	}
	if CheckCertIdentity("www.example.test", san.Cert) != nil || CheckCertIdentity("other.test", san.Cert) == nil {
		t.Error("the check does not tell a listed name from another")
	}
}
