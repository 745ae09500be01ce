-- A Redis client written top to bottom: each call sends a command and waits
-- for its reply, while the loop goes on (the script's main chunk is a task).
-- Usage: netsh scripts/examples/redis_client.lua [port] [host]
local net, resp = require('net'), require('resp')
local r = net.dial(tonumber(process.argv[2]) or 6379, process.argv[3] or '127.0.0.1')
r:setFraming('resp') -- receive() returns one decoded reply

local function call(...)
  r:write(resp.command(...))
  local reply = r:receive()
  if type(reply) == 'table' and reply.code == 'ERR_RESP' then error(reply.message, 2) end
  return reply
end

print(call('PING'))
print(call('SET', 'netsh:greeting', 'hello'))
print(call('GET', 'netsh:greeting'))
print(call('INCR', 'netsh:visits'))
print(pcall(call, 'INCR', 'netsh:greeting'))

-- Pipelined: send 1000 commands, then read the 1000 replies in order.
for i = 1, 1000 do r:write(resp.command('SET', 'netsh:k' .. i, i)) end
for i = 1, 1000 do assert(r:receive() == 'OK') end
print('pipelined 1000 SETs')
r:_end()
