package luabind

import (
	"strings"
	"testing"
)

// dns.encode and dns.decode: every typed record, EDNS0 options, raw data
// for other types, and Node-style errors that name the field at fault.
func TestDNSCodec(t *testing.T) {
	out := runLua(t, shortLimit, `
local dns = require('dns')
local m = {
  id = 4660, flags = { qr = true, aa = true, rd = true, ra = true, opcode = 'QUERY', rcode = 'NXDOMAIN', ad = true },
  questions = { { name = 'example.test', type = 'ANY' } },
  answers = {
    { name = 'example.test', type = 'A', ttl = 60, data = '192.0.2.1' },
    { name = 'example.test', type = 'AAAA', ttl = 60, data = '2001:db8::1' },
    { name = 'example.test', type = 'MX', ttl = 60, data = { preference = 10, exchange = 'mail.example.test' } },
    { name = 'example.test', type = 'TXT', ttl = 60, data = 'one string' },
    { name = 'example.test', type = 'SRV', data = { priority = 1, weight = 2, port = 53, target = 'ns.example.test' } },
    { name = 'example.test', type = 'SOA', data = { nsname = 'ns.example.test', hostmaster = 'root.example.test', serial = 4294967295 } },
    { name = 'www.example.test', type = 'CNAME', data = 'example.test' },
    { name = 'example.test', type = 'CAA', data = { flags = 128, tag = 'issue', value = 'ca.example' } },
    { name = 'example.test', type = 'NAPTR', data = { order = 1, preference = 2, flags = 'S', service = 'x', replacement = 'a.test' } },
    { name = 'example.test', type = 'HINFO', data = { cpu = 'amd64', os = 'linux' } },
    { name = 'example.test', type = 'TYPE65280', class = 'CH', ttl = 60, data = Buffer.from({1, 2, 3}) },
    { name = 'example.test', type = 99, ttl = 60, data = { 'spf' } },
    { name = 'example.test', type = 'NULL', data = 'raw' },
    { name = 'a\\.b.example.test', type = 'A', data = Buffer.from({192, 0, 2, 9}) },
  },
  additionals = { { type = 'OPT', udpPayloadSize = 4096, dnssecOk = true, options = { { code = 'COOKIE', data = '12345678' }, { code = 65001 } } } },
}
local b = dns.encode(m)
local d = dns.decode(b)
print(#b, dns.encode(d):equals(b), d.id, d.flags.qr, d.flags.rcode, d.flags.ad, d.flags.tc, #d.authorities)
for _, r in ipairs(d.answers) do
  local data = r.data
  if type(data) == 'table' then
    local keys = {}
    for k, v in pairs(data) do keys[#keys + 1] = (type(k) == 'number' and '' or k .. '=') .. tostring(v) end
    table.sort(keys)
    data = table.concat(keys, ',')
  elseif type(data) ~= 'string' then
    data = data:toString('hex')
  end
  print(r.name, r.type, r.class, r.ttl, data)
end
local opt = d.additionals[1]
print(opt.type, opt.name, opt.udpPayloadSize, opt.dnssecOk, opt.version, opt.extendedRcode, opt.flags,
  opt.options[1].code, tostring(opt.options[1].data), opt.options[2].code, #opt.options[2].data)
-- the owner names point back at the question's name
print(b:toString('hex', 30, 32), b:readUInt16BE(30) == 0xc00c)
local function try(f, ...) local ok, e = pcall(f, ...) print(e.code, e.message, e.offset) end
try(dns.encode, 5)
try(dns.encode, {answers = {{name='a', type='A', data='1.2.3'}}})
try(dns.encode, {answers = {{name='a', type='AAAA', data='1.2.3.4'}}})
try(dns.encode, {questions={{name='a..b', type='A'}}})
try(dns.encode, {questions={{name='a', type='BOGUS'}}})
try(dns.encode, {questions={{name='a'}}})
try(dns.encode, {questions={'x'}})
try(dns.encode, {answers={{name='a', type='A', ttl=-1, data='1.2.3.4'}}})
try(dns.encode, {id=70000})
try(dns.encode, {flags={qr=1}})
try(dns.encode, {flags={rcode='NOPE'}})
try(dns.encode, {answers={{name='a', type='MX', data={preference=1}}}})
try(dns.encode, {answers={{name='a', type='TXT', data={string.rep('x', 256)}}}})
try(dns.encode, {additionals={{type='OPT', options={{code='COOKIE', data=5}}}}})
try(dns.encode, {answers={{name='a', type='MX', data={exchange=string.rep('a', 64)}}}})
try(dns.decode, 5)
try(dns.decode, 'abc')
try(dns.decode, Buffer.from('000100000001000000000000c00c00010001', 'hex'))
try(dns.decode, Buffer.from('0001000000010000000000000c0c00010001', 'hex'))
`).wantClean(t).Out
	want := `438	true	4660	true	NXDOMAIN	true	false	0
example.test	A	IN	60	192.0.2.1
example.test	AAAA	IN	60	2001:db8::1
example.test	MX	IN	60	exchange=mail.example.test,preference=10
example.test	TXT	IN	60	one string
example.test	SRV	IN	0	port=53,priority=1,target=ns.example.test,weight=2
example.test	SOA	IN	0	expire=0,hostmaster=root.example.test,minttl=0,nsname=ns.example.test,refresh=0,retry=0,serial=4294967295
www.example.test	CNAME	IN	0	example.test
example.test	CAA	IN	0	flags=128,tag=issue,value=ca.example
example.test	NAPTR	IN	0	flags=S,order=1,preference=2,regexp=,replacement=a.test,service=x
example.test	HINFO	IN	0	cpu=amd64,os=linux
example.test	65280	CH	60	010203
example.test	SPF	IN	60	spf
example.test	NULL	IN	0	726177
a\.b.example.test	A	IN	0	192.0.2.9
OPT	.	4096	true	0	0	0	COOKIE	12345678	65001	0
c00c	true
ERR_INVALID_ARG_TYPE	The "message" argument must be of type object. Received type number (5)	nil
ERR_INVALID_ARG_VALUE	The property 'message.answers[1].data' must be an IPv4 address. Received '1.2.3'	nil
ERR_INVALID_ARG_VALUE	The property 'message.answers[1].data' must be an IPv6 address. Received '1.2.3.4'	nil
ERR_INVALID_ARG_VALUE	The property 'message.questions[1].name' is invalid: the name has an empty label. Received 'a..b'	nil
ERR_INVALID_ARG_VALUE	The property 'message.questions[1].type' is not a known name. Received 'BOGUS'	nil
ERR_INVALID_ARG_TYPE	The "message.questions[1].type" property must be of type string or number. Received undefined	nil
ERR_INVALID_ARG_TYPE	The "message.questions[1]" property must be of type object. Received type string ('x')	nil
ERR_OUT_OF_RANGE	The value of "message.answers[1].ttl" is out of range. It must be >= 0 && <= 4294967295. Received -1	nil
ERR_OUT_OF_RANGE	The value of "message.id" is out of range. It must be >= 0 && <= 65535. Received 70000	nil
ERR_INVALID_ARG_TYPE	The "message.flags.qr" property must be of type boolean. Received type number (1)	nil
ERR_INVALID_ARG_VALUE	The property 'message.flags.rcode' is not a known name. Received 'NOPE'	nil
ERR_INVALID_ARG_TYPE	The "message.answers[1].data.exchange" property must be of type string. Received undefined	nil
ERR_INVALID_ARG_VALUE	The property 'message.answers[1].data[1]' is invalid: a character string is at most 255 bytes. Received '` + strings.Repeat("x", 127) + `...	nil
ERR_INVALID_ARG_TYPE	The "message.additionals[1].options[1].data" property must be of type string or an instance of Buffer. Received type number (5)	nil
ERR_INVALID_ARG_VALUE	The property 'message.answers[1].data.exchange' is invalid: the name has a label longer than 63 bytes. Received '` + strings.Repeat("a", 64) + `'	nil
ERR_INVALID_ARG_TYPE	The "buf" argument must be of type string or an instance of Buffer. Received type number (5)	nil
ERR_DNS_MALFORMED	Malformed DNS message at byte 3: the header needs 12 bytes, the message has 3	3
ERR_DNS_MALFORMED	Malformed DNS message at byte 12: a name pointer to byte 12 does not point back (a pointer loop?)	12
ERR_DNS_MALFORMED	Malformed DNS message at byte 12: a label runs past the end of the message	12
`
	checkOutput(t, "codec", out, want)
}

