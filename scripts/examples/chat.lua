-- A line-based chat server: every line a client sends goes to the others.
-- Usage: netsh scripts/examples/chat.lua [port]   then, in two terminals: nc 127.0.0.1 7000
local net = require('net')
local port = tonumber(process.argv[2]) or 7000
local clients, nextId = {}, 1

local function broadcast(from, text)
  for sock in pairs(clients) do
    if sock ~= from then sock:write(text .. '\n') end
  end
end

net.createServer(function(sock)
  local name = 'user' .. nextId
  nextId = nextId + 1
  clients[sock] = true
  sock:setFraming('line')
  sock:write('welcome, ' .. name .. '\n')
  broadcast(sock, '* ' .. name .. ' joined')
  sock:on('data', function(line) broadcast(sock, name .. ': ' .. line) end)
  sock:on('close', function()
    clients[sock] = nil
    broadcast(sock, '* ' .. name .. ' left')
  end)
  sock:on('error', function() end)
end):listen(port, '127.0.0.1', function() console.log('chat on 127.0.0.1:' .. port) end)
