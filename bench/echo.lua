-- Echo server for the netsh-vs-Node benchmark (bench/main.go). The same
-- program as echo.js, line for line.
--
--   netsh bench/echo.lua [TCP_PORT [UDP_PORT]]
--
-- Port 0 (the default) picks a free port; a negative UDP port skips UDP.
-- Once listening it prints one line, `READY tcp=PORT udp=PORT`, with
-- udp=n/a when there is no UDP server (no dgram module yet, or skipped).
local net = require('net')

local tcpPort = tonumber(process.argv[2] or '0')
local udpPort = tonumber(process.argv[3] or '0')

local ports = { tcp = 'n/a', udp = 'n/a' }
local pending = 2
local function ready()
  pending = pending - 1
  if pending == 0 then
    print('READY tcp=' .. ports.tcp .. ' udp=' .. ports.udp)
  end
end

-- TCP: echo every chunk, honouring backpressure as socket.pipe would.
local server = net.createServer(function(sock)
  sock:on('data', function(d)
    if not sock:write(d) then
      sock:pause()
      sock:once('drain', function() sock:resume() end)
    end
  end)
  sock:on('error', function() end) -- the load generator resets connections
end)
server:listen(tcpPort, '127.0.0.1', function()
  ports.tcp = server:address().port
  ready()
end)

-- UDP: send each datagram back to where it came from.
local ok, dgram = pcall(require, 'dgram')
if udpPort < 0 or not ok then
  if not ok then
    io.stderr:write('echo.lua: no dgram module, UDP skipped: ' .. (tostring(dgram):match('[^\n]*')) .. '\n')
  end
  ready()
else
  local s = dgram.createSocket('udp4')
  s:on('message', function(msg, rinfo)
    s:send(msg, rinfo.port, rinfo.address)
  end)
  s:on('error', function(err) io.stderr:write('echo.lua: udp: ' .. tostring(err) .. '\n') end)
  s:on('listening', function()
    ports.udp = s:address().port
    ready()
  end)
  s:bind(udpPort, '127.0.0.1')
end
