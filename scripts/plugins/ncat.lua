-- ncat: talk to a service by hand from the REPL, as ncat does.
--   .connect HOST PORT [-u] [-C] [-x]  join the terminal to a socket: each typed
--                               line is sent (with LF; -C: CRLF), what arrives
--                               is printed; .detach returns to the REPL
--   .listen PORT [-u] [-x]      print what arrives on a port (any number of
--                               TCP clients, or datagrams); .unlisten PORT stops
--   .trace on|off [-x]          a line per chunk of every socket (netsh --trace)
-- -u (--udp) is UDP, -x shows the bytes as a hex dump with direction marks
-- and stream offsets; with .hexdump on, what arrives prints as a hex dump.
-- Lines that start with a dot and a letter are REPL commands, not data.

local net = require('net')
local wire = require('wire')

local session = nil   -- the .connect in progress: { close = fn, name = str }
local listeners = {}  -- port (string) -> { close = fn }

-- show prints what arrived: as text, or as a hex dump under .hexdump on
-- (netsh.hexdumpOn, set by the hexdump plugin) or -x (dumper).
local function show(data, dumper)
  if dumper then
    process.stdout:write(dumper(data))
    return
  end
  local s = tostring(data)
  if netsh.hexdumpOn then s = wire.hexdump(s) end
  if string.sub(s, -1) ~= '\n' then s = s .. '\n' end
  process.stdout:write(s)
end

-- dumper formats one direction's chunks as a hex dump marked mark, the
-- offsets running on from chunk to chunk.
local function dumper(mark)
  local off = 0
  return function(data)
    local s = wire.dump(data, off, mark)
    off = off + #data
    return s
  end
end

-- parse reads [HOST] PORT and the flags: { host, port, udp, crlf, hex }
-- and whether the words were right.
local function parse(args, wantHost)
  local o, rest = {}, {}
  for w in string.gmatch(args or '', '%S+') do
    if w == '--udp' or w == '-u' then o.udp = true
    elseif w == '-C' or w == '--crlf' then o.crlf = true
    elseif w == '-x' or w == '--hex-dump' then o.hex = true
    elseif string.sub(w, 1, 1) == '-' and not tonumber(w) then return o, false
    else rest[#rest + 1] = w end
  end
  if wantHost then
    o.host, o.port = rest[1], tonumber(rest[2])
    return o, #rest == 2 and o.port ~= nil
  end
  o.port = tonumber(rest[1])
  return o, #rest == 1 and o.port ~= nil
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

netsh.command('connect', 'HOST PORT [-u] [-C] [-x]: join the terminal to a socket (.detach returns)', function(args)
  local o, ok = parse(args, true)
  if not ok then print('usage: .connect HOST PORT [-u] [-C] [-x]') return end
  if session then print('already connected to ' .. session.name .. '; .detach first') return end
  local host, port = o.host, o.port
  local name = host .. ':' .. port
  local eol = o.crlf and '\r\n' or '\n'
  local out, inDump = o.hex and dumper('>') or nil, o.hex and dumper('<') or nil
  local function sent(s) if out then process.stdout:write(out(s)) end return s end
  if o.udp then
    local dgram = require('dgram')
    local family = net.isIPv6(host) and 'udp6' or 'udp4'
    local s = dgram.createSocket(family)
    s:on('message', function(msg) show(msg, inDump) end)
    s:on('error', function(e) detach('error: ' .. tostring(e)) end)
    session = { name = name .. '/udp', close = function() s:close() end }
    netsh.attach(function(line) s:send(sent(line .. eol), port, host) end, name .. '/udp> ')
    print('sending datagrams to ' .. name .. ' (type lines; .detach returns)')
    return
  end
  local sock = net.connect(port, host)
  session = { name = name, close = function() sock:destroy() end }
  sock:on('connect', function() print('connected to ' .. name .. ' (type lines; .detach returns)') end)
  sock:on('data', function(d) show(d, inDump) end)
  sock:on('end', function() if session and session.name == name then detach('connection closed by ' .. name) end end)
  sock:on('error', function(e) if session and session.name == name then detach('error: ' .. tostring(e)) end end)
  netsh.attach(function(line) sock:write(sent(line .. eol)) end, name .. '> ')
end)

netsh.command('detach', 'leave a .connect session, closing its socket', function()
  if not detach('detached') then print('not connected') end
end)

netsh.command('listen', 'PORT [-u] [-x]: print what arrives on a port (.unlisten PORT stops)', function(args)
  local o, ok = parse(args, false)
  if not ok then print('usage: .listen PORT [-u] [-x]') return end
  local port, udp = o.port, o.udp
  local key = tostring(port) .. (udp and '/udp' or '')
  if listeners[key] then print('already listening on ' .. key) return end
  if udp then
    local dgram = require('dgram')
    local s = dgram.createSocket('udp4')
    s:on('message', function(msg, rinfo)
      print('[' .. rinfo.address .. ':' .. rinfo.port .. ']')
      show(msg, o.hex and dumper('<') or nil)
    end)
    s:on('error', function(e) print('error: ' .. tostring(e)); listeners[key] = nil end)
    s:on('listening', function() print('listening on udp port ' .. port) end)
    s:bind(port)
    listeners[key] = { close = function() s:close() end }
    return
  end
  local srv = net.createServer(function(sock)
    local who = sock.remoteAddress .. ':' .. sock.remotePort
    local d = o.hex and dumper('<') or nil
    print('[' .. who .. ' connected]')
    sock:on('data', function(data) show(data, d) end)
    sock:on('close', function() print('[' .. who .. ' closed]') end)
    sock:on('error', function() end)
  end)
  srv:on('error', function(e) print('error: ' .. tostring(e)); listeners[key] = nil end)
  srv:listen(port, function() print('listening on tcp port ' .. srv:address().port) end)
  listeners[key] = { close = function() srv:close() end }
end)

netsh.command('unlisten', 'PORT [-u]: stop a .listen', function(args)
  local o = parse(args, false)
  local port, udp = o.port, o.udp
  local key = tostring(port) .. (udp and '/udp' or '')
  local l = listeners[key]
  if not l then print('not listening on ' .. key) return end
  listeners[key] = nil
  l.close()
  print('stopped listening on ' .. key)
end)

netsh.command('trace', 'on|off [-x]: a line per chunk of every socket on stderr (-x: and a hex dump)', function(args)
  local what = string.match(args or '', '^%s*(%S*)')
  local dump = string.find(args or '', '%-x') ~= nil
  if what == 'on' then
    wire.trace(true, dump)
    print('trace on' .. (dump and ' (with hex dumps)' or ''))
  elseif what == 'off' then
    wire.trace(false)
    print('trace off')
  else
    print('usage: .trace on|off [-x]')
  end
end)
