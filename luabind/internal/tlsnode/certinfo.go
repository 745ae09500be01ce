package tlsnode

import (
	"crypto/ecdsa"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"fmt"
	"net"
	"strings"
)

// Attr is one attribute of a distinguished name, by OpenSSL's short name.
type Attr struct{ Key, Value string }

// CertInfo is a certificate as Node's getPeerCertificate() prints it;
// fields Node leaves out for the key type are zero.
type CertInfo struct {
	Subject, Issuer []Attr // in the certificate's order; a key may repeat
	SubjectAltName  string // "DNS:a, IP Address:127.0.0.1", "" when absent
	InfoAccess      []Attr // "OCSP - URI" / "CA Issuers - URI" entries
	CA              bool
	Bits            int
	Modulus         string // RSA: upper-case hex
	Exponent        string // RSA: "0x10001"
	Pubkey          []byte // RSA: SubjectPublicKeyInfo DER; EC: the point
	ASN1Curve       string // EC: "prime256v1"
	NISTCurve       string // EC: "P-256"
	ValidFrom       string // "Dec  1 13:15:32 2026 GMT"
	ValidTo         string
	Fingerprint     string // SHA-1
	Fingerprint256  string
	Fingerprint512  string
	ExtKeyUsage     []string // OIDs, in the certificate's order
	SerialNumber    string   // upper-case hex, whole bytes
	Raw             []byte
}

var attrNames = map[string]string{
	"2.5.4.6": "C", "2.5.4.8": "ST", "2.5.4.7": "L", "2.5.4.10": "O", "2.5.4.11": "OU",
	"2.5.4.3": "CN", "1.2.840.113549.1.9.1": "emailAddress", "2.5.4.5": "serialNumber",
	"2.5.4.9": "street", "0.9.2342.19200300.100.1.25": "DC", "0.9.2342.19200300.100.1.1": "UID",
	"2.5.4.17": "postalCode", "2.5.4.12": "title", "2.5.4.42": "GN", "2.5.4.4": "SN",
	"2.5.4.43": "initials", "2.5.4.65": "pseudonym", "2.5.4.44": "generationQualifier",
	"2.5.4.46": "dnQualifier", "2.5.4.15": "businessCategory", "2.5.4.41": "name",
	"2.5.4.97": "organizationIdentifier", "1.3.6.1.4.1.311.60.2.1.3": "jurisdictionC",
}

var curveNames = map[string][2]string{
	"P-224": {"secp224r1", "P-224"}, "P-256": {"prime256v1", "P-256"},
	"P-384": {"secp384r1", "P-384"}, "P-521": {"secp521r1", "P-521"},
}

// Describe gives c's fields as Node prints them.
func Describe(c *x509.Certificate) *CertInfo {
	s1, s256, s512 := sha1.Sum(c.Raw), sha256.Sum256(c.Raw), sha512.Sum512(c.Raw)
	info := &CertInfo{
		Subject:        nameAttrs(c.Subject.Names),
		Issuer:         nameAttrs(c.Issuer.Names),
		CA:             c.BasicConstraintsValid && c.IsCA,
		ValidFrom:      c.NotBefore.UTC().Format("Jan _2 15:04:05 2006 GMT"),
		ValidTo:        c.NotAfter.UTC().Format("Jan _2 15:04:05 2006 GMT"),
		Fingerprint:    Fingerprint(s1[:]),
		Fingerprint256: Fingerprint(s256[:]),
		Fingerprint512: Fingerprint(s512[:]),
		SerialNumber:   serialHex(c.SerialNumber.Bytes()),
		Raw:            c.Raw,
	}
	info.SubjectAltName = subjectAltName(c)
	for _, ext := range c.Extensions {
		switch ext.Id.String() {
		case "2.5.29.37":
			var oids []asn1.ObjectIdentifier
			if _, err := asn1.Unmarshal(ext.Value, &oids); err == nil {
				for _, o := range oids {
					info.ExtKeyUsage = append(info.ExtKeyUsage, o.String())
				}
			}
		}
	}
	for _, u := range c.OCSPServer {
		info.InfoAccess = append(info.InfoAccess, Attr{"OCSP - URI", u})
	}
	for _, u := range c.IssuingCertificateURL {
		info.InfoAccess = append(info.InfoAccess, Attr{"CA Issuers - URI", u})
	}
	switch k := c.PublicKey.(type) {
	case *rsa.PublicKey:
		info.Bits = k.N.BitLen()
		info.Modulus = strings.ToUpper(k.N.Text(16))
		info.Exponent = fmt.Sprintf("0x%x", k.E)
		info.Pubkey, _ = x509.MarshalPKIXPublicKey(k)
	case *ecdsa.PublicKey:
		info.Bits = k.Curve.Params().BitSize
		if n, ok := curveNames[k.Curve.Params().Name]; ok {
			info.ASN1Curve, info.NISTCurve = n[0], n[1]
		}
		if ek, err := k.ECDH(); err == nil {
			info.Pubkey = ek.Bytes()
		}
	}
	return info
}

func nameAttrs(names []pkix.AttributeTypeAndValue) []Attr {
	out := make([]Attr, 0, len(names))
	for _, n := range names {
		key := n.Type.String()
		if short, ok := attrNames[key]; ok {
			key = short
		}
		out = append(out, Attr{key, fmt.Sprint(n.Value)})
	}
	return out
}

func serialHex(b []byte) string {
	if len(b) == 0 {
		return "00"
	}
	return strings.ReplaceAll(Fingerprint(b), ":", "")
}

// subjectAltName is c's subjectAltName extension as Node prints it (the
// last one, if a certificate has several).
func subjectAltName(c *x509.Certificate) string {
	alt := ""
	for _, ext := range c.Extensions {
		if ext.Id.String() == "2.5.29.17" {
			alt = altNames(ext.Value)
		}
	}
	return alt
}

// altNames prints a subjectAltName extension as OpenSSL does for Node,
// entries in the certificate's order.
func altNames(der []byte) string {
	var seq asn1.RawValue
	if _, err := asn1.Unmarshal(der, &seq); err != nil {
		return ""
	}
	var parts []string
	rest := seq.Bytes
	for len(rest) > 0 {
		var v asn1.RawValue
		var err error
		if rest, err = asn1.Unmarshal(rest, &v); err != nil {
			break
		}
		switch v.Tag {
		case 1:
			parts = append(parts, "email:"+quoteAltName(string(v.Bytes)))
		case 2:
			parts = append(parts, "DNS:"+quoteAltName(string(v.Bytes)))
		case 6:
			parts = append(parts, "URI:"+quoteAltName(string(v.Bytes)))
		case 7:
			parts = append(parts, "IP Address:"+altIP(v.Bytes))
		case 0:
			parts = append(parts, "othername:<unsupported>")
		}
	}
	return strings.Join(parts, ", ")
}

// altIP prints an address as OpenSSL does: IPv6 as eight upper-case hex
// groups, no compression.
func altIP(b []byte) string {
	switch len(b) {
	case 4:
		return net.IP(b).String()
	case 16:
		g := make([]string, 8)
		for i := range g {
			g[i] = fmt.Sprintf("%X", int(b[2*i])<<8|int(b[2*i+1]))
		}
		return strings.Join(g, ":")
	}
	return "<invalid>"
}

// quoteAltName is Node's escaping: a name holding a separator, a quote or
// a control character is printed as a JSON string.
func quoteAltName(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c > 0x7e || c == ',' || c == '"' || c == '\\' {
			return fmt.Sprintf("%q", s)
		}
	}
	return s
}
