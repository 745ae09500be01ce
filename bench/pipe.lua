-- The file-to-socket pipe of the benchmark (bench/main.go): stream FILE to
-- 127.0.0.1:PORT with backpressure, then end the socket.
--
--   netsh bench/pipe.lua FILE PORT
local fs = require('fs')
local net = require('net')

local path = process.argv[2]
local port = tonumber(process.argv[3])
local sock = net.connect(port, '127.0.0.1')
sock:on('error', function(err)
  io.stderr:write('pipe.lua: ' .. tostring(err) .. '\n')
  process.exitCode = 1
end)
fs.createReadStream(path):pipe(sock)
