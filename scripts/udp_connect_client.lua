-- Lecture example: a UDP client with connect()
-- (../shared/lecture/js/udp-connect-client.js): one message sent in the
-- connect callback, the socket closed in the send callback.
-- Usage: netsh scripts/udp_connect_client.lua [port]   (the server's port, default 3000)
local dgram = require('dgram')

-- The optional arguments (not in the lecture, for tests): scripts/lib/args.lua.
local numArg = require('lib.args').numArg

local client = dgram.createSocket('udp4')
local PORT = numArg(1, 'port', 3000)

local message = Buffer.from('Client: сообщение 01')
client:connect(PORT, 'localhost', function(err)
  client:send(message, function(err)
    client:close()
  end)
end)
