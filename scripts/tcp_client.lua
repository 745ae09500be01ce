-- Lecture example 11-02: the simplest TCP client (../shared/lecture/js/11-02.js).
-- Usage: netsh scripts/tcp_client.lua [port]   (port defaults to the lecture's 40000)
local net = require('net')

-- The optional arguments (not in the lecture, for tests): scripts/lib/args.lua.
local numArg = require('lib.args').numArg

local HOST = '127.0.0.1'
local PORT = numArg(1, 'port', 40000)

local client = net.Socket()
client:connect(PORT, HOST, function()
  console.log('Client CONNECTED: ', client.remoteAddress .. ' ' .. client.remotePort)
  client:write('Hello')
end)

client:on('data', function(data)
  console.log('Client DATA:' .. data:toString())
  client:destroy()
end)

client:on('close', function() console.log('Client CLOSE') end)

client:on('error', function(e) console.log('Client ERROR') end)
