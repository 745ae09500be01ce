-- Lecture example 11-04: a TCP server that pipes everything each client
-- sends into ./Files/File04.data, appending (../shared/lecture/js/11-04.js).
-- Usage: netsh scripts/tcp_pipe_server.lua [port [file]]
-- (defaults: 40000, ./Files/File04.data)
--
-- One difference from the Node original, on purpose: Node's sock.pipe(ws)
-- ends the shared file stream when the first client leaves, so a second
-- client's data is silently lost. Here the pipe leaves the file open
-- ({ ['end'] = false }), so every client appends, as the lecture intends.
local net = require('net')
local fs = require('fs')

-- The optional arguments (not in the lecture, for tests): scripts/lib/args.lua.
local numArg = require('lib.args').numArg

local HOST = '0.0.0.0'
local PORT = numArg(1, 'port', 40000)
local FILE = process.argv[3] or './Files/File04.data'

local ws = fs.createWriteStream(FILE, { flags = 'a' })
ws:on('error', function(e)
  console.error('Server: cannot write ' .. FILE .. ': ' .. e.message)
  if e.code == 'ENOENT' then
    console.error('Server: create the folder first, e.g. mkdir -p ' .. string.match(FILE, '^(.*)/') )
  end
  process.exit(1)
end)

local server = net.createServer()
server:on('connection', function(sock)

  console.log('Server CONNECTED: ' .. sock.remoteAddress .. ':' .. sock.remotePort)

  sock:pipe(ws, { ['end'] = false })

  sock:on('close', function(data) console.log('Server CLOSED: ', sock.remoteAddress .. ' ' .. sock.remotePort) end)
  sock:on('error', function(e) console.log('Server error: ', sock.remoteAddress .. ' ' .. sock.remotePort) end)
end)
server:on('listening', function() console.log('TCP-server ', HOST .. ':' .. PORT) end)
server:on('error', function(e) console.log('TCP-server error ', e) end)
server:listen(PORT, HOST)
