-- A Redis client pipelining N (100,000) SETs, then N GETs, checking every
-- reply, written top to bottom with netsh's 'resp' framing (the main chunk
-- is a task, so receive() waits); Node's twin is redis_pipeline.js.
--
--   netsh bench/clients/redis_pipeline.lua PORT [N]
--
-- Prints `READY` once connected and `DONE <replies>` at the end; the
-- benchmark (bench/client.go) times the run between the two.
local net, resp = require('net'), require('resp')
local port, n = tonumber(process.argv[2]), tonumber(process.argv[3] or '100000')
local r = net.dial(port, '127.0.0.1')
r:setFraming('resp') -- receive() returns one decoded reply
print('READY')

for i = 1, n do r:write(resp.command('SET', 'key:' .. i, 'value:' .. i)) end
for i = 1, n do
  local reply = r:receive()
  if reply ~= 'OK' then error('SET key:' .. i .. ': ' .. tostring(reply)) end
end
for i = 1, n do r:write(resp.command('GET', 'key:' .. i)) end
for i = 1, n do
  local reply = r:receive()
  if reply ~= 'value:' .. i then error('GET key:' .. i .. ': ' .. tostring(reply)) end
end
print('DONE ' .. 2 * n)
r:_end()
