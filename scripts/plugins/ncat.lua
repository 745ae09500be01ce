-- ncat: talk to a service by hand from the REPL, as ncat does.
--   .connect HOST PORT [--udp]  join the terminal to a socket: each typed line
--                               is sent (with LF), what arrives is printed;
--                               .detach returns to the REPL
--   .listen PORT [--udp]        print what arrives on a port (any number of
--                               TCP clients, or datagrams); .unlisten PORT stops
-- Lines that start with a dot and a letter are REPL commands, not data.

local net = require('net')

local session = nil   -- the .connect in progress: { close = fn, name = str }
local listeners = {}  -- port (string) -> { close = fn }

local function show(data)
  local s = tostring(data)
  if string.sub(s, -1) ~= '\n' then s = s .. '\n' end
  process.stdout:write(s)
end

local function parse(args, wantHost)
  local words = {}
  for w in string.gmatch(args or '', '%S+') do words[#words + 1] = w end
  local udp = false
  local rest = {}
  for _, w in ipairs(words) do
    if w == '--udp' or w == '-u' then udp = true else rest[#rest + 1] = w end
  end
  if wantHost then
    return rest[1], tonumber(rest[2]), udp, #rest == 2
  end
  return nil, tonumber(rest[1]), udp, #rest == 1
end

local function detach(reason)
  if not session then return false end
  local s = session
  session = nil
  netsh.detach()
  s.close()
  if reason then print(reason) end
  return true
end

netsh.command('connect', 'HOST PORT [--udp]: join the terminal to a socket (.detach returns)', function(args)
  local host, port, udp, ok = parse(args, true)
  if not ok or not port then print('usage: .connect HOST PORT [--udp]') return end
  if session then print('already connected to ' .. session.name .. '; .detach first') return end
  local name = host .. ':' .. port
  if udp then
    local dgram = require('dgram')
    local family = net.isIPv6(host) and 'udp6' or 'udp4'
    local s = dgram.createSocket(family)
    s:on('message', function(msg) show(msg) end)
    s:on('error', function(e) detach('error: ' .. tostring(e)) end)
    session = { name = name .. '/udp', close = function() s:close() end }
    netsh.attach(function(line) s:send(line .. '\n', port, host) end, name .. '/udp> ')
    print('sending datagrams to ' .. name .. ' (type lines; .detach returns)')
    return
  end
  local sock = net.connect(port, host)
  session = { name = name, close = function() sock:destroy() end }
  sock:on('connect', function() print('connected to ' .. name .. ' (type lines; .detach returns)') end)
  sock:on('data', function(d) show(d) end)
  sock:on('end', function() if session and session.name == name then detach('connection closed by ' .. name) end end)
  sock:on('error', function(e) if session and session.name == name then detach('error: ' .. tostring(e)) end end)
  netsh.attach(function(line) sock:write(line .. '\n') end, name .. '> ')
end)

netsh.command('detach', 'leave a .connect session, closing its socket', function()
  if not detach('detached') then print('not connected') end
end)

netsh.command('listen', 'PORT [--udp]: print what arrives on a port (.unlisten PORT stops)', function(args)
  local _, port, udp, ok = parse(args, false)
  if not ok or not port then print('usage: .listen PORT [--udp]') return end
  local key = tostring(port) .. (udp and '/udp' or '')
  if listeners[key] then print('already listening on ' .. key) return end
  if udp then
    local dgram = require('dgram')
    local s = dgram.createSocket('udp4')
    s:on('message', function(msg, rinfo) print('[' .. rinfo.address .. ':' .. rinfo.port .. ']'); show(msg) end)
    s:on('error', function(e) print('error: ' .. tostring(e)); listeners[key] = nil end)
    s:on('listening', function() print('listening on udp port ' .. port) end)
    s:bind(port)
    listeners[key] = { close = function() s:close() end }
    return
  end
  local srv = net.createServer(function(sock)
    local who = sock.remoteAddress .. ':' .. sock.remotePort
    print('[' .. who .. ' connected]')
    sock:on('data', function(d) show(d) end)
    sock:on('close', function() print('[' .. who .. ' closed]') end)
    sock:on('error', function() end)
  end)
  srv:on('error', function(e) print('error: ' .. tostring(e)); listeners[key] = nil end)
  srv:listen(port, function() print('listening on tcp port ' .. srv:address().port) end)
  listeners[key] = { close = function() srv:close() end }
end)

netsh.command('unlisten', 'PORT [--udp]: stop a .listen', function(args)
  local _, port, udp = parse(args, false)
  local key = tostring(port) .. (udp and '/udp' or '')
  local l = listeners[key]
  if not l then print('not listening on ' .. key) return end
  listeners[key] = nil
  l.close()
  print('stopped listening on ' .. key)
end)
