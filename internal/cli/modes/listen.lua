-- netsh listen PORT [HOST]: accept connections (-k: keep accepting) and
-- print what arrives, stdin going back to the clients; or run the -e /
-- --exec code per connection with the socket as `sock`. -u: datagrams.

local function who(sock)
  return net.isIPv6(sock.remoteAddress or '') and ('[' .. sock.remoteAddress .. ']:' .. sock.remotePort)
    or ((sock.remoteAddress or '?') .. ':' .. tostring(sock.remotePort))
end

-- With -k a handler's error ends that connection only; without, the run.
local run = userCode(opts.keep and function(err) note(tostring(err)) end or nil)

local function listenTCP()
  local clients = {}
  local srv
  local function joined(sock)
    clients[sock] = true
    sock:on('error', function(e) note(who(sock) .. ': ' .. e.message) end)
    sock:on('close', function()
      clients[sock] = nil
      if not opts.keep then process.exit(0) end
    end)
    toStdout(sock)
  end
  srv = createServer({ allowHalfOpen = not opts.keep and not run }, function(sock)
    if not opts.keep then srv:close() end -- one connection, as ncat -l
    if run then
      sock:on('error', function(e) note(who(sock) .. ': ' .. e.message) end)
      run(sock)
      return
    end
    if opts.keep then note('connection from ' .. who(sock)) end
    joined(sock)
    if not opts.keep then -- stdin is this client's, read only now, as ncat -l reads it
      joinStdin(writeTo(sock), function() sock:_end() end)
    end
  end)
  srv:on('error', fail)
  srv:listen(opts.port, opts.host, function()
    note('listening on ' .. hostPort(srv:address()))
    if run or not opts.keep then return end
    joinStdin(function(s) -- -k: to every client connected now
      for c in pairs(clients) do c:write(s) end
    end)
  end)
end

local function listenUDP()
  local sock = dgram.createSocket(udpFamily(opts.host))
  local last -- the last sender, who gets what stdin says
  sock:on('error', fail)
  sock:bind(opts.port, opts.host, function()
    note('listening on udp ' .. hostPort(sock:address()))
    if run then run(sock) return end
    sock:on('message', function(msg, rinfo)
      last = rinfo
      note('datagram from ' .. hostPort(rinfo) .. ', ' .. rinfo.size .. ' bytes')
      process.stdout:write(msg)
    end)
    joinStdin(function(s)
      if last then sock:send(s, last.port, last.address) end
    end)
  end)
end

if opts.udp then listenUDP() else listenTCP() end
