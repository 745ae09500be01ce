-- The RESP server of resp.lua written with netsh's 'resp' framing: each
-- 'data' event is one decoded command, replies built by resp.encode. Node's
-- twin is resp_parser.js (the redis-parser npm package).
--
--   netsh bench/servers/resp_framing.lua [PORT]
--
-- Prints `READY tcp=PORT` once listening.
local net, resp = require('net'), require('resp')
local db = {}
local OK, PONG = resp.simple('OK'), resp.simple('PONG')

local arity = { PING = 1, SET = 3, GET = 2, INCR = 2, DEL = 2 }
local commands = {
  PING = function(a) return a[2] or PONG end,
  SET = function(a) db[a[2]] = a[3]; return OK end,
  GET = function(a) return db[a[2]] end,
  INCR = function(a)
    local v = tostring(db[a[2]] or '0')
    if #v > 15 or not v:match('^%-?%d+$') then return resp.error('ERR value is not an integer or out of range') end
    v = tonumber(v) + 1
    db[a[2]] = string.format('%d', v)
    return v
  end,
  DEL = function(a)
    local n = 0
    for i = 2, a.n do
      if db[a[i]] ~= nil then db[a[i]] = nil; n = n + 1 end
    end
    return n
  end,
}

local function run(cmd)
  if type(cmd) ~= 'table' or type(cmd[1]) ~= 'string' then return resp.error('ERR Protocol error: expected a command') end
  local name = cmd[1]:upper()
  if not commands[name] then return resp.error("ERR unknown command '" .. cmd[1] .. "'") end
  if cmd.n < arity[name] then return resp.error("ERR wrong number of arguments for '" .. name:lower() .. "' command") end
  return commands[name](cmd)
end

local server = net.createServer(function(sock)
  sock:setNoDelay(true) -- as Redis does: no Nagle delay behind a pipeline's first reply
  sock:setFraming('resp') -- one decoded command per 'data' event
  sock:on('data', function(cmd) sock:write(resp.encode(run(cmd))) end)
  sock:on('error', function() end) -- clients reset connections
end)
server:listen(tonumber(process.argv[2] or '0'), '127.0.0.1', function()
  print('READY tcp=' .. server:address().port)
end)
