package luabind

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/netsh/netsh/luabind/internal/tlsnode"
)

// tlsFixtures are certificates a test made with crypto/x509, written as
// PEM files in a temporary directory (dir) that the scripts read:
//
//	ss       self-signed, for localhost, 127.0.0.1 and ::1
//	ca       a CA; leaf is signed by it for the same names; chain is
//	         leaf then ca, as a server sends a chain
//	client   a client certificate signed by ca
//	expired  self-signed, expired yesterday
//	other    self-signed for other.test, to tell SNI contexts apart
//	ileaf    signed by inter, a CA signed by ca; ichain is ileaf then
//	         inter, a chain without its root
type tlsFixtures struct {
	dir  string
	fp   map[string]string // SHA-256 fingerprints by name
	pems map[string][]byte
}

func makeTLSFixtures(t *testing.T) *tlsFixtures {
	t.Helper()
	f := &tlsFixtures{dir: t.TempDir(), fp: map[string]string{}, pems: map[string][]byte{}}
	hosts := []string{"localhost", "127.0.0.1", "::1"}
	mk := func(name string, o tlsnode.SelfSignedOptions) *tlsnode.Certificate {
		c, err := tlsnode.SelfSigned(o)
		if err != nil {
			t.Fatal(err)
		}
		f.write(t, name+".pem", c.CertPEM)
		f.write(t, name+".key", c.KeyPEM)
		f.fp[name] = c.Fingerprint256
		return c
	}
	mk("ss", tlsnode.SelfSignedOptions{Hosts: hosts})
	ca := mk("ca", tlsnode.SelfSignedOptions{IsCA: true})
	leaf := mk("leaf", tlsnode.SelfSignedOptions{Hosts: hosts, Parent: ca.Cert, ParentKey: ca.Key})
	mk("client", tlsnode.SelfSignedOptions{Hosts: []string{"client"}, Parent: ca.Cert, ParentKey: ca.Key})
	now := time.Now()
	mk("expired", tlsnode.SelfSignedOptions{Hosts: hosts, NotBefore: now.Add(-48 * time.Hour), NotAfter: now.Add(-24 * time.Hour)})
	mk("other", tlsnode.SelfSignedOptions{Hosts: []string{"other.test"}})
	f.write(t, "chain.pem", append(append([]byte(nil), leaf.CertPEM...), ca.CertPEM...))
	inter := mk("inter", tlsnode.SelfSignedOptions{IsCA: true, Name: "netsh test intermediate", Parent: ca.Cert, ParentKey: ca.Key})
	ileaf := mk("ileaf", tlsnode.SelfSignedOptions{Hosts: hosts, Parent: inter.Cert, ParentKey: inter.Key})
	f.write(t, "ichain.pem", append(append([]byte(nil), ileaf.CertPEM...), inter.CertPEM...))
	return f
}

func (f *tlsFixtures) write(t *testing.T, name string, b []byte) {
	t.Helper()
	f.pems[name] = b
	if err := os.WriteFile(filepath.Join(f.dir, name), b, 0o600); err != nil {
		t.Fatal(err)
	}
}

func (f *tlsFixtures) path(name string) string { return filepath.Join(f.dir, name) }

// tlsPrelude is Lua that every TLS test script starts with: tls, and
// pem(name) reading a fixture.
const tlsPrelude = `
local tls, net, fs = require('tls'), require('net'), require('fs')
local DIR = process.argv[2]
local function pem(name) return fs.readFileSync(DIR .. '/' .. name) end
`

// runTLS runs a TLS script with the fixtures' directory as argv[2] and
// the extra arguments after it.
func runTLS(t *testing.T, f *tlsFixtures, limit time.Duration, src string, args ...string) luaResult {
	t.Helper()
	return runLua(t, limit, tlsPrelude+src, append([]string{f.dir}, args...)...)
}

// needTool skips nothing: the Debian tools the TLS tests use are
// installed by .ci/run, so a missing one fails the test.
func needTool(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		t.Fatalf("%s is not installed (bash .ci/run installs it): %v", name, err)
	}
	return p
}

// lines splits output into its non-empty lines.
func lines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}
