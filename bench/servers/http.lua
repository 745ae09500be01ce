-- HTTP/1.1 keep-alive "hello" server on net with a hand-written parser
-- (Lua patterns), as a Lua user writes one; the same program as http.js.
-- The benchmark (bench/protocols.go) loads it with wrk.
--
--   netsh bench/servers/http.lua [PORT]
--
-- Prints `READY tcp=PORT` once listening.
local net = require('net')
local MAX_HEAD = 64 * 1024
local BODY = 'Hello, World!'

local function response(keepAlive)
  return 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: ' .. #BODY ..
    '\r\nConnection: ' .. (keepAlive and 'keep-alive' or 'close') .. '\r\n\r\n' .. BODY
end
local BAD = 'HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n'

local server = net.createServer(function(sock)
  sock:setNoDelay(true) -- as Redis does: no Nagle delay behind a pipeline's first reply
  local buf = ''
  sock:on('data', function(chunk)
    buf = buf .. chunk
    while true do
      local headEnd = buf:find('\r\n\r\n', 1, true)
      if not headEnd then
        if #buf > MAX_HEAD then sock:_end(BAD); buf = '' end
        return
      end
      local head = buf:sub(1, headEnd - 1)
      local method, url, version = head:match('^(%u+) (%S+) HTTP/(%d%.%d)')
      local headers = {}
      for name, value in head:gmatch('\r\n([^:\r\n]+):[ \t]*([^\r\n]*)') do
        headers[name:lower()] = value
      end
      local length = tonumber(headers['content-length'] or '0')
      if not method or not length or headers['transfer-encoding'] then
        sock:_end(BAD); buf = ''
        return
      end
      if #buf < headEnd + 3 + length then return end -- the body is still coming
      buf = buf:sub(headEnd + 4 + length)
      local connection = (headers['connection'] or ''):lower()
      local keepAlive = connection == 'keep-alive' or (version == '1.1' and connection ~= 'close')
      sock:write(response(keepAlive))
      if not keepAlive then sock:_end(); return end
    end
  end)
  sock:on('error', function() end) -- clients reset connections
end)
server:listen(tonumber(process.argv[2] or '0'), '127.0.0.1', function()
  print('READY tcp=' .. server:address().port)
end)
