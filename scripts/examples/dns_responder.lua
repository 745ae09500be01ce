-- A DNS responder: answers A, AAAA, MX and TXT from the table below, NXDOMAIN
-- for other names. The decoding and encoding run in Go (dns.decode/encode).
-- Usage: netsh scripts/examples/dns_responder.lua [port]
--        then: dig @127.0.0.1 -p 5300 www.example.test
local dgram, dns = require('dgram'), require('dns')
local port = tonumber(process.argv[2]) or 5300

local zone = {
  ['www.example.test'] = { A = { '192.0.2.10' }, AAAA = { '2001:db8::10' } },
  ['mail.example.test'] = { A = { '192.0.2.20' } },
  ['example.test'] = {
    MX = { { preference = 10, exchange = 'mail.example.test' } },
    TXT = { { 'v=spf1 mx -all' } },
  },
}

local sock = dgram.createSocket('udp4')
sock:on('message', function(msg, rinfo)
  local ok, query = pcall(dns.decode, msg)
  if not ok or query.flags.qr or #query.questions ~= 1 then return end -- not a question: drop it
  local q = query.questions[1]
  local node = zone[q.name:lower()]
  local answers = {}
  for i, data in ipairs(node and node[q.type] or {}) do
    answers[i] = { name = q.name, type = q.type, ttl = 300, data = data }
  end
  sock:send(dns.encode({
    id = query.id,
    flags = { qr = true, aa = true, rd = query.flags.rd, rcode = node and 'NOERROR' or 'NXDOMAIN' },
    questions = query.questions,
    answers = answers,
  }), rinfo.port, rinfo.address)
end)
sock:bind(port, '127.0.0.1', function() console.log('dns responder on 127.0.0.1:' .. port) end)
