-- UDP DNS responder for A records with a hand-written codec, as a Lua user
-- writes one on dgram with string.pack and bit; Node's side is dns.js (the
-- dns-packet npm package). dns_codec.lua is the same responder on netsh's
-- dns.encode/decode. The benchmark (bench/protocols.go) loads it with dnsperf.
--
--   netsh bench/servers/dns.lua [PORT]
--
-- It knows host1.bench.test .. host1000.bench.test (hostN is 10.0.N/256.N%256)
-- and answers NXDOMAIN for other names. Prints `READY udp=PORT`.
local dgram, bit = require('dgram'), require('bit')
local records = {}
for i = 1, 1000 do
  records['host' .. i .. '.bench.test'] = string.char(10, 0, math.floor(i / 256), i % 256)
end

-- answer decodes a query and encodes its response; nil for what is not a
-- well-formed standard query with one question.
local function answer(q)
  if #q < 12 then return nil end
  local id, flags, qdcount = string.unpack('>I2 I2 I2', q)
  if bit.band(flags, 0xF800) ~= 0 or qdcount ~= 1 then return nil end -- QR set or an opcode
  local labels, pos = {}, 13
  while true do
    local len = q:byte(pos)
    if not len or len > 63 or pos + len > #q then return nil end
    if len == 0 then break end
    labels[#labels + 1] = q:sub(pos + 1, pos + len)
    pos = pos + 1 + len
  end
  if #q < pos + 4 then return nil end
  local qtype, qclass = string.unpack('>I2 I2', q, pos + 1)
  local addr = records[table.concat(labels, '.'):lower()]
  local rflags = bit.bor(0x8400, bit.band(flags, 0x0100)) -- QR, AA, RD as asked
  local rr = ''
  if not addr then
    rflags = rflags + 3 -- NXDOMAIN
  elseif qtype == 1 and qclass == 1 then -- A, IN
    rr = string.pack('>I2 I2 I2 I4 s2', 0xC00C, 1, 1, 60, addr) -- name: a pointer to the question's
  end
  return string.pack('>I2 I2 I2 I2 I2 I2', id, rflags, 1, rr == '' and 0 or 1, 0, 0) .. q:sub(13, pos + 4) .. rr
end

local sock = dgram.createSocket('udp4')
sock:on('message', function(msg, rinfo)
  local reply = answer(tostring(msg))
  if reply then sock:send(reply, rinfo.port, rinfo.address) end
end)
sock:on('error', function(err) io.stderr:write('dns.lua: ' .. tostring(err) .. '\n') end)
sock:bind(tonumber(process.argv[2] or '0'), '127.0.0.1', function()
  print('READY udp=' .. sock:address().port)
end)
