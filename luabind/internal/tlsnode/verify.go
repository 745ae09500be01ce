package tlsnode

import (
	"bytes"
	"crypto/x509"
	"time"
)

// VerifyError is a failed certificate check as OpenSSL names it; Node
// puts Code in err.code and in socket.authorizationError.
type VerifyError struct {
	Code    string // DEPTH_ZERO_SELF_SIGNED_CERT, CERT_HAS_EXPIRED, ...
	Message string // "self-signed certificate", as OpenSSL 3 words it
}

// Error returns OpenSSL's text for the code, as Node shows it.
func (e *VerifyError) Error() string { return e.Message }

// verifyMessages are OpenSSL 3's texts for the codes Verify gives.
var verifyMessages = map[string]string{
	"DEPTH_ZERO_SELF_SIGNED_CERT":       "self-signed certificate",
	"SELF_SIGNED_CERT_IN_CHAIN":         "self-signed certificate in certificate chain",
	"UNABLE_TO_VERIFY_LEAF_SIGNATURE":   "unable to verify the first certificate",
	"UNABLE_TO_GET_ISSUER_CERT_LOCALLY": "unable to get local issuer certificate",
	"UNABLE_TO_GET_ISSUER_CERT":         "unable to get issuer certificate",
	"CERT_HAS_EXPIRED":                  "certificate has expired",
	"CERT_NOT_YET_VALID":                "certificate is not yet valid",
	"INVALID_CA":                        "invalid CA certificate",
	"INVALID_PURPOSE":                   "unsupported certificate purpose",
}

func verifyError(code string) *VerifyError {
	return &VerifyError{Code: code, Message: verifyMessages[code]}
}

// NoPeerCertificate is what Node reports as a server's authorizationError
// when a client sent no certificate at all.
func NoPeerCertificate() *VerifyError { return verifyError("UNABLE_TO_GET_ISSUER_CERT") }

// Roots are the certificates a peer's chain may end in: the `ca` option's
// when given (they replace the default store, as in Node), else the
// system's.
type Roots struct {
	CA     []*x509.Certificate
	System *x509.CertPool // used when CA is empty; nil: trust nothing
}

// Verify checks a peer's chain (leaf first, as the peer sent it) the way
// OpenSSL does for Node, and returns nil or the error OpenSSL's verify
// result would be. OpenSSL reports the last failure it meets: chain
// building first (untrusted, self-signed, missing issuer), then the CA
// and purpose checks, then signatures and validity times, so an expired
// certificate reads CERT_HAS_EXPIRED even when its chain is untrusted.
// serverAuth selects the purpose: a server's certificate (checked by a
// client) or a client's.
func Verify(chain []*x509.Certificate, roots Roots, now time.Time, serverAuth bool) *VerifyError {
	if len(chain) == 0 {
		return NoPeerCertificate()
	}
	built, trusted := buildChain(chain, roots)
	var code string
	if !trusted {
		top := built[len(built)-1]
		switch {
		case selfIssued(top) && len(built) == 1:
			code = "DEPTH_ZERO_SELF_SIGNED_CERT"
		case selfIssued(top):
			code = "SELF_SIGNED_CERT_IN_CHAIN"
		case len(built) == 1:
			code = "UNABLE_TO_VERIFY_LEAF_SIGNATURE"
		default:
			code = "UNABLE_TO_GET_ISSUER_CERT_LOCALLY"
		}
	}
	for _, c := range built[1:] {
		if c.BasicConstraintsValid && !c.IsCA {
			code = "INVALID_CA" // an issuer that may not issue
		}
	}
	if !purposeOK(chain[0], serverAuth) {
		code = "INVALID_PURPOSE"
	}
	// Validity from the top down to the leaf: the leaf's failure is last.
	for i := len(built) - 1; i >= 0; i-- {
		c := built[i]
		if now.Before(c.NotBefore) {
			code = "CERT_NOT_YET_VALID"
		} else if now.After(c.NotAfter) {
			code = "CERT_HAS_EXPIRED"
		}
	}
	if code == "" {
		return nil
	}
	return verifyError(code)
}