// A decoded message's flags hold the seven every message has, and z, ad
// and cd only when set (dnsFlagsTable); either way the message encodes
// back to the same bytes.
func TestDNSDecodedFlags(t *testing.T) {
	out := runLua(t, shortLimit, `
local dns = require('dns')
local function show(hex)
  local b = Buffer.from(hex, 'hex')
  local d = dns.decode(b)
  local keys = {}
  for k, v in pairs(d.flags) do keys[#keys + 1] = k .. '=' .. tostring(v) end
  table.sort(keys)
  print(#keys, table.concat(keys, ' '), dns.encode(d):equals(b))
end
show('303901000000000000000000') -- rd
show('303981a00000000000000000') -- qr rd ra ad
show('303928730000000000000000') -- opcode 5, z ad cd, rcode 3
local order = {}
for k in pairs(dns.decode(Buffer.from('303928730000000000000000', 'hex')).flags) do order[#order + 1] = k end
print(table.concat(order, ' ')) -- the order the keys always had
`).wantClean(t).Out
	want := `7	aa=false opcode=QUERY qr=false ra=false rcode=NOERROR rd=true tc=false	true
8	aa=false ad=true opcode=QUERY qr=true ra=true rcode=NOERROR rd=true tc=false	true
10	aa=false ad=true cd=true opcode=UPDATE qr=false ra=false rcode=NXDOMAIN rd=false tc=false z=true	true
qr opcode aa tc rd ra z ad cd rcode
`
	if out != want {
		t.Fatalf("got\n%s\nwant\n%s", out, want)
	}
}
