package luabind

import (
	"bytes"
	"crypto/sha256"
	"crypto/tls"
	"io"
	"regexp"
	"strings"
	"testing"

	"github.com/netsh/netsh/luabind/internal/tlsnode"
)

// The helper the command line's --tls flags use: a server with no files
// makes a self-signed certificate and prints the fingerprint a client
// then sees; a client checks against the CA file and SNI name, or with
// Insecure accepts anything.
func TestTLSFlagsConfigs(t *testing.T) {
	f := makeTLSFixtures(t)
	var printed bytes.Buffer
	scfg, err := TLSFlags{ALPN: []string{"x"}}.ServerConfig(&printed)
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`SHA-256 fingerprint ([0-9A-F:]{95})\n$`).FindStringSubmatch(printed.String())
	if m == nil {
		t.Fatalf("printed %q", printed.String())
	}
	dial := func(server *tls.Config, client TLSFlags) (tls.ConnectionState, error) {
		ln, err := tls.Listen("tcp", "127.0.0.1:0", server)
		if err != nil {
			t.Fatal(err)
		}
		defer ln.Close()
		go func() {
			if c, err := ln.Accept(); err == nil {
				c.(*tls.Conn).Handshake()
				io.Copy(io.Discard, c)
				c.Close()
			}
		}()
		ccfg, err := client.ClientConfig("127.0.0.1")
		if err != nil {
			t.Fatal(err)
		}
		c, err := tls.Dial("tcp", ln.Addr().String(), ccfg)
		if err != nil {
			return tls.ConnectionState{}, err
		}
		defer c.Close()
		return c.ConnectionState(), nil
	}
	st, err := dial(scfg, TLSFlags{Insecure: true, ALPN: []string{"x"}})
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(st.PeerCertificates[0].Raw)
	if tlsnode.Fingerprint(sum[:]) != m[1] || st.NegotiatedProtocol != "x" {
		t.Fatalf("fingerprint %s, printed %s; ALPN %q", tlsnode.Fingerprint(sum[:]), m[1], st.NegotiatedProtocol)
	}
	if _, err := dial(scfg, TLSFlags{}); err == nil || !strings.Contains(err.Error(), "unknown authority") {
		t.Fatalf("an unknown self-signed certificate was accepted: %v", err)
	}
	files, err := TLSFlags{CertFile: f.path("ss.pem"), KeyFile: f.path("ss.key")}.ServerConfig(nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := dial(files, TLSFlags{CAFile: f.path("ss.pem"), SNI: "localhost"}); err != nil {
		t.Fatal(err)
	}
	if _, err := (TLSFlags{CertFile: f.path("ss.pem")}).ServerConfig(nil); err == nil {
		t.Fatal("a certificate without its key was taken")
	}
}

// LuaOptions gives the tls module the same choice.
func TestTLSFlagsLuaOptions(t *testing.T) {
	bothIO(t, func(t *testing.T) {
		var printed syncBuffer
		r := runLuaSetup(t, netLimit, func(rt *Runtime) {
			srv, err := TLSFlags{ALPN: []string{"x"}}.LuaOptions(rt, true, &printed)
			if err != nil {
				t.Fatal(err)
			}
			cli, err := TLSFlags{Insecure: true, ALPN: []string{"x"}}.LuaOptions(rt, false, nil)
			if err != nil {
				t.Fatal(err)
			}
			rt.L.SetGlobal("SERVER_OPTS", srv)
			rt.L.SetGlobal("CLIENT_OPTS", cli)
		}, `
local tls = require('tls')
local srv = tls.createServer(SERVER_OPTS, function(s) s:_end('hi') end)
srv:listen(0, '127.0.0.1', function()
  CLIENT_OPTS.port, CLIENT_OPTS.host = srv:address().port, '127.0.0.1'
  local c
  c = tls.connect(CLIENT_OPTS, function()
    print(c.authorized, c.authorizationError, c.alpnProtocol, c:getPeerCertificate().fingerprint256)
    srv:close()
  end)
  c:on('data', function() end)
end)
`)
		r.wantClean(t)
		fp := regexp.MustCompile(`fingerprint (\S+)`).FindStringSubmatch(printed.String())
		if fp == nil {
			t.Fatalf("printed %q", printed.String())
		}
		checkOutput(t, "client", r.Out, "false\tDEPTH_ZERO_SELF_SIGNED_CERT\tx\t"+fp[1]+"\n")
	})
}
