package luabind

import (
	"testing"
)

// dnsFailuresLua points resolvers at a responder in the same script that
// answers by name (SOA and NS records, server failures), at a socket that
// never answers, and at a closed port.
const dnsFailuresLua = `
local dgram, dns = require('dgram'), require('dns')
local rcodes = { ['fail.test'] = 'SERVFAIL', ['refused.test'] = 'REFUSED', ['notimp.test'] = 'NOTIMP', ['formerr.test'] = 'FORMERR' }
local server = dgram.createSocket('udp4')
local asked = {}
server:on('message', function(msg, rinfo)
  local q = dns.decode(msg)
  local question = q.questions[1]
  asked[question.name] = (asked[question.name] or 0) + 1
  local answers = {}
  if question.type == 'SOA' then
    answers[1] = { name = question.name, type = 'SOA', ttl = 60, data = { nsname = 'ns1.zone.test', hostmaster = 'admin.zone.test',
      serial = 7, refresh = 3600, retry = 600, expire = 86400, minttl = 30 } }
  elseif question.type == 'NS' then
    answers[1] = { name = question.name, type = 'NS', ttl = 60, data = 'ns1.zone.test' }
    answers[2] = { name = question.name, type = 'NS', ttl = 60, data = 'ns2.zone.test' }
  end
  server:send(dns.encode{ id = q.id, flags = { qr = true, rd = true, rcode = rcodes[question.name] or 'NOERROR' },
    questions = q.questions, answers = answers }, rinfo.port, rinfo.address)
end)
local silent = dgram.createSocket('udp4')
silent:on('message', function() end)
local closed = dgram.createSocket('udp4')
for _, s in ipairs({ server, silent, closed }) do
  s:bind(0, '127.0.0.1')
  netsh.wait(s, 'listening', 5000)
end
local closedPort = closed:address().port
closed:close()

local function call(r, method, ...)
  local done, res = false, nil
  local args = {...}
  args[#args + 1] = function(err, v) res = { err = err, v = v }; done = true end
  r[method](r, unpack(args))
  while not done do netsh.sleep(5) end
  return res.err, res.v
end

local r = dns.Resolver()
r:setServers({ '127.0.0.1:' .. server:address().port })
local err, soa = call(r, 'resolveSoa', 'zone.test')
print('soa', err, soa.nsname, soa.hostmaster, soa.serial, soa.refresh, soa.retry, soa.expire, soa.minttl)
local err, ns = call(r, 'resolveNs', 'zone.test')
print('ns', err, ns[1], ns[2])
for _, name in ipairs({ 'fail.test', 'refused.test', 'notimp.test', 'formerr.test' }) do
  local err = call(r, 'resolve4', name)
  print(name, err.code, err.syscall, err.hostname, err.message)
end
print('servfail asked', asked['fail.test'])

local slow = dns.Resolver({ timeout = 100, tries = 2 })
slow:setServers({ '127.0.0.1:' .. silent:address().port })
local start = process.hrtime()
local err = call(slow, 'resolve4', 'x.test')
local took = process.hrtime(start)
local ms = took[1] * 1000 + took[2] / 1e6
print('timeout', err.code, err.message, ms >= 240 and ms < 8000)

local refusing = dns.Resolver({ timeout = 2000 })
refusing:setServers({ '127.0.0.1:' .. closedPort })
print('refused', call(refusing, 'resolveMx', 'x.test').message)

-- a failing server first: its failure sends the question to the next one
local two = dns.Resolver()
two:setServers({ '127.0.0.1:' .. closedPort, '127.0.0.1:' .. server:address().port })
print('second server', select(2, call(two, 'resolveNs', 'zone.test'))[1])

local c = dns.Resolver()
c:setServers({ '127.0.0.1:' .. silent:address().port })
local got = {}
c:resolve4('a.test', function(e) got[#got + 1] = e.message end)
c:resolveTxt('b.test', function(e) got[#got + 1] = e.message end)
c:cancel()
while #got < 2 do netsh.sleep(5) end
table.sort(got)
print('cancelled', got[1], got[2])

r:setLocalAddress('127.0.0.1')
print('local address', call(r, 'resolveNs', 'zone.test'), #select(2, call(r, 'resolveNs', 'zone.test')))
r:setLocalAddress('192.0.2.1') -- not ours: the query cannot be sent from it
print('foreign local address', call(r, 'resolveNs', 'zone.test').code)
server:close()
silent:close()
`

// Server failures, timeouts, a refused port, cancel and the source
// address give Node's errors; SOA and NS answers Node's shapes.
func TestDNSResolverFailures(t *testing.T) {
	bothIO(t, func(t *testing.T) {
		out := runLua(t, netLimit, dnsFailuresLua).wantClean(t).Out
		checkOutput(t, "resolver failures", out, `soa	nil	ns1.zone.test	admin.zone.test	7	3600	600	86400	30
ns	nil	ns1.zone.test	ns2.zone.test
fail.test	ESERVFAIL	queryA	fail.test	queryA ESERVFAIL fail.test
refused.test	EREFUSED	queryA	refused.test	queryA EREFUSED refused.test
notimp.test	ENOTIMP	queryA	notimp.test	queryA ENOTIMP notimp.test
formerr.test	EFORMERR	queryA	formerr.test	queryA EFORMERR formerr.test
servfail asked	1
timeout	ETIMEOUT	queryA ETIMEOUT x.test	true
refused	queryMx ECONNREFUSED x.test
second server	ns1.zone.test
cancelled	queryA ECANCELLED a.test	queryTxt ECANCELLED b.test
local address	nil	2
foreign local address	ECONNREFUSED
`)
	})
}
