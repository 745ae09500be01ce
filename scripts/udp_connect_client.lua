-- Lecture example: /work/shared/lecture/js/udp-connect-client.js
-- UDP client with connect(): one message sent in the connect callback,
-- the socket closed in the send callback.
-- Optional trailing argument (not in the lecture): the server's port, for tests.
local dgram = require('dgram')

local client = dgram.createSocket('udp4')
local PORT = tonumber(process.argv[2]) or 3000

local message = Buffer.from('Client: сообщение 01')
client:connect(PORT, 'localhost', function(err)
  client:send(message, function(err)
    client:close()
  end)
end)
