-- Lecture example 11-06: one process, TCP servers on ports 40000 and 50000
-- (../shared/lecture/js/11-06.js).
-- Usage: netsh scripts/tcp_two_ports.lua [port1 port2]   (defaults: 40000 50000)
local net = require('net')

-- The optional arguments (not in the lecture, for tests): scripts/lib/args.lua.
local numArg = require('lib.args').numArg

local HOST = '0.0.0.0'
local P1 = numArg(1, 'port1', 40000)
local P2 = numArg(2, 'port2', 50000)

local function h(n)
  return function(sock)
    console.log('CONNECTED' .. n .. ': ' .. sock.remoteAddress .. ':' .. sock.remotePort)
    sock:on('data', function(data)
      console.log('DATA' .. n .. ': ' .. sock.remoteAddress .. ': ' .. data)
      sock:write('ECHO' .. n .. ':' .. data)
    end)
    sock:on('close', function() console.log('CLOSED' .. n .. ': ' .. sock.remoteAddress .. ' ' .. sock.remotePort) end)
    sock:on('error', function(e) console.log('ERROR' .. n .. ': ' .. sock.remoteAddress .. ' ' .. sock.remotePort) end)
  end
end

net.createServer(h(P1)):listen(P1, HOST):on('listening', function() console.log('TCP-server ' .. HOST .. ':' .. P1) end)
net.createServer(h(P2)):listen(P2, HOST):on('listening', function() console.log('TCP-server ' .. HOST .. ':' .. P2) end)
