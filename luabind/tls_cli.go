package luabind

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"os"

	lua "github.com/yuin/gopher-lua"

	"github.com/netsh/netsh/luabind/internal/tlsnode"
)

// TLSFlags are the command line's TLS options (--tls, --tls-insecure,
// --tls-sni, --tls-alpn and the files), for `netsh connect`, `listen`
// and `proxy` to turn into a TLS side. The zero value is TLS with the
// system's roots and, for a server, a fresh self-signed certificate.
type TLSFlags struct {
	Insecure bool     // --tls-insecure: a client accepts any certificate
	SNI      string   // --tls-sni: the name a client asks for and checks; default the host
	ALPN     []string // --tls-alpn, split at commas: protocols offered or accepted
	CertFile string   // PEM certificate (chain) to present; a server without one makes one
	KeyFile  string   // its private key
	CAFile   string   // PEM certificates to trust instead of the system's
}

// SelfSignedHosts are the names a server's default certificate is for.
var SelfSignedHosts = []string{"localhost", "127.0.0.1", "::1"}

// ClientConfig is a crypto/tls client configuration for a Go dialer of
// host: the SNI name, ALPN, a client certificate if given, and the CA
// file or the system roots, unless Insecure. Safe from any goroutine.
func (f TLSFlags) ClientConfig(host string) (*tls.Config, error) {
	cfg := &tls.Config{ServerName: f.SNI, NextProtos: f.ALPN, InsecureSkipVerify: f.Insecure}
	if cfg.ServerName == "" {
		cfg.ServerName = host
	}
	if err := f.loadPair(cfg); err != nil {
		return nil, err
	}
	if f.CAFile != "" {
		pem, err := os.ReadFile(f.CAFile)
		if err != nil {
			return nil, err
		}
		cfg.RootCAs = x509.NewCertPool()
		if !cfg.RootCAs.AppendCertsFromPEM(pem) {
			return nil, errors.New(f.CAFile + ": no PEM certificate in it")
		}
	}
	return cfg, nil
}

// ServerConfig is a crypto/tls server configuration: the certificate
// files, or else a self-signed certificate for SelfSignedHosts whose
// SHA-256 fingerprint is written to w (as `ncat --ssl -l` prints one), so
// that a client can pin it. Safe from any goroutine.
func (f TLSFlags) ServerConfig(w io.Writer) (*tls.Config, error) {
	cfg := &tls.Config{NextProtos: f.ALPN}
	if f.CertFile != "" || f.KeyFile != "" {
		return cfg, f.loadPair(cfg)
	}
	c, err := tlsnode.SelfSigned(tlsnode.SelfSignedOptions{Hosts: SelfSignedHosts})
	if err != nil {
		return nil, err
	}
	pair, err := tls.X509KeyPair(c.CertPEM, c.KeyPEM)
	if err != nil {
		return nil, err
	}
	cfg.Certificates = []tls.Certificate{pair}
	if w != nil {
		fmt.Fprintf(w, "netsh: TLS with a self-signed certificate, SHA-256 fingerprint %s\n", c.Fingerprint256)
	}
	return cfg, nil
}

func (f TLSFlags) loadPair(cfg *tls.Config) error {
	if f.CertFile == "" && f.KeyFile == "" {
		return nil
	}
	if f.CertFile == "" || f.KeyFile == "" {
		return errors.New("a TLS certificate needs both --tls-cert and --tls-key")
	}
	pair, err := tls.LoadX509KeyPair(f.CertFile, f.KeyFile)
	if err != nil {
		return err
	}
	cfg.Certificates = []tls.Certificate{pair}
	return nil
}

// LuaOptions is the same choice as an options table for the Lua tls
// module: tls.connect's (server false: servername, rejectUnauthorized,
// ALPNProtocols, ca, key, cert) or tls.createServer's (key and cert, the
// self-signed ones announced on w when no files are given). For a REPL's
// .connect/.listen built on the tls module. Loop goroutine only.
func (f TLSFlags) LuaOptions(rt *Runtime, server bool, w io.Writer) (*lua.LTable, error) {
	L := rt.L
	t := L.NewTable()
	if len(f.ALPN) > 0 {
		alpn := L.NewTable()
		for _, p := range f.ALPN {
			alpn.Append(lua.LString(p))
		}
		t.RawSetString("ALPNProtocols", alpn)
	}
	read := func(key, path string) error {
		if path == "" {
			return nil
		}
		b, err := os.ReadFile(path)
		if err == nil {
			t.RawSetString(key, lua.LString(b))
		}
		return err
	}
	if err := errors.Join(read("cert", f.CertFile), read("key", f.KeyFile), read("ca", f.CAFile)); err != nil {
		return nil, err
	}
	if !server {
		if f.SNI != "" {
			t.RawSetString("servername", lua.LString(f.SNI))
		}
		t.RawSetString("rejectUnauthorized", lua.LBool(!f.Insecure))
		return t, nil
	}
	if f.CertFile == "" {
		c, err := tlsnode.SelfSigned(tlsnode.SelfSignedOptions{Hosts: SelfSignedHosts})
		if err != nil {
			return nil, err
		}
		t.RawSetString("cert", lua.LString(c.CertPEM))
		t.RawSetString("key", lua.LString(c.KeyPEM))
		if w != nil {
			fmt.Fprintf(w, "netsh: TLS with a self-signed certificate, SHA-256 fingerprint %s\n", c.Fingerprint256)
		}
	}
	return t, nil
}
