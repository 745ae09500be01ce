-- A fake Redis server: PING, ECHO, SET, GET, INCR, DEL over RESP framing.
-- Usage: netsh scripts/examples/fake_redis.lua [port]   then: redis-cli -p 6380 SET k v
local net, resp = require('net'), require('resp')
local port = tonumber(process.argv[2]) or 6380
local db = {}

local commands = {
  PING = function(a) return a[2] or resp.simple('PONG') end,
  ECHO = function(a) return a[2] end,
  SET = function(a) db[a[2]] = a[3]; return resp.simple('OK') end,
  GET = function(a) return db[a[2]] end,
  DEL = function(a)
    local n = 0
    for i = 2, a.n do
      if db[a[i]] ~= nil then db[a[i]] = nil; n = n + 1 end
    end
    return n
  end,
  INCR = function(a)
    local v = tonumber(db[a[2]] or '0')
    if not v then return resp.error('ERR value is not an integer or out of range') end
    db[a[2]] = tostring(v + 1)
    return v + 1
  end,
}

net.createServer(function(sock)
  sock:setFraming('resp') -- one decoded command per 'data' event
  sock:on('data', function(cmd)
    local name = type(cmd) == 'table' and string.upper(tostring(cmd[1])) or '?'
    local f, reply = commands[name], nil
    if f then reply = f(cmd) else reply = resp.error("ERR unknown command '" .. name .. "'") end
    sock:write(resp.encode(reply))
  end)
  sock:on('error', function(e) console.error('client:', e.message) end)
end):listen(port, '127.0.0.1', function() console.log('fake redis on 127.0.0.1:' .. port) end)
