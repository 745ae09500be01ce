-- Lecture example 11-03: a TCP server that sums the Int32LE numbers each
-- client sends and writes the sum back as Int32LE every 3 s
-- (../shared/lecture/js/11-03.js).
-- Usage: netsh scripts/tcp_sum.lua [port [period_ms]]   (defaults: 40000, 3000)
local net = require('net')

-- The optional arguments (not in the lecture, for tests): scripts/lib/args.lua.
local numArg = require('lib.args').numArg

local HOST = '0.0.0.0'
local PORT = numArg(1, 'port', 40000)
local PERIOD = numArg(2, 'period_ms', 3000)

local sum = 0

local server = net.createServer()
server:on('connection', function(sock)

  console.log('Server CONNECTED: ' .. sock.remoteAddress .. ':' .. sock.remotePort)

  sock:on('data', function(data)
    console.log('Server DATA:', data, sum)
    sum = sum + data:readInt32LE()
  end)

  local buf = Buffer.alloc(4)
  setInterval(function() buf:writeInt32LE(sum, 0); sock:write(buf) end, PERIOD)

  sock:on('close', function(data) console.log('Server CLOSED: ', sock.remoteAddress .. ' ' .. sock.remotePort) end)

  sock:on('error', function(e) console.log('Server error: ', sock.remoteAddress .. ' ' .. sock.remotePort) end)

end)
server:on('listening', function() console.log('TCP-server ', HOST .. ':' .. PORT) end)
server:on('error', function(e) console.log('TCP-server error ', e) end)
server:listen(PORT, HOST)
