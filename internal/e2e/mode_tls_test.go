package e2e

import (
	"io"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/netsh/netsh/internal/testkit"
)

// netsh listen --tls with no certificate makes a self-signed one, prints
// its fingerprint, and openssl s_client's line arrives decrypted.
func TestModeTLSListenSelfSigned(t *testing.T) {
	// netsh's stdin stays open: at its end netsh would half-close, and its
	// close_notify would make s_client exit, perhaps before it sent.
	stdin, stdinW := io.Pipe()
	defer stdinW.Close()
	p := startMode(t, stdin, nil, "listen", "--tls", "0", "127.0.0.1")
	port := p.listening(t)
	p.waitErr(t, `TLS with a self-signed certificate, SHA-256 fingerprint ([0-9A-F]{2}:){31}[0-9A-F]{2}`)
	c := exec.Command(need(t, "openssl"), "s_client", "-connect", "127.0.0.1:"+port, "-quiet")
	pw, err := c.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Start(); err != nil {
		t.Fatal(err)
	}
	pw.Write([]byte("hello over tls\n"))
	p.waitOut(t, "hello over tls\n")
	pw.Close()
	c.Process.Kill()
	c.Wait()
}

// netsh connect --tls against openssl s_server -rev: verified with
// --tls-ca, the reversed line comes back; without the CA the connect
// fails with Node's text and exit status 1; --tls with -u is a usage error.
func TestModeTLSConnectOpenSSLServer(t *testing.T) {
	dir := t.TempDir()
	cert, key := filepath.Join(dir, "c.pem"), filepath.Join(dir, "k.pem")
	gen := exec.Command(need(t, "openssl"), "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
		"-nodes", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-days", "2", "-keyout", key, "-out", cert)
	if out, err := gen.CombinedOutput(); err != nil {
		t.Fatalf("openssl req: %v\n%s", err, out)
	}
	port := itoa(testkit.FreePort(t))
	srv := testkit.Start(t, exec.Command("openssl", "s_server", "-accept", "127.0.0.1:"+port, "-cert", cert, "-key", key, "-rev", "-quiet"))
	testkit.WaitDial(t, "127.0.0.1:"+port, 10*time.Second)
	out, stderr, code := runMode(t, "netsh tls\n", "connect", "--tls", "--tls-ca", cert, "-q", "1", "127.0.0.1", port)
	if code != 0 || !strings.Contains(out, "slt hsten") {
		t.Fatalf("connect --tls: exit %d, stdout %q, stderr %q; s_server:\n%s", code, out, stderr, srv.Output())
	}
	_, stderr, code = runMode(t, "x\n", "connect", "--tls", "-q", "1", "127.0.0.1", port)
	if code != 1 || !strings.Contains(stderr, "self-signed certificate") {
		t.Fatalf("an unverified certificate: exit %d, stderr %q", code, stderr)
	}
	_, stderr, code = runMode(t, "", "connect", "--tls", "-u", "127.0.0.1", port)
	if code != 2 || !strings.Contains(stderr, "--tls works over TCP") {
		t.Fatalf("--tls -u: exit %d, stderr %q", code, stderr)
	}
}
