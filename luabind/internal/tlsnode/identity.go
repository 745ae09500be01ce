package tlsnode

import (
	"crypto/x509"
	"net"
	"strings"
)

// IdentityError is Node's ERR_TLS_CERT_ALTNAME_INVALID: the reason says
// which name was looked for and what the certificate holds.
type IdentityError struct {
	Reason string
	Host   string
}

// Error returns Node's message for the mismatch.
func (e *IdentityError) Error() string {
	return "Hostname/IP does not match certificate's altnames: " + e.Reason
}

// CheckCertIdentity is CheckServerIdentity on a certificate: its
// subjectaltname and CN read as Describe prints them, without the rest
// of the description (hashes, key) a host name check does not need.
func CheckCertIdentity(host string, c *x509.Certificate) *IdentityError {
	var cn []string
	for _, a := range nameAttrs(c.Subject.Names) {
		if a.Key == "CN" {
			cn = append(cn, a.Value)
		}
	}
	return CheckServerIdentity(host, subjectAltName(c), cn)
}

// CheckServerIdentity is Node's tls.checkServerIdentity on the two fields
// it reads: altNames is the certificate's subjectaltname as Node prints it
// ("DNS:a, IP Address:1.2.3.4") and cn its subject's CN values. It returns
// nil when host matches: an IP against the IP entries, a name against the
// DNS entries (wildcards in the leftmost label only), or against the CN
// when there are none.
func CheckServerIdentity(host, altNames string, cn []string) *IdentityError {
	var dnsNames, ips []string
	if altNames != "" {
		for _, name := range splitAltNames(altNames) {
			if v, ok := strings.CutPrefix(name, "DNS:"); ok {
				dnsNames = append(dnsNames, v)
			} else if v, ok := strings.CutPrefix(name, "IP Address:"); ok {
				ips = append(ips, canonicalIP(v))
			}
		}
	}
	host = strings.TrimSuffix(host, ".")
	switch {
	case net.ParseIP(host) != nil:
		want := canonicalIP(host)
		for _, ip := range ips {
			if ip == want {
				return nil
			}
		}
		return &IdentityError{Host: host, Reason: "IP: " + host + " is not in the cert's list: " + strings.Join(ips, ", ")}
	case len(dnsNames) > 0:
		parts := splitHost(host)
		for _, p := range dnsNames {
			if matchHost(parts, p) {
				return nil
			}
		}
		return &IdentityError{Host: host, Reason: "Host: " + host + ". is not in the cert's altnames: " + altNames}
	case len(cn) > 0:
		parts := splitHost(host)
		for _, p := range cn {
			if matchHost(parts, p) {
				return nil
			}
		}
		return &IdentityError{Host: host, Reason: "Host: " + host + ". is not cert's CN: " + strings.Join(cn, ",")}
	}
	return &IdentityError{Host: host, Reason: "Cert does not contain a DNS name"}
}

// splitAltNames splits on ", " outside the quotes Node puts around
// entries that contain one.
func splitAltNames(s string) []string {
	if !strings.Contains(s, `"`) {
		return strings.Split(s, ", ")
	}
	var out []string
	var cur strings.Builder
	quoted := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\\' && quoted && i+1 < len(s):
			i++
			cur.WriteByte(s[i])
		case c == '"':
			quoted = !quoted
		case c == ',' && !quoted && i+1 < len(s) && s[i+1] == ' ':
			out = append(out, cur.String())
			cur.Reset()
			i++
		default:
			cur.WriteByte(c)
		}
	}
	return append(out, cur.String())
}

func canonicalIP(s string) string {
	if ip := net.ParseIP(s); ip != nil {
		return ip.String()
	}
	return s
}

func splitHost(h string) []string {
	return strings.Split(strings.ToLower(strings.TrimSuffix(h, ".")), ".")
}

// matchHost is Node's check(): labels compared right to left, a '*' only
// in the leftmost label of a name with at least three labels, never in
// an A-label (xn--).
func matchHost(host []string, pattern string) bool {
	if pattern == "" {
		return false
	}
	pat := splitHost(pattern)
	if len(host) != len(pat) {
		return false
	}
	for _, p := range pat {
		if p == "" {
			return false
		}
		for _, r := range p {
			if r < 0x21 || r > 0x7f {
				return false
			}
		}
	}
	for i := len(host) - 1; i > 0; i-- {
		if host[i] != pat[i] {
			return false
		}
	}
	sub, psub := host[0], pat[0]
	stars := strings.Split(psub, "*")
	if len(stars) == 1 || strings.Contains(psub, "xn--") {
		return sub == psub
	}
	if len(stars) > 2 || len(pat) <= 2 {
		return false
	}
	prefix, suffix := stars[0], stars[1]
	return len(prefix)+len(suffix) <= len(sub) && strings.HasPrefix(sub, prefix) && strings.HasSuffix(sub, suffix)
}
