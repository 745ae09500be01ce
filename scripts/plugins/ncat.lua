-- ncat: talk to a service by hand from the REPL, as ncat does.
--   .connect HOST PORT [-u] [-C] [-x]
--                               join the terminal to a socket: each typed line
--                               is sent (with LF; -C: CRLF), what arrives is
--                               printed; -u: UDP; -x: hex both ways (typed
--                               lines are hex bytes, what arrives is dumped).
--                               Ctrl-D half-closes (TCP) and returns to the
--                               prompt, replies still print; .detach closes.
--                               A refused connect, a failed lookup or the
--                               peer closing returns to the prompt at once.
--   (.connect and .listen also take --tls; .connect --tls-insecure,
--   --tls-sni=NAME, --tls-alpn=P1,P2; a .listen --tls makes a self-signed
--   certificate and prints its fingerprint)
--   .listen PORT [-u] [-x]      print what arrives on a port (any number of
--                               TCP clients, or datagrams; -x: as a hex dump,
--                               as under .hexdump on); .unlisten PORT stops
--   .trace on|off [-x]          a line per chunk of every socket (netsh --trace)
-- Lines that start with a dot and a letter are REPL commands, not data.

local net = require('net')

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
  if netsh.hexdumpOn then s = require('wire').hexdump(s) end
  if string.sub(s, -1) ~= '\n' then s = s .. '\n' end
  process.stdout:write(s)
end

-- dumper formats one direction's chunks as a hex dump marked mark, the
-- offsets running on from chunk to chunk.
local function dumper(mark)
  local off = 0
  return function(data)
    local s = require('wire').dump(data, off, mark)
    off = off + #data
    return s
  end
end

-- hexLine is a typed line of hex digits (spaces and colons allowed) as bytes,
-- or nil and why not.
local function hexLine(line)
  local digits = string.gsub(line, '[%s:]', '')
  if string.find(digits, '[^%x]') then return nil, 'not hex: ' .. line end
  if #digits % 2 == 1 then return nil, 'odd number of hex digits: ' .. line end
  return (string.gsub(digits, '%x%x', function(h) return string.char(tonumber(h, 16)) end))
end

