package luabind

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// dnsResponderLua is a responder written with the codec on a dgram
// socket, reading with sock:receive in the main task. Every query must
// encode back to the bytes that came; a query for stop.test ends it.
const dnsResponderLua = `
local dgram, dns = require('dgram'), require('dns')
local zone = {
  ['www.example.test'] = { A = { '192.0.2.10' }, AAAA = { '2001:db8::10' } },
  ['example.test'] = {
    MX = { { preference = 10, exchange = 'mail.example.test' } },
    TXT = { { 'v=spf1 -all', 'second string' } },
    NS = { 'ns1.example.test' },
    SOA = { { nsname = 'ns1.example.test', hostmaster = 'admin.example.test', serial = 2024010101,
              refresh = 3600, retry = 600, expire = 86400, minttl = 300 } },
    CAA = { { flags = 0, tag = 'issue', value = 'ca.example' } },
  },
  ['_sip._tcp.example.test'] = { SRV = { { priority = 10, weight = 20, port = 5060, target = 'sip.example.test' } } },
  ['alias.example.test'] = { CNAME = { 'www.example.test' } },
  ['10.2.0.192.in-addr.arpa'] = { PTR = { 'www.example.test' } },
  ['mail.example.test'] = { A = { '192.0.2.20' } },
}
local sock = dgram.createSocket('udp4')
sock:bind(0, '127.0.0.1')
netsh.wait(sock, 'listening', 5000)
print('port ' .. sock:address().port)
local n = 0
while true do
  local msg, rinfo = sock:receive()
  local q = dns.decode(msg)
  if tostring(dns.encode(q)) ~= msg then error('query ' .. n .. ' did not re-encode byte for byte') end
  n = n + 1
  local question = q.questions[1]
  if question.name == 'stop.test' then
    sock:send(dns.encode{ id = q.id, flags = { qr = true, rcode = 'REFUSED' }, questions = q.questions }, rinfo.port, rinfo.address)
    break
  end
  local node = zone[question.name:lower()]
  local answers, rcode = {}, node and 'NOERROR' or 'NXDOMAIN'
  local rrs = node and (node[question.type] or (question.type ~= 'CNAME' and node.CNAME and {}))
  if node and node.CNAME and question.type ~= 'CNAME' then
    answers[1] = { name = question.name, type = 'CNAME', ttl = 60, data = node.CNAME[1] }
    node, question = zone[node.CNAME[1]], { name = node.CNAME[1], type = question.type }
    rrs = node[question.type]
  end
  for _, data in ipairs(rrs or {}) do
    answers[#answers + 1] = { name = question.name, type = question.type, ttl = 300, data = data }
  end
  local additionals = {}
  for _, rr in ipairs(q.additionals) do -- answer EDNS0 with EDNS0
    if rr.type == 'OPT' then additionals[1] = { type = 'OPT', udpPayloadSize = 1232 } end
  end
  sock:send(dns.encode{ id = q.id, flags = { qr = true, aa = true, rd = q.flags.rd, rcode = rcode },
    questions = q.questions, answers = answers, additionals = additionals }, rinfo.port, rinfo.address)
end
sock:close()
print(n .. ' queries, each re-encoded byte for byte')
`

// A responder written with the codec answers dig: every record type,
// a CNAME chain, NXDOMAIN, EDNS0 and dig's cookie.
func TestDNSResponderAnswersDig(t *testing.T) {
	bothIO(t, func(t *testing.T) {
		r := startLua(t, luaScript{src: dnsResponderLua})
		waitOutput(t, "responder", &r.out, &r.err, "port ")
		port, _ := strconv.Atoi(regexp.MustCompile(`port (\d+)`).FindStringSubmatch(r.out.String())[1])
		for _, c := range []struct{ args, want string }{
			{"www.example.test A", "192.0.2.10"},
			{"www.example.test AAAA", "2001:db8::10"},
			{"example.test MX", "10 mail.example.test."},
			{"example.test TXT", `"v=spf1 -all" "second string"`},
			{"_sip._tcp.example.test SRV", "10 20 5060 sip.example.test."},
			{"alias.example.test A", "www.example.test.\n192.0.2.10"},
			{"-x 192.0.2.10", "www.example.test."},
			{"example.test NS", "ns1.example.test."},
			{"example.test SOA", "ns1.example.test. admin.example.test. 2024010101 3600 600 86400 300"},
			{"example.test CAA", `0 issue "ca.example"`},
			{"WWW.Example.Test A +noedns", "192.0.2.10"},
			{"nope.example.test A", ""},
		} {
			if got := dig(t, port, append(strings.Fields(c.args), "+short")...); got != c.want {
				t.Errorf("dig %s +short = %q, want %q", c.args, got, c.want)
			}
		}
		full := dig(t, port, "nope.example.test", "A")
		mustContain(t, full, "status: NXDOMAIN", "flags: qr aa rd;", "EDNS: version: 0, flags:; udp: 1232")
		full = dig(t, port, "www.example.test", "A")
		mustContain(t, full, "status: NOERROR", "ANSWER: 1,", "www.example.test.\t300\tIN\tA\t192.0.2.10")
		mustContain(t, dig(t, port, "stop.test"), "status: REFUSED")
		res := r.wait(t, netLimit)
		mustContain(t, res.Out, "15 queries, each re-encoded byte for byte")
	})
}
