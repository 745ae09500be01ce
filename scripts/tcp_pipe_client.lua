-- Lecture example 11-05: a TCP client that pipes ./Files/File04.data into
-- the socket and prints each reply as an Int32LE (../shared/lecture/js/11-05.js).
-- Usage: netsh scripts/tcp_pipe_client.lua [port [file]]
-- (defaults: 40000, ./Files/File04.data)
local net = require('net')
local fs = require('fs')

-- The optional arguments (not in the lecture, for tests): scripts/lib/args.lua.
local numArg = require('lib.args').numArg

local HOST = '127.0.0.1'
local PORT = numArg(1, 'port', 40000)
local FILE = process.argv[3] or './Files/File04.data'

local rs = fs.createReadStream(FILE)
rs:on('error', function(e)
  console.error('Client: cannot read ' .. FILE .. ': ' .. e.message)
  process.exit(1)
end)

local client = net.Socket()

client:connect(PORT, HOST, function()
  console.log('Client CONNECTED:', client.remoteAddress .. ' ' .. client.remotePort)
  rs:pipe(client)
end)

client:on('data', function(data) console.log('Client DATA: ', data:readInt32LE()) end)
client:on('close', function() console.log('Client CLOSE') end)
client:on('error', function(e) console.log('Client ERROR', e) end)
