-- An HTTP/1.1 keep-alive server on net with 'http' framing: each request
-- arrives whole (pipelined ones one by one), and is answered in order.
-- Usage: netsh scripts/examples/http_server.lua [port]   then: curl http://127.0.0.1:8080/hi
local net, http1 = require('net'), require('http1')
local port = tonumber(process.argv[2]) or 8080

net.createServer(function(sock)
  sock:setFraming('http')
  sock:on('data', function(req)
    if req.continue then -- Expect: 100-continue: ask for the body
      sock:write('HTTP/1.1 100 Continue\r\n\r\n')
      return
    end
    local body = 'hello from netsh: ' .. req.method .. ' ' .. req.url .. ' (' .. #req.body .. ' bytes)\n'
    sock:write(http1.response{
      status = 200,
      headers = { ['Content-Type'] = 'text/plain', Connection = req.keepAlive and 'keep-alive' or 'close' },
      body = body,
    })
    if not req.keepAlive then sock:_end() end
  end)
  sock:on('error', function(e) console.error('client:', e.message) end)
end):listen(port, '127.0.0.1', function() console.log('http on 127.0.0.1:' .. port) end)
