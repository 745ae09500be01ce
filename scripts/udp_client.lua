-- Lecture example: the simplest UDP client (../shared/lecture/js/udp-client.js):
-- a message, then two buffers sent as ONE datagram.
-- Usage: netsh scripts/udp_client.lua [port]   (the server's port, default 3000)
local buffer = require('buffer')
local udp = require('dgram')

-- The optional arguments (not in the lecture, for tests): scripts/lib/args.lua.
local numArg = require('lib.args').numArg

local client = udp.createSocket('udp4')
local PORT = numArg(1, 'port', 3000)

client:on('message', function(msg, info)
  console.log('Client: от сервера получено ' .. msg:toString())
  console.log('Client: получено %d байтов от %s:%d\n', msg.length, info.address, info.port)
end)

local data = Buffer.from('Client: сообщение 01')
client:send(data, PORT, 'localhost', function(err)
  if err then client:close()
  else console.log('Client: Сообщение отправлено серверу') end
end)

local data1 = Buffer.from('Привет ')
local data2 = Buffer.from('Мир')

client:send({data1, data2}, PORT, 'localhost', function(err)
  if err then client:close()
  else console.log('Client: Сообщение отправлено серверу') end
end)
