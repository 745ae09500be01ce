package e2e

import (
	"bytes"
	"net/netip"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/netsh/netsh/internal/testkit"
)

// --trace: one line per chunk on stderr, with both endpoints, the
// direction, the length and the bytes, and the FINs.
func TestTraceConnect(t *testing.T) {
	port := startRedis(t)
	out, errText, code := runMode(t, "PING\r\n", "--trace", "connect", "127.0.0.1", port)
	if code != 0 || out != "+PONG\r\n" {
		t.Fatalf("exit %d, stdout %q", code, out)
	}
	for _, re := range []string{
		`\d\d:\d\d:\d\d\.\d{6} tcp 127\.0\.0\.1:\d+ - 127\.0\.0\.1:` + port + ` connected\n`,
		`tcp 127\.0\.0\.1:\d+ > 127\.0\.0\.1:` + port + ` 6 "PING\\r\\n"\n`,
		`tcp 127\.0\.0\.1:\d+ > 127\.0\.0\.1:` + port + ` FIN\n`,
		`tcp 127\.0\.0\.1:\d+ < 127\.0\.0\.1:` + port + ` 7 "\+PONG\\r\\n"\n`,
		`tcp 127\.0\.0\.1:\d+ < 127\.0\.0\.1:` + port + ` FIN\n`,
	} {
		if !regexp.MustCompile(re).MatchString(errText) {
			t.Fatalf("stderr lacks %s:\n%s", re, errText)
		}
	}
	if strings.Contains(errText, "00000000") {
		t.Fatalf("--trace without -x dumped:\n%s", errText)
	}
}

// NETSH_TRACE=x traces a script's sockets, UDP and unix ones too, with
// hex dumps; binary bytes show as hex.
func TestTraceEnvScript(t *testing.T) {
	dir := t.TempDir()
	sockPath := filepath.Join(dir, "s.sock")
	script := filepath.Join(dir, "t.lua")
	os.WriteFile(script, []byte(`
local u = require('dgram').createSocket('udp4')
u:bind(0, '127.0.0.1', function()
  u:send('\0\1\2', u:address().port, '127.0.0.1')
  u:on('message', function() u:close() end)
end)
local net = require('net')
local srv = net.createServer(function(c) c:_end('bye') end)
srv:listen(arg[1], function()
  local c = net.connect(arg[1])
  c:on('data', function() end)
  c:on('end', function() srv:close() end)
end)`), 0o644)
	p := startMode(t, strings.NewReader(""), []string{"NETSH_TRACE=x"}, script, sockPath)
	if code := p.wait(t); code != 0 {
		t.Fatalf("exit %d: %s", code, p.err.String())
	}
	errText := p.err.String()
	for _, re := range []string{
		`udp 127\.0\.0\.1:(\d+) > 127\.0\.0\.1:\d+ 3 0x000102\n> 00000000  00 01 02 `,
		`udp 127\.0\.0\.1:\d+ < 127\.0\.0\.1:\d+ 3 0x000102\n< 00000000  00 01 02 `,
		`unix ` + regexp.QuoteMeta(sockPath) + ` > peer 3 "bye"\n`,
		`unix \S+ < peer 3 "bye"\n`,
	} {
		if !regexp.MustCompile(re).MatchString(errText) {
			t.Fatalf("stderr lacks %s:\n%s", re, errText)
		}
	}
}

