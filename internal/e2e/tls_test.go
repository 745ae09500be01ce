package e2e

import (
	"crypto/sha256"
	"crypto/tls"
	"fmt"
	"io"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/netsh/netsh/internal/testkit"
)

// The real binary as a quick TLS server (tls.selfSigned, as one would
// type it into netsh -e): a Go client and openssl s_client both reach
// it, and the certificate they get is the one whose fingerprint the
// script printed.
func TestE2ETLSSelfSignedServer(t *testing.T) {
	script := `
local tls = require('tls')
local c = tls.selfSigned{ hosts = { 'localhost', '127.0.0.1' } }
local n = 0
local srv
srv = tls.createServer({ key = c.key, cert = c.cert }, function(s)
  s:setFraming('line')
  s:on('data', function(l) s:_end('netsh: ' .. l .. '\n') end)
  s:on('error', function() end)
  n = n + 1
  if n == 2 then srv:close() end
end)
srv:listen(0, '127.0.0.1', function() print('fingerprint ' .. c.fingerprint256 .. ' port ' .. srv:address().port) end)
`
	p := testkit.Start(t, exec.Command(testkit.Netsh(t), "-e", script))
	m := regexp.MustCompile(`fingerprint (\S+) port (\d+)`).FindStringSubmatch(p.WaitFor(t, `port \d+`, 10*time.Second))
	fp, port := m[1], m[2]

	c, err := tls.Dial("tcp", "127.0.0.1:"+port, &tls.Config{InsecureSkipVerify: true})
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(c.ConnectionState().PeerCertificates[0].Raw)
	if got := strings.ToUpper(strings.Join(strings.Split(fmt.Sprintf("% x", sum[:]), " "), ":")); got != fp {
		t.Fatalf("certificate %s, script printed %s", got, fp)
	}
	c.Write([]byte("from go\n"))
	c.SetReadDeadline(time.Now().Add(10 * time.Second))
	b, _ := io.ReadAll(c)
	c.Close()
	if string(b) != "netsh: from go\n" {
		t.Fatalf("go client got %q", b)
	}

	openssl, err := exec.LookPath("openssl")
	if err != nil {
		t.Fatal("openssl is not installed (bash .ci/run installs it)")
	}
	cmd := exec.Command(openssl, "s_client", "-connect", "127.0.0.1:"+port, "-servername", "localhost", "-brief", "-ign_eof")
	cmd.Stdin = strings.NewReader("from openssl\n")
	out := testkit.Start(t, cmd).Wait(t, 10*time.Second)
	for _, want := range []string{"Protocol version: TLSv1.3", "Verification error: self-signed certificate", "netsh: from openssl"} {
		if !strings.Contains(out, want) {
			t.Fatalf("openssl s_client output lacks %q:\n%s", want, out)
		}
	}
	p.Wait(t, 10*time.Second)
	if code := p.ExitCode(); code != 0 {
		t.Fatalf("netsh exited %d:\n%s", code, p.Output())
	}
}
