//go:build linux

package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"time"
)

// tlsTest runs the TLS rows against bench/tls_echo.{lua,js}: handshakes
// per second (connect, full TLS 1.3 handshake, one 64-byte echo, close;
// no session resumption) and bulk echo MB/s through one TLS connection.
// Both servers get the same fresh P-256 certificate.
func tlsTest(c *config, root string, im impl) (map[string]float64, error) {
	dir, err := os.MkdirTemp("", "netsh-bench-tls")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	certFile, keyFile, err := writeBenchCert(dir)
	if err != nil {
		return nil, err
	}
	ch, err := startScriptArgs(im, filepath.Join(root, "bench", "tls_echo"+im.Ext), []string{certFile, keyFile})
	if err != nil {
		return nil, err
	}
	defer ch.stop()
	addr := net.JoinHostPort("127.0.0.1", fmt.Sprint(ch.ports.TCP))
	cfg := &tls.Config{InsecureSkipVerify: true, ClientSessionCache: nil, MinVersion: tls.VersionTLS13,
		CurvePreferences: []tls.CurveID{tls.X25519}} // what both servers can do, so neither pays for a hybrid key
	dial := func() (net.Conn, error) {
		d := &net.Dialer{Timeout: 2 * time.Second}
		return tls.DialWithDialer(d, "tcp", addr, cfg)
	}
	rate, _, err := churnWith(dial, 8, warmup(c.Short), c.Short)
	if err != nil {
		return nil, diedOr(ch, err)
	}
	conn, err := dial()
	if err != nil {
		return nil, diedOr(ch, err)
	}
	mbs, err := bulkOver(conn, warmup(c.Short), c.Short)
	if err != nil {
		return nil, diedOr(ch, err)
	}
	if !ch.alive() {
		return nil, fmt.Errorf("server exited during the test: %s", ch.stderr)
	}
	return map[string]float64{"tls_hs": rate, "tls_bulk": mbs}, nil
}

// writeBenchCert makes a self-signed certificate for 127.0.0.1 in dir.
func writeBenchCert(dir string) (certFile, keyFile string, err error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return "", "", err
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "127.0.0.1"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return "", "", err
	}
	kb, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return "", "", err
	}
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	if err := os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		return "", "", err
	}
	return certFile, keyFile, os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: kb}), 0o600)
}
