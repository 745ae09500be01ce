-- netsh connect HOST PORT: stdin to the socket, the socket to stdout,
-- as ncat HOST PORT; or the socket handed to the -e / --exec code.
local run = userCode()

local function quitAfterStdin(sock)
  if opts.quit == 0 then
    sock:_end(function() process.exit(0) end)
    return
  end
  sock:_end()
  if opts.quit then setTimeout(function() process.exit(0) end, opts.quit) end
end

local function connectTCP()
  local sock = connectSocket({ port = opts.port, host = opts.host })
  sock:on('error', fail)
  sock:on('connect', function()
    if run then run(sock) return end
    toStdout(sock)
    joinStdin(writeTo(sock), function() quitAfterStdin(sock) end)
  end)
  if not run then
    sock:on('close', function(hadError) process.exit(hadError and 1 or 0) end)
  end
end

local function connectUDP()
  local sock = dgram.createSocket(udpFamily(opts.host))
  sock:on('error', fail)
  sock:connect(opts.port, opts.host, function()
    if run then run(sock) return end
    sock:on('message', function(m) process.stdout:write(m) end)
    joinStdin(function(s) sock:send(s) end, function()
      -- as ncat -u: the end of stdin is the end, after -q seconds of replies
      setTimeout(function() process.exit(0) end, opts.quit or 0)
    end)
  end)
end

if opts.udp then connectUDP() else connectTCP() end
