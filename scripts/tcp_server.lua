-- Lecture example 11-01: the simplest TCP server (../shared/lecture/js/11-01.js).
-- Usage: netsh scripts/tcp_server.lua [port]   (port defaults to the lecture's 40000)
local net = require('net')

-- The optional arguments (not in the lecture, for tests): scripts/lib/args.lua.
local numArg = require('lib.args').numArg

local HOST = '0.0.0.0'
local PORT = numArg(1, 'port', 40000)

net.createServer(function(sock)

  console.log('Server CONNECTED: ' .. sock.remoteAddress .. ':' .. sock.remotePort)

  sock:on('data', function(data)
    console.log('Server DATA:', sock.remoteAddress .. ': ' .. data)
    sock:write('Сервер получил: ' .. data)
  end)

  sock:on('close', function() console.log('Server CLOSED: ', sock.remoteAddress .. ' ' .. sock.remotePort) end)

end):listen(PORT, HOST)

console.log('TCP-сервер ' .. HOST .. ':' .. PORT)
