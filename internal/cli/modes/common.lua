-- What netsh's modes share (connect, listen, send, proxy). The mode's
-- command line, parsed and checked in Go (internal/cli), arrives as
-- _NETSH_MODE; this file and the mode's driver run as one chunk.
local opts = _NETSH_MODE
_NETSH_MODE = nil
local net = require('net')
local dgram = require('dgram')
local wire = require('wire')

-- note prints a line on stderr.
local function note(msg)
  process.stderr:write('netsh: ' .. msg .. '\n')
end

-- hostPort is an address table's host:port, an IPv6 host in brackets.
local function hostPort(a)
  if a.family == 'IPv6' then return '[' .. a.address .. ']:' .. a.port end
  return a.address .. ':' .. a.port
end

-- fail ends the program with status 1 and the error's text, as Node
-- words it (connect ECONNREFUSED 127.0.0.1:1).
local function fail(err)
  local msg = err
  if type(err) ~= 'string' then msg = err.message or tostring(err) end
  note(msg)
  process.exit(1)
end

-- tlsOptions adds the --tls flags (opts.tls) to a connect's or a
-- server's options: a server without a certificate gets a self-signed
-- one, whose fingerprint is printed, as ncat --ssl -l does.
local function tlsOptions(o, server)
  local t = opts.tls
  o.ALPNProtocols, o.ca, o.cert, o.key = t.alpn, t.ca, t.cert, t.key
  if server then
    if not o.cert then
      local c = require('tls').selfSigned({ hosts = { 'localhost', '127.0.0.1', '::1' } })
      o.cert, o.key = c.cert, c.key
      note('TLS with a self-signed certificate, SHA-256 fingerprint ' .. c.fingerprint256)
    end
  else
    o.servername = t.sni
    o.rejectUnauthorized = not t.insecure
  end
  return o
end

-- connectSocket is net.connect, or tls.connect under --tls.
local function connectSocket(o)
  if not opts.tls then return net.connect(o) end
  return require('tls').connect(tlsOptions(o, false))
end

-- createServer is net.createServer, or tls.createServer under --tls (its
-- listener gets each connection once the handshake is done).
local function createServer(o, listener)
  if not opts.tls then return net.createServer(o, listener) end
  return require('tls').createServer(tlsOptions(o, true), listener)
end

-- -x: a hex dump of what every socket sends and receives, on stderr.
if opts.hex then wire.trace(true, true) end

-- crlf turns lone LF line ends into CRLF (-C), across chunks: a CR at
-- the end of one chunk pairs with an LF at the start of the next.
local function crlfFilter()
  local cr = false
  return function(s)
    local out = string.gsub(s, '\r?\n', '\r\n')
    if cr and string.sub(s, 1, 1) == '\n' then out = string.sub(out, 2) end
    cr = string.sub(s, -1) == '\r'
    return out
  end
end

-- joinStdin sends what arrives on stdin with send(chunk) -> ok; when ok
-- is false stdin pauses until resume() is called. done runs at its end.
local function joinStdin(send, done)
  local stdin = process.stdin
  local filter = opts.crlf and crlfFilter() or nil
  stdin:on('data', function(d)
    local s = tostring(d)
    if filter then s = filter(s) end
    if send(s) == false then stdin:pause() end
  end)
  stdin:on('end', function() if done then done() end end)
  return stdin
end

-- writeTo is send() for joinStdin over a stream socket: backpressure
-- pauses stdin until the socket drains.
local function writeTo(sock)
  return function(s)
    if sock:write(s) then return true end
    sock:once('drain', function() process.stdin:resume() end)
    return false
  end
end

-- toStdout prints what a socket receives.
local function toStdout(sock)
  sock:on('data', function(d) process.stdout:write(d) end)
end

-- udpFamily is the dgram family for host: udp6 for an IPv6 literal.
local function udpFamily(host)
  if host and net.isIPv6(host) then return 'udp6' end
  return 'udp4'
end

-- userCode is the Lua code of -e or --exec as a function of sock that
-- runs in a task, in an environment of its own whose `sock` is the
-- socket (globals are read through to _G; a connection's assignments
-- stay its own). onError, if given, takes an error instead of the
-- uncaught-error report (which ends the program).
local function userCode(onError)
  if not opts.code then return nil end
  return function(sock, ...)
    local fn = assert(loadstring(opts.code, opts.codeName))
    setfenv(fn, setmetatable({ sock = sock }, { __index = _G }))
    local args = { ... }
    return netsh.spawn(function()
      if not onError then return fn(sock, unpack(args)) end
      local ok, err = xpcall(function() return fn(sock, unpack(args)) end, debug.traceback)
      if not ok then onError(err) end
    end)
  end
end
