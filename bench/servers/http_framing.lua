-- The HTTP/1.1 keep-alive "hello" server of http.lua written with netsh's
-- 'http' framing: each 'data' event is one whole request, the reply built
-- by http1.response. Its Node side is the hand-written http.js.
--
--   netsh bench/servers/http_framing.lua [PORT]
--
-- Prints `READY tcp=PORT` once listening.
local net, http1 = require('net'), require('http1')
local BODY = 'Hello, World!'

local server = net.createServer(function(sock)
  sock:setNoDelay(true) -- as Redis does: no Nagle delay behind a pipeline's first reply
  sock:setFraming('http') -- one whole request per 'data' event
  sock:on('data', function(req)
    if req.continue then return sock:write('HTTP/1.1 100 Continue\r\n\r\n') end -- the body follows
    sock:write(http1.response{
      status = 200,
      headers = { ['Content-Type'] = 'text/plain', Connection = req.keepAlive and 'keep-alive' or 'close' },
      body = BODY,
    })
    if not req.keepAlive then sock:_end() end
  end)
  sock:on('error', function() end) -- clients reset connections, malformed requests end here
end)
server:listen(tonumber(process.argv[2] or '0'), '127.0.0.1', function()
  print('READY tcp=' .. server:address().port)
end)
