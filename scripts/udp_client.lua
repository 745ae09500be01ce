-- Lecture example: /work/shared/lecture/js/udp-client.js
-- The simplest UDP client: a message, then two buffers sent as ONE datagram.
-- Optional trailing argument (not in the lecture): the server's port, for tests.
local buffer = require('buffer')
local udp = require('dgram')
local client = udp.createSocket('udp4')
local PORT = tonumber(process.argv[2]) or 3000

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
