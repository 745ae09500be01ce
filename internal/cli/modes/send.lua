-- netsh send HOST PORT DATA: one message (or -u datagram), then what the
-- peer answers within -w seconds. It stops early once the peer closes,
-- or has been quiet for a moment after answering.
local quiet = 150 -- ms of silence after a reply that end it

local function sendTCP()
  local sock = connectSocket({ port = opts.port, host = opts.host })
  local idle
  local function done() sock:destroy(); process.exit(0) end
  sock:on('error', fail)
  sock:on('close', function() process.exit(0) end)
  sock:on('connect', function()
    sock:write(opts.data)
    setTimeout(done, opts.wait)
  end)
  sock:on('data', function(d)
    process.stdout:write(d)
    if idle then clearTimeout(idle) end
    idle = setTimeout(done, quiet)
  end)
end

local function sendUDP()
  local sock = dgram.createSocket(udpFamily(opts.host))
  sock:on('error', fail)
  sock:connect(opts.port, opts.host, function()
    sock:send(opts.data)
    local t = setTimeout(function() sock:close() end, opts.wait)
    sock:on('message', function(m)
      process.stdout:write(m)
      clearTimeout(t)
      sock:close()
    end)
  end)
end

if opts.udp then sendUDP() else sendTCP() end