// buildChain follows issuers from the leaf through what the peer sent,
// stopping at a trust anchor, a self-issued certificate or a missing
// issuer; it reports whether it reached an anchor.
func buildChain(chain []*x509.Certificate, roots Roots) ([]*x509.Certificate, bool) {
	built := []*x509.Certificate{chain[0]}
	used := map[int]bool{0: true}
	for len(built) <= 10 {
		cur := built[len(built)-1]
		if anchor, ok := trustedFor(cur, chain[1:], roots); ok {
			if anchor != nil && !bytes.Equal(anchor.Raw, cur.Raw) {
				built = append(built, anchor)
			}
			return built, true
		}
		if selfIssued(cur) {
			return built, false
		}
		next := -1
		for i, c := range chain {
			if !used[i] && issuedBy(cur, c) {
				next = i
				break
			}
		}
		if next < 0 {
			return built, false
		}
		used[next] = true
		built = append(built, chain[next])
	}
	return built, false
}

// trustedFor reports whether c is a trust anchor or signed by one; the
// anchor is returned when it is known (nil for a system root).
func trustedFor(c *x509.Certificate, intermediates []*x509.Certificate, roots Roots) (*x509.Certificate, bool) {
	if len(roots.CA) > 0 {
		for _, r := range roots.CA {
			if bytes.Equal(r.Raw, c.Raw) {
				return r, true
			}
		}
		for _, r := range roots.CA {
			if issuedBy(c, r) {
				return r, true
			}
		}
		return nil, false
	}
	if roots.System == nil {
		return nil, false
	}
	// The system store cannot be listed: ask x509 whether c chains to it
	// directly, at a time inside c's validity (times are checked apart).
	chains, err := c.Verify(x509.VerifyOptions{
		Roots:       roots.System,
		CurrentTime: c.NotBefore.Add(time.Second),
		KeyUsages:   []x509.ExtKeyUsage{x509.ExtKeyUsageAny},
	})
	if err != nil || len(chains) == 0 {
		return nil, false
	}
	if len(chains[0]) > 1 {
		return chains[0][1], true
	}
	return chains[0][0], true
}

// issuedBy reports whether parent's key signed c and names match; no CA
// flag is required here (INVALID_CA is reported apart, as OpenSSL does).
func issuedBy(c, parent *x509.Certificate) bool {
	return bytes.Equal(c.RawIssuer, parent.RawSubject) &&
		parent.CheckSignature(c.SignatureAlgorithm, c.RawTBSCertificate, c.Signature) == nil
}

func selfIssued(c *x509.Certificate) bool { return issuedBy(c, c) }

// purposeOK is OpenSSL's sslserver/sslclient purpose check on the leaf's
// extended key usage: absent, "any", or the one asked for.
func purposeOK(c *x509.Certificate, serverAuth bool) bool {
	if len(c.ExtKeyUsage) == 0 && len(c.UnknownExtKeyUsage) == 0 {
		return true
	}
	want := x509.ExtKeyUsageClientAuth
	if serverAuth {
		want = x509.ExtKeyUsageServerAuth
	}
	for _, u := range c.ExtKeyUsage {
		if u == want || u == x509.ExtKeyUsageAny {
			return true
		}
		if serverAuth && (u == x509.ExtKeyUsageNetscapeServerGatedCrypto || u == x509.ExtKeyUsageMicrosoftServerGatedCrypto) {
			return true
		}
	}
	return false
}

// Chain is the peer's chain as OpenSSL builds it for getPeerCertificate
// (true): the leaf, then each issuer, ending at the trust anchor when one
// was found.
func Chain(chain []*x509.Certificate, roots Roots) []*x509.Certificate {
	if len(chain) == 0 {
		return nil
	}
	built, _ := buildChain(chain, roots)
	return built
}
