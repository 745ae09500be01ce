-- The DNS A-record responder of dns.lua written on netsh's DNS message
-- codec, dns.decode / dns.encode (issue 17); Node's side is dns.js. Until
-- netsh has the codec this prints why on stderr and exits with status 3,
-- which the benchmark reports as n/a.
--
--   netsh bench/servers/dns_codec.lua [PORT]
--
-- It knows host1.bench.test .. host1000.bench.test (hostN is 10.0.N/256.N%256)
-- and answers NXDOMAIN for other names. Prints `READY udp=PORT`.
local ok, dns = pcall(require, 'dns')
if not ok or type(dns) ~= 'table' or type(dns.encode) ~= 'function' or type(dns.decode) ~= 'function' then
  io.stderr:write('dns_codec.lua: no DNS codec: require("dns") has no encode/decode\n')
  process.exit(3)
end
local dgram = require('dgram')
local records = {}
for i = 1, 1000 do
  records['host' .. i .. '.bench.test'] = '10.0.' .. math.floor(i / 256) .. '.' .. i % 256
end

-- answer decodes a query and encodes its response; nil for what is not a
-- well-formed standard query with one question.
local function answer(msg)
  local good, query = pcall(dns.decode, msg)
  if not good or query.flags.qr or (query.flags.opcode ~= 'QUERY' and query.flags.opcode ~= 0) or #query.questions ~= 1 then return nil end
  local q = query.questions[1]
  local addr = records[q.name:lower()]
  local answers = {}
  if addr and q.type == 'A' and q.class == 'IN' then
    answers[1] = { name = q.name, type = 'A', class = 'IN', ttl = 60, data = addr }
  end
  return dns.encode{
    id = query.id,
    flags = { qr = true, aa = true, rd = query.flags.rd, rcode = addr and 0 or 3 }, -- 3: NXDOMAIN
    questions = query.questions,
    answers = answers,
  }
end

local sock = dgram.createSocket('udp4')
sock:on('message', function(msg, rinfo)
  local reply = answer(msg)
  if reply then sock:send(reply, rinfo.port, rinfo.address) end
end)
sock:on('error', function(err) io.stderr:write('dns_codec.lua: ' .. tostring(err) .. '\n') end)
sock:bind(tonumber(process.argv[2] or '0'), '127.0.0.1', function()
  print('READY udp=' .. sock:address().port)
end)