// --pcap FILE: a script's TCP conversation (200 KiB each way) and a
// datagram, read back by tcpdump with the same bytes, handshakes, FINs.
func TestPcapScript(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "out.pcap")
	script := filepath.Join(dir, "p.lua")
	os.WriteFile(script, []byte(`
local net = require('net')
local function blob(seed)
  local t = {}
  for i = 1, 200 * 1024 / 4 do t[i] = string.char((i * seed) % 256, (i + seed) % 256, i % 251, seed) end
  return table.concat(t)
end
local up, down = blob(3), blob(7)
local srv = net.createServer(function(c)
  local got = {}
  c:on('data', function(d) got[#got + 1] = tostring(d) end)
  c:on('end', function() assert(table.concat(got) == up); c:_end(down) end)
end)
srv:listen(0, '127.0.0.1', function()
  local c = net.connect(srv:address().port, '127.0.0.1')
  local got = {}
  c:on('connect', function() print('client ' .. c.localPort .. ' server ' .. srv:address().port); c:_end(up) end)
  c:on('data', function(d) got[#got + 1] = tostring(d) end)
  c:on('close', function() assert(table.concat(got) == down); srv:close() end)
end)
local u = require('dgram').createSocket('udp4')
u:on('message', function() u:close() end)
u:bind(0, '127.0.0.1', function() u:send('datagram', u:address().port, '127.0.0.1') end)
io.open(arg[1] .. '.up', 'wb'):write(up)
io.open(arg[1] .. '.down', 'wb'):write(down)
`), 0o644)
	p := startMode(t, strings.NewReader(""), nil, "--pcap", file, script, file)
	if code := p.wait(t); code != 0 {
		t.Fatalf("exit %d: %s", code, p.err.String())
	}
	m := regexp.MustCompile(`client (\d+) server (\d+)`).FindStringSubmatch(p.out.String())
	if m == nil {
		t.Fatalf("stdout %q", p.out.String())
	}
	client := netip.MustParseAddrPort("127.0.0.1:" + m[1])
	server := netip.MustParseAddrPort("127.0.0.1:" + m[2])
	up, _ := os.ReadFile(file + ".up")
	down, _ := os.ReadFile(file + ".down")
	pkts := testkit.ReadPcap(t, file)
	// The conversation appears twice, as the client and as the server
	// saw it: each side's socket is captured.
	if got := testkit.Stream(pkts, client, server); !bytes.Equal(got, append(up, up...)) {
		t.Fatalf("client to server: %d bytes, want twice %d", len(got), len(up))
	}
	if got := testkit.Stream(pkts, server, client); !bytes.Equal(got, append(down, down...)) {
		t.Fatalf("server to client: %d bytes, want twice %d", len(got), len(down))
	}
	var syn, fin, udp int
	for _, pk := range pkts {
		switch {
		case pk.Flags == "S":
			syn++
		case strings.HasPrefix(pk.Flags, "F"):
			fin++
		case pk.Proto == "udp" && string(pk.Payload) == "datagram":
			udp++
		}
	}
	if syn != 2 || fin != 4 || udp != 2 {
		t.Fatalf("%d SYNs, %d FINs, %d datagrams; want 2, 4, 2 (sent and received)", syn, fin, udp)
	}
}

// --pcap with connect against redis: tcpdump shows PING and +PONG.
func TestPcapConnect(t *testing.T) {
	port := startRedis(t)
	file := filepath.Join(t.TempDir(), "c.pcap")
	if _, errText, code := runMode(t, "PING\r\n", "--pcap", file, "connect", "127.0.0.1", port); code != 0 {
		t.Fatalf("exit %d: %s", code, errText)
	}
	pkts := testkit.ReadPcap(t, file)
	var payloads []string
	for _, pk := range pkts {
		if len(pk.Payload) > 0 {
			payloads = append(payloads, string(pk.Payload))
		}
	}
	if strings.Join(payloads, "|") != "PING\r\n|+PONG\r\n" || pkts[0].Flags != "S" {
		t.Fatalf("payloads %q, first flags %q", payloads, pkts[0].Flags)
	}
}

// A capture file that cannot be written is a usage error.
func TestPcapUnwritable(t *testing.T) {
	_, errText, code := runMode(t, "", "--pcap", "/nonexistent/dir/x.pcap", "-e", "print(1)")
	if code != 2 || !strings.Contains(errText, "netsh: cannot write /nonexistent/dir/x.pcap: no such file or directory") {
		t.Fatalf("exit %d, stderr %q", code, errText)
	}
}
