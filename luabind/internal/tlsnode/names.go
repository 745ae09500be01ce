package tlsnode

import (
	"crypto/tls"
	"sort"
	"strings"
)

// ProtocolName is getProtocol()'s text for a version: "TLSv1.3".
func ProtocolName(v uint16) string {
	switch v {
	case tls.VersionTLS13:
		return "TLSv1.3"
	case tls.VersionTLS12:
		return "TLSv1.2"
	case tls.VersionTLS11:
		return "TLSv1.1"
	case tls.VersionTLS10:
		return "TLSv1"
	}
	return "unknown"
}

// ProtocolVersion reads minVersion/maxVersion's names; ok is false for
// anything else.
func ProtocolVersion(name string) (uint16, bool) {
	switch name {
	case "TLSv1.3":
		return tls.VersionTLS13, true
	case "TLSv1.2":
		return tls.VersionTLS12, true
	case "TLSv1.1":
		return tls.VersionTLS11, true
	case "TLSv1":
		return tls.VersionTLS10, true
	}
	return 0, false
}

// Cipher is getCipher()'s answer.
type Cipher struct{ Name, StandardName, Version string }

// openSSLCiphers are OpenSSL's names for the TLS 1.2 suites Go speaks,
// with the protocol version OpenSSL files each under.
var openSSLCiphers = map[uint16][2]string{
	tls.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256:         {"ECDHE-RSA-AES128-GCM-SHA256", "TLSv1.2"},
	tls.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384:         {"ECDHE-RSA-AES256-GCM-SHA384", "TLSv1.2"},
	tls.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256:       {"ECDHE-ECDSA-AES128-GCM-SHA256", "TLSv1.2"},
	tls.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384:       {"ECDHE-ECDSA-AES256-GCM-SHA384", "TLSv1.2"},
	tls.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256:   {"ECDHE-RSA-CHACHA20-POLY1305", "TLSv1.2"},
	tls.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256: {"ECDHE-ECDSA-CHACHA20-POLY1305", "TLSv1.2"},
	tls.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256:         {"ECDHE-RSA-AES128-SHA256", "TLSv1.2"},
	tls.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256:       {"ECDHE-ECDSA-AES128-SHA256", "TLSv1.2"},
	tls.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA:            {"ECDHE-RSA-AES128-SHA", "TLSv1.0"},
	tls.TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA:            {"ECDHE-RSA-AES256-SHA", "TLSv1.0"},
	tls.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA:          {"ECDHE-ECDSA-AES128-SHA", "TLSv1.0"},
	tls.TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA:          {"ECDHE-ECDSA-AES256-SHA", "TLSv1.0"},
	tls.TLS_RSA_WITH_AES_128_GCM_SHA256:               {"AES128-GCM-SHA256", "TLSv1.2"},
	tls.TLS_RSA_WITH_AES_256_GCM_SHA384:               {"AES256-GCM-SHA384", "TLSv1.2"},
	tls.TLS_RSA_WITH_AES_128_CBC_SHA256:               {"AES128-SHA256", "TLSv1.2"},
	tls.TLS_RSA_WITH_AES_128_CBC_SHA:                  {"AES128-SHA", "SSLv3"},
	tls.TLS_RSA_WITH_AES_256_CBC_SHA:                  {"AES256-SHA", "SSLv3"},
	tls.TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA:           {"ECDHE-RSA-DES-CBC3-SHA", "TLSv1.0"},
	tls.TLS_RSA_WITH_3DES_EDE_CBC_SHA:                 {"DES-CBC3-SHA", "SSLv3"},
}

// CipherOf names a negotiated suite as Node's getCipher() does: TLS 1.3
// suites by their standard name, the others by OpenSSL's.
func CipherOf(id uint16) Cipher {
	std := tls.CipherSuiteName(id)
	if n, ok := openSSLCiphers[id]; ok {
		return Cipher{Name: n[0], StandardName: std, Version: n[1]}
	}
	return Cipher{Name: std, StandardName: std, Version: "TLSv1.3"}
}

// CipherNames is tls.getCiphers(): the names Go can negotiate, lower
// case and sorted, as Node lists OpenSSL's.
func CipherNames() []string {
	var out []string
	for _, s := range tls.CipherSuites() {
		out = append(out, strings.ToLower(CipherOf(s.ID).Name))
	}
	sort.Strings(out)
	return out
}
