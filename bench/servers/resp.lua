-- RESP server (PING, SET, GET, INCR, DEL) with a hand-written parser, as a
-- Lua user writes one on net; the same program as resp.js. The benchmark
-- (bench/protocols.go) loads it with redis-benchmark.
--
--   netsh bench/servers/resp.lua [PORT]
--
-- Prints `READY tcp=PORT` once listening.
local net = require('net')
local MAX = 64 * 1024 * 1024 -- longest request kept before giving up
local db = {}

local function bulk(s)
  if s == nil then return '$-1\r\n' end
  return '$' .. #s .. '\r\n' .. s .. '\r\n'
end

local arity = { PING = 1, SET = 3, GET = 2, INCR = 2, DEL = 2 }
local commands = {
  PING = function(a) return a[2] and bulk(a[2]) or '+PONG\r\n' end,
  SET = function(a) db[a[2]] = a[3]; return '+OK\r\n' end,
  GET = function(a) return bulk(db[a[2]]) end,
  INCR = function(a)
    local v = db[a[2]] or '0'
    if #v > 15 or not v:match('^%-?%d+$') then return '-ERR value is not an integer or out of range\r\n' end
    v = string.format('%d', tonumber(v) + 1)
    db[a[2]] = v
    return ':' .. v .. '\r\n'
  end,
  DEL = function(a)
    local n = 0
    for i = 2, #a do
      if db[a[i]] ~= nil then db[a[i]] = nil; n = n + 1 end
    end
    return ':' .. n .. '\r\n'
  end,
}

local function run(args)
  local name = args[1]:upper()
  if not commands[name] then return "-ERR unknown command '" .. args[1] .. "'\r\n" end
  if #args < arity[name] then return "-ERR wrong number of arguments for '" .. name:lower() .. "' command\r\n" end
  return commands[name](args)
end

-- parse reads one command at buf[pos]: its arguments and the position
-- after it; nil when it has not all arrived; false and why when malformed.
local function parse(buf, pos)
  local eol = buf:find('\r\n', pos, true)
  if not eol then return nil end
  if buf:byte(pos) ~= 42 then -- not '*': an inline command, as typed into nc
    local args = {}
    for w in buf:sub(pos, eol - 1):gmatch('%S+') do args[#args + 1] = w end
    return args, eol + 2
  end
  local n = tonumber(buf:sub(pos + 1, eol - 1))
  if not n or n < 1 or n > 1024 * 1024 then return false, 'invalid multibulk length' end
  local args = {}
  pos = eol + 2
  for i = 1, n do
    eol = buf:find('\r\n', pos, true)
    if not eol then return nil end
    if buf:byte(pos) ~= 36 then return false, "expected '$'" end -- '$'
    local len = tonumber(buf:sub(pos + 1, eol - 1))
    if not len or len < 0 or len > MAX then return false, 'invalid bulk length' end
    if #buf < eol + 3 + len then return nil end
    args[i] = buf:sub(eol + 2, eol + 1 + len)
    pos = eol + 4 + len
  end
  return args, pos
end

local server = net.createServer(function(sock)
  sock:setNoDelay(true) -- as Redis does: no Nagle delay behind a pipeline's first reply
  local buf = ''
  sock:on('data', function(chunk)
    buf = buf .. chunk
    local pos = 1
    while true do
      local args, nxt = parse(buf, pos)
      if args == false or (args == nil and #buf - pos > MAX) then
        sock:_end('-ERR Protocol error: ' .. (nxt or 'too big') .. '\r\n')
        buf = ''
        return
      end
      if args == nil then break end
      pos = nxt
      if #args > 0 then sock:write(run(args)) end
    end
    buf = buf:sub(pos)
  end)
  sock:on('error', function() end) -- clients reset connections
end)
server:listen(tonumber(process.argv[2] or '0'), '127.0.0.1', function()
  print('READY tcp=' .. server:address().port)
end)
