-- Lecture example: a UDP client with connect()
-- (../shared/lecture/js/udp-connect-client.js): one message sent in the
-- connect callback, the socket closed in the send callback.
-- Usage: netsh scripts/udp_connect_client.lua [port]   (the server's port, default 3000)
local dgram = require('dgram')

-- The optional arguments (not in the lecture, for tests): argument i as a
-- number, default if it is absent; anything else stops the script.
local function numArg(i, what, default)
  local a = process.argv[i + 1]
  if a == nil then return default end
  local n = tonumber(a)
  if n == nil then
    console.error(string.format("%s: %s must be a number, got '%s'", process.argv[1], what, a))
    process.exit(2)
  end
  return n
end

local client = dgram.createSocket('udp4')
local PORT = numArg(1, 'port', 3000)

local message = Buffer.from('Client: сообщение 01')
client:connect(PORT, 'localhost', function(err)
  client:send(message, function(err)
    client:close()
  end)
end)
