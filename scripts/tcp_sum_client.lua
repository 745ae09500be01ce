-- Lecture example 11-03a: a TCP client that sends k = 0, 1, 2, ... as
-- Int32LE every second and ends after 30 s (../shared/lecture/js/11-03a.js).
-- Usage: netsh scripts/tcp_sum_client.lua [port [interval_ms [duration_ms]]]
-- (defaults: 40000, 1000, 30000)
local net = require('net')

-- The optional arguments (not in the lecture, for tests): scripts/lib/args.lua.
local numArg = require('lib.args').numArg

local HOST = '127.0.0.1'
local PORT = numArg(1, 'port', 40000)
local INTERVAL = numArg(2, 'interval_ms', 1000)
local DURATION = numArg(3, 'duration_ms', 30000)

local client = net.Socket()
local buf = Buffer.alloc(4)
local timerId = nil
client:connect(PORT, HOST, function()
  console.log('Client CONNECTED: ', client.remoteAddress .. ' ' .. client.remotePort)

  local k = 0
  timerId = setInterval(function()
    buf:writeInt32LE(k, 0)
    k = k + 1
    client:write(buf)
  end, INTERVAL)

  setTimeout(function()
    clearInterval(timerId)
    client:_end()
  end, DURATION)
end)

client:on('data', function(data) console.log('Client DATA: ' .. data:readInt32LE()) end)
client:on('close', function() console.log('Client CLOSE') end)
client:on('error', function(e) console.log('Client ERROR', e) end)
