-- TLS echo server for the netsh-vs-Node benchmark (bench/tls.go). The
-- same program as tls_echo.js, line for line.
--
--   netsh bench/tls_echo.lua CERT_FILE KEY_FILE
--
-- Once listening it prints `READY tcp=PORT udp=n/a`.
local tls, fs = require('tls'), require('fs')

local server = tls.createServer({
  cert = fs.readFileSync(process.argv[2]),
  key = fs.readFileSync(process.argv[3]),
}, function(sock)
  sock:on('data', function(d)
    if not sock:write(d) then
      sock:pause()
      sock:once('drain', function() sock:resume() end)
    end
  end)
  sock:on('error', function() end) -- the load generator resets connections
end)
server:on('tlsClientError', function() end)
server:listen(0, '127.0.0.1', function()
  print('READY tcp=' .. server:address().port .. ' udp=n/a')
end)
