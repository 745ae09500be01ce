-- Lecture example 11-01: the simplest TCP server (../shared/lecture/js/11-01.js).
-- Usage: netsh scripts/tcp_server.lua [port]   (port defaults to the lecture's 40000)
local net = require('net')

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

local HOST = '0.0.0.0'
local PORT = numArg(1, 'port', 40000)

net.createServer(function(sock)

  console.log('Server CONNECTED: ' .. sock.remoteAddress .. ':' .. sock.remotePort)

  sock:on('data', function(data)
    console.log('Server DATA:', sock.remoteAddress .. ': ' .. data)
    sock:write('Сервер получил: ' .. data)
  end)

  sock:on('close', function() console.log('Server CLOSED: ', sock.remoteAddress .. ' ' .. sock.remotePort) end)

end):listen(PORT, HOST)

console.log('TCP-сервер ' .. HOST .. ':' .. PORT)
