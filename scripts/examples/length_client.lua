-- A client of a length-prefixed binary protocol: each message is a 2-byte
-- big-endian length and the bytes (string.pack's '>s2'); replies come
-- framed the same way, one per 'data' event.
-- Usage: netsh scripts/examples/length_client.lua PORT [message...]
local net = require('net')
local port = assert(tonumber(process.argv[2]), 'usage: length_client.lua PORT [message...]')
local messages = {}
for i = 3, #process.argv do messages[#messages + 1] = process.argv[i] end
if #messages == 0 then messages = { 'hello', 'world' } end

local sock
sock = net.connect(port, '127.0.0.1', function()
  for _, m in ipairs(messages) do sock:write(string.pack('>s2', m)) end
end)
sock:setFraming({ length = 2, endian = 'be' })
local got = 0
sock:on('data', function(reply)
  got = got + 1
  print(('reply %d: %s (%d bytes)'):format(got, reply, #reply))
  if got == #messages then sock:_end() end
end)
sock:on('error', function(e) console.error(e.message); process.exitCode = 1 end)
