-- Lecture example: /work/shared/lecture/js/udp-server.js
-- The simplest UDP server: echoes every datagram back to its sender on port 3000.
-- Optional trailing argument (not in the lecture): the port, for tests.
local udp = require('dgram')
local PORT = tonumber(process.argv[2]) or 3000

local server = udp.createSocket('udp4')

server:on('error', function(err) console.log('Ошибка: ' .. tostring(err)); server:close() end)

server:on('message', function(msg, info)
  console.log('Server: от клиента получено ' .. msg:toString())
  console.log('Server: получено %d байтов от %s:%d\n', msg.length, info.address, info.port)

  server:send(msg, info.port, info.address, function(err)
    if err then server:close()
    else console.log('Server: данные отправлены клиенту') end
  end)
end)

server:on('listening', function()
  console.log('Server: слушает порт ' .. server:address().port)
  console.log('Server: ip сервера ' .. server:address().address)
  console.log('Server: семейство(IP4/IP6) ' .. server:address().family)
end)

server:on('close', function() console.log('Server: сокет закрыт') end)

server:bind(PORT)
