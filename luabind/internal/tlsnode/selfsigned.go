package tlsnode

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"math/big"
	"net"
	"time"
)

// SelfSignedOptions describes a certificate made in memory for a quick
// server, as `ncat --ssl -l` makes one.
type SelfSignedOptions struct {
	Hosts     []string  // DNS names and IP addresses it is valid for; the first is its CN
	Name      string    // the subject's CN instead (a CA's name)
	NotBefore time.Time // zero: an hour ago (clock skew)
	NotAfter  time.Time // zero: a year after NotBefore
	IsCA      bool      // may sign other certificates
	Parent    *x509.Certificate
	ParentKey any // the parent's private key, with Parent
}

// Certificate is a key pair in PEM with its SHA-256 fingerprint.
type Certificate struct {
	KeyPEM, CertPEM []byte
	Cert            *x509.Certificate
	Key             *ecdsa.PrivateKey
	Fingerprint256  string // AA:BB:... as Node prints it
}

// SelfSigned makes a fresh P-256 key and a certificate for o.Hosts,
// self-signed unless o.Parent is given.
func SelfSigned(o SelfSignedOptions) (*Certificate, error) {
	if len(o.Hosts) == 0 && !o.IsCA {
		return nil, errors.New("a certificate needs at least one host")
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
	if err != nil {
		return nil, err
	}
	nb := o.NotBefore
	if nb.IsZero() {
		nb = time.Now().Add(-time.Hour)
	}
	na := o.NotAfter
	if na.IsZero() {
		na = nb.AddDate(1, 0, 0)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		NotBefore:             nb,
		NotAfter:              na,
		KeyUsage:              x509.KeyUsageDigitalSignature,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth},
		BasicConstraintsValid: true,
		IsCA:                  o.IsCA,
	}
	if o.IsCA {
		tmpl.KeyUsage |= x509.KeyUsageCertSign
		tmpl.ExtKeyUsage = nil
	}
	for _, h := range o.Hosts {
		if ip := net.ParseIP(h); ip != nil {
			tmpl.IPAddresses = append(tmpl.IPAddresses, ip)
		} else {
			tmpl.DNSNames = append(tmpl.DNSNames, h)
		}
	}
	switch {
	case o.Name != "":
		tmpl.Subject = pkix.Name{CommonName: o.Name}
	case len(o.Hosts) > 0:
		tmpl.Subject = pkix.Name{CommonName: o.Hosts[0]}
	default:
		tmpl.Subject = pkix.Name{CommonName: "netsh test CA"}
	}
	parent, signer := tmpl, any(key)
	if o.Parent != nil {
		parent, signer = o.Parent, o.ParentKey
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, &key.PublicKey, signer)
	if err != nil {
		return nil, err
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, err
	}
	kb, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(der)
	return &Certificate{
		KeyPEM:         pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: kb}),
		CertPEM:        pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}),
		Cert:           cert,
		Key:            key,
		Fingerprint256: Fingerprint(sum[:]),
	}, nil
}

// Fingerprint prints a digest as OpenSSL and Node do: upper-case hex
// bytes joined by colons.
func Fingerprint(sum []byte) string {
	const hexdig = "0123456789ABCDEF"
	b := make([]byte, 0, len(sum)*3)
	for i, c := range sum {
		if i > 0 {
			b = append(b, ':')
		}
		b = append(b, hexdig[c>>4], hexdig[c&15])
	}
	return string(b)
}
