-- Lecture example 11-06a: a TCP client whose port comes from the command
-- line, default 40000 (../shared/lecture/js/11-06a.js).
-- Usage: netsh scripts/tcp_port_client.lua [port [interval_ms [duration_ms]]]
-- (defaults: 40000, 1000, 30000)
local net = require('net')

-- The optional arguments (not in the lecture, for tests): scripts/lib/args.lua.
local numArg = require('lib.args').numArg

local HOST = '127.0.0.1'
local PORT = numArg(1, 'port', 40000)
local INTERVAL = numArg(2, 'interval_ms', 1000)
local DURATION = numArg(3, 'duration_ms', 30000)

local client = net.Socket()
local timerId = nil

client:connect(PORT, HOST, function()

  console.log('Client CONNECTED:', client.remoteAddress .. ' ' .. client.remotePort)

  local k = 0
  timerId = setInterval(function() client:write('client: ' .. k); k = k + 1 end, INTERVAL)
  setTimeout(function() clearInterval(timerId); client:_end() end, DURATION)

end)

client:on('data', function(data) console.log('Client DATA: ', data) end)
  :on('close', function() console.log('Client CLOSE') end)
  :on('error', function(e) console.log('Client ERROR', e) end)
