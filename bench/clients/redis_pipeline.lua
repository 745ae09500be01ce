-- A Redis client pipelining N (100,000) SETs, then N GETs, checking every
-- reply, written with netsh's 'resp' framing: each 'data' event is one
-- decoded reply. Node's twin is redis_pipeline.js. (The same client in the
-- sequential style, net.dial and r:receive() in a loop, took about a fifth
-- more CPU: callbacks are what this row measures, the faster of the two.)
--
--   netsh bench/clients/redis_pipeline.lua PORT [N]
--
-- Prints `READY` once connected and `DONE <replies>` at the end; the
-- benchmark (bench/client.go) times the run between the two.
local net, resp = require('net'), require('resp')
local port, n = tonumber(process.argv[2]), tonumber(process.argv[3] or '100000')

local sock
sock = net.connect(port, '127.0.0.1', function()
  print('READY')
  for i = 1, n do sock:write(resp.command('SET', 'key:' .. i, 'value:' .. i)) end
end)
sock:setFraming('resp') -- one decoded reply per 'data' event
local got = 0
sock:on('data', function(reply)
  got = got + 1
  if got <= n then
    if reply ~= 'OK' then error('SET key:' .. got .. ': ' .. tostring(reply)) end
    if got == n then
      for i = 1, n do sock:write(resp.command('GET', 'key:' .. i)) end
    end
    return
  end
  local i = got - n
  if reply ~= 'value:' .. i then error('GET key:' .. i .. ': ' .. tostring(reply)) end
  if got == 2 * n then
    print('DONE ' .. got)
    sock:_end()
  end
end)