-- hexDump is what arrived, as ncat -x shows it: offset, hex, ASCII.
local function hexDump(data)
  local s = tostring(data)
  local out = {}
  for off = 0, #s - 1, 16 do
    local chunk = string.sub(s, off + 1, off + 16)
    local hex = string.gsub(chunk, '.', function(c) return string.format('%02x ', string.byte(c)) end)
    local ascii = string.gsub(chunk, '[^\32-\126]', '.')
    out[#out + 1] = string.format('%08x  %-48s |%s|', off, hex, ascii)
  end
  return table.concat(out, '\n')
end

local function parse(args, wantHost)
  local words = {}
  for w in string.gmatch(args or '', '%S+') do words[#words + 1] = w end
  local opts = {}
  local rest = {}
  for _, w in ipairs(words) do
    if w == '--udp' or w == '-u' then opts.udp = true
    elseif w == '--crlf' or w == '-C' then opts.crlf = true
    elseif w == '--hex' or w == '-x' then opts.hex = true
    elseif w == '--tls' then opts.tls = true
    elseif w == '--tls-insecure' then opts.tls, opts.insecure = true, true
    elseif string.match(w, '^%-%-tls%-sni=') then opts.tls, opts.sni = true, string.sub(w, 11)
    elseif string.match(w, '^%-%-tls%-alpn=') then opts.tls, opts.alpn = true, string.sub(w, 12)
    elseif string.sub(w, 1, 1) == '-' and #w > 1 and not tonumber(w) then opts.bad = w
    else rest[#rest + 1] = w end
  end
  if wantHost then
    return rest[1], tonumber(rest[2]), opts, #rest == 2 and not opts.bad
  end
  return nil, tonumber(rest[1]), opts, #rest == 1 and not opts.bad
end

-- tlsOptions is what --tls and its flags mean for tls.connect (client)
-- or tls.createServer (server: a self-signed certificate, its
-- fingerprint printed, as netsh listen --tls makes one).
local function tlsOptions(opts, server)
  local o = {}
  if opts.alpn then
    o.ALPNProtocols = {}
    for p in string.gmatch(opts.alpn, '[^,]+') do o.ALPNProtocols[#o.ALPNProtocols + 1] = p end
  end
  if server then
    local c = require('tls').selfSigned({ hosts = { 'localhost', '127.0.0.1', '::1' } })
    o.cert, o.key = c.cert, c.key
    print('TLS with a self-signed certificate, SHA-256 fingerprint ' .. c.fingerprint256)
  else
    o.servername = opts.sni
    o.rejectUnauthorized = not opts.insecure
  end
  return o
end

local function detach(reason)
  if not session then return false end
  local s = session
  session = nil
  -- The reason first: the prompt that detach brings back comes under it.
  if reason then print(reason) end
  netsh.detach()
  s.close()
  return true
end

-- encoder turns a typed line into the bytes to send, or nil and why not.
local function encoder(opts)
  local eol = opts.crlf and '\r\n' or '\n'
  if opts.hex then return hexLine end
  return function(line) return line .. eol end
end

local function connectUDP(host, port, name, opts)
  local dgram = require('dgram')
  local family = net.isIPv6(host) and 'udp6' or 'udp4'
  local s = dgram.createSocket(family)
  local encode = encoder(opts)
  local me = { name = name .. '/udp', close = function() pcall(s.close, s) end }
  s:on('message', function(msg) show(opts.hex and hexDump(msg) or msg) end)
  s:on('error', function(e)
    if session == me then detach('error: ' .. tostring(e)) else print('error: ' .. tostring(e)) end
  end)
  session = me
  netsh.attach(function(line)
    local data, why = encode(line)
    if not data then print(why) return end
    s:send(data, port, host)
  end, name .. '/udp> ', function() detach('closed ' .. me.name) end)
  print('sending datagrams to ' .. name .. ' (type lines; Ctrl-D or .detach returns)')
end

local function connectTCP(host, port, name, opts)
  local sock
  if opts.tls then
    sock = require('tls').connect(port, host, tlsOptions(opts, false))
  else
    sock = net.connect(port, host)
  end
  local encode = encoder(opts)
  local me = { name = name, close = function() sock:destroy() end }
  session = me
  sock:on('connect', function()
    if session == me then print('connected to ' .. name .. ' (type lines; Ctrl-D half-closes, .detach closes)') end
  end)
  sock:on('data', function(d) show(opts.hex and hexDump(d) or d) end)
  sock:on('end', function()
    if session == me then detach('connection closed by ' .. name) else print('connection closed by ' .. name) end
  end)
  -- One message per failure: the error, then the prompt is back.
  sock:on('error', function(e)
    if session == me then detach('error: ' .. tostring(e)) else print('error: ' .. tostring(e)) end
  end)
  netsh.attach(function(line)
    local data, why = encode(line)
    if not data then print(why) return end
    sock:write(data)
  end, name .. '> ', function()
    -- Ctrl-D: send FIN as ncat does at the end of its input; what the peer
    -- still sends prints above the prompt until it closes.
    session = nil
    sock:_end()
    print('sent EOF to ' .. name .. '; back to the prompt')
  end)
end

netsh.command('connect', 'HOST PORT [-u] [-C] [-x]: join the terminal to a socket (UDP, CRLF, hex; Ctrl-D returns)', function(args)
  local host, port, opts, ok = parse(args, true)
  if not ok or not port then print('usage: .connect HOST PORT [-u|--udp] [-C|--crlf] [-x|--hex] [--tls] [--tls-insecure] [--tls-sni=NAME] [--tls-alpn=P1,P2]') return end
  if opts.tls and opts.udp then print('--tls works over TCP, not with -u') return end
  if session then print('already connected to ' .. session.name .. '; .detach first') return end
  local name = host .. ':' .. port
  if opts.udp then connectUDP(host, port, name, opts) else connectTCP(host, port, name, opts) end
end)

netsh.command('detach', 'leave a .connect session, closing its socket', function()
  if not detach('detached') then print('not connected') end
end)

netsh.command('listen', 'PORT [-u] [-x]: print what arrives on a port (.unlisten PORT stops)', function(args)
  local _, port, opts, ok = parse(args, false)
  local udp = opts.udp
  if not ok or not port then print('usage: .listen PORT [-u] [-x] [--tls]') return end
  if opts.tls and udp then print('--tls works over TCP, not with -u') return end
  local key = tostring(port) .. (udp and '/udp' or '')
  if listeners[key] then print('already listening on ' .. key) return end
  if udp then
    local dgram = require('dgram')
    local s = dgram.createSocket('udp4')
    s:on('message', function(msg, rinfo)
      print('[' .. rinfo.address .. ':' .. rinfo.port .. ']')
      show(msg, opts.hex and dumper('<') or nil)
    end)
    s:on('error', function(e) print('error: ' .. tostring(e)); listeners[key] = nil end)
    s:on('listening', function() print('listening on udp port ' .. port) end)
    s:bind(port)
    listeners[key] = { close = function() s:close() end }
    return
  end
  local create = net.createServer
  if opts.tls then
    local tlsOpts = tlsOptions(opts, true)
    create = function(fn) return require('tls').createServer(tlsOpts, fn) end
  end
  local srv = create(function(sock)
    local who = sock.remoteAddress .. ':' .. sock.remotePort
    local d = opts.hex and dumper('<') or nil
    print('[' .. who .. ' connected]')
    sock:on('data', function(data) show(data, d) end)
    sock:on('close', function() print('[' .. who .. ' closed]') end)
    sock:on('error', function() end)
  end)
  srv:on('error', function(e) print('error: ' .. tostring(e)); listeners[key] = nil end)
  srv:listen(port, function() print('listening on tcp port ' .. srv:address().port) end)
  listeners[key] = { close = function() srv:close() end }
end)

netsh.command('unlisten', 'PORT [--udp]: stop a .listen', function(args)
  local _, port, opts = parse(args, false)
  local udp = opts.udp
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
    require('wire').trace(true, dump)
    print('trace on' .. (dump and ' (with hex dumps)' or ''))
  elseif what == 'off' then
    require('wire').trace(false)
    print('trace off')
  else
    print('usage: .trace on|off [-x]')
  end
end)
