-- Lecture example: the simplest UDP server (../shared/lecture/js/udp-server.js):
-- echoes every datagram back to its sender.
-- Usage: netsh scripts/udp_server.lua [port]   (default 3000)
local udp = require('dgram')

-- The optional arguments (not in the lecture, for tests): scripts/lib/args.lua.
local numArg = require('lib.args').numArg

local PORT = numArg(1, 'port', 3000)

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
