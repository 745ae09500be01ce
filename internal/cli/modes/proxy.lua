-- netsh proxy LISTEN_PORT TARGET_HOST:TARGET_PORT: a relay that damages
-- the traffic as a bad link would, each direction (up: client to target,
-- down: target to client) after its own plan (wire.faults), and lets
-- on_data(dir, chunk) from --exec rewrite (return the new bytes) or drop
-- (return nil) what passes. Seeded plans (--seed N) repeat exactly: the
-- n-th connection (from 0) plans up with seed N + 2n, down with N + 2n + 1.

-- A relay holds at most this much for a slow (delayed, throttled)
-- direction before it stops reading from the sender.
local holdHigh, holdLow = 256 * 1024, 64 * 1024

local hook
if opts.code then
  local fn = assert(loadstring(opts.code, opts.codeName))
  fn()
  hook = rawget(_G, 'on_data')
  if type(hook) ~= 'function' then
    note('the --exec code defines no on_data(dir, chunk) function')
    process.exit(2)
  end
end

local function nowMs() return process.hrtime.bigint() / 1e6 end

local count = 0
-- plans gives the next connection's (or datagram session's) two plans.
local function plans()
  local up, down = {}, {}
  for k, v in pairs(opts.faults.up) do up[k] = v end
  for k, v in pairs(opts.faults.down) do down[k] = v end
  if opts.seed then
    up.seed, down.seed = opts.seed + 2 * count, opts.seed + 2 * count + 1
  end
  count = count + 1
  return wire.faults(up), wire.faults(down)
end

-- filter runs the hook on a chunk: the bytes to pass on, or nil.
local function filter(dir, d)
  if not hook then return d end
  local out = hook(dir, tostring(d))
  if out == nil or out == false then return nil end
  if type(out) ~= 'string' and not Buffer.isBuffer(out) then
    error('on_data(' .. dir .. ', chunk) must return a string, a Buffer or nil, not ' .. type(out), 0)
  end
  return out
end

-- link relays src to dst after plan: each chunk's pieces wait in a queue
-- until they are due; dst's FIN follows src's once the queue is empty; a
-- planned reset resets both sockets.
local function link(dir, src, dst, plan)
  local q, head, tail, held, timer, ended = {}, 1, 0, 0, nil, false
  local function push(e) tail = tail + 1; q[tail] = e end
  local function maybeResume()
    if held <= holdLow and not dst.writableNeedDrain and src:isPaused() and not src.destroyed then
      src:resume()
    end
  end
  local function flush()
    timer = nil
    local now = nowMs()
    while q[head] and q[head].at <= now do
      local p = q[head]
      q[head], head = nil, head + 1
      if p.reset then
        src:resetAndDestroy()
        dst:resetAndDestroy()
        return
      end
      held = held - #p.data
      if not dst.destroyed then dst:write(p.data) end
    end
    if q[head] then
      timer = setTimeout(flush, q[head].at - now)
    elseif ended and not dst.destroyed then
      dst:_end()
    end
    maybeResume()
  end
  src:on('data', function(d)
    local ok, out = pcall(filter, dir, d)
    if not ok then -- a failing hook ends this connection, not the proxy
      note('on_data: ' .. tostring(out))
      src:destroy()
      dst:destroy()
      return
    end
    d = out
    if d == nil then return end
    local pieces, _, reset = plan:chunk(d)
    local now = nowMs()
    local last = now
    for _, p in ipairs(pieces) do
      last = now + p.delay
      push({ data = p.data, at = last })
      held = held + #p.data
    end
    if reset then push({ reset = true, at = last }) end
    if not timer then flush() end
    if held > holdHigh or dst.writableNeedDrain then src:pause() end
  end)
  dst:on('drain', maybeResume)
  src:on('end', function()
    ended = true
    if not q[head] and not dst.destroyed then dst:_end() end
  end)
  src:on('close', function(hadError)
    if hadError and not dst.destroyed then dst:destroy() end
  end)
end

local target = opts.targetHost .. ':' .. opts.targetPort

local function proxyTCP()
  local srv = net.createServer({ allowHalfOpen = true, pauseOnConnect = true }, function(client)
    local up, down = plans()
    local t = connectSocket({ port = opts.targetPort, host = opts.targetHost, allowHalfOpen = true }) -- --tls: TLS to the target
    client:setNoDelay(true) -- the relay adds no delay of its own, and fragments stay apart
    t:setNoDelay(true)
    client:on('error', function() end) -- a client's reset ends its pair, nothing more
    t:on('error', function(e)
      note(e.message)
      if not client.destroyed then client:destroy() end
    end)
    link('up', client, t, up)
    link('down', t, client, down)
    t:on('connect', function() client:resume() end)
  end)
  srv:on('error', fail)
  srv:listen(opts.port, function()
    note('proxy on ' .. hostPort(srv:address()) .. ' to ' .. target)
  end)
end

-- udpFilter is filter for a datagram: a failing hook drops that datagram
-- (with a note), as over TCP it ends only its connection.
local function udpFilter(dir, d)
  local ok, out = pcall(filter, dir, d)
  if ok then return out end
  note('on_data: ' .. tostring(out))
  return nil
end

local function proxyUDP()
  local front = dgram.createSocket(udpFamily(opts.targetHost))
  local sessions, order = {}, {}
  local maxSessions = 256
  -- Delayed datagrams wait at most this many at once; beyond, they are
  -- lost, as a router's full queue loses them.
  local maxWaiting, waiting = 4096, 0
  local function send(sock, d, delay, ...)
    local args = { ... }
    if delay <= 0 then sock:send(d, unpack(args)) return end
    if waiting >= maxWaiting then return end
    waiting = waiting + 1
    setTimeout(function()
      waiting = waiting - 1
      pcall(sock.send, sock, d, unpack(args))
    end, delay)
  end
  local function session(rinfo)
    local key = rinfo.address .. '|' .. rinfo.port
    local s = sessions[key]
    if s then return s end
    if #order >= maxSessions then
      local old = table.remove(order, 1)
      sessions[old].sock:close()
      sessions[old] = nil
    end
    local up, down = plans()
    s = { up = up, down = down, sock = dgram.createSocket(udpFamily(opts.targetHost)) }
    sessions[key] = s
    order[#order + 1] = key
    s.sock:on('error', function(e) note(e.message) end)
    s.sock:on('message', function(msg)
      local d = udpFilter('down', msg)
      if d == nil then return end
      local delay = s.down:datagram(#d)
      if delay then send(front, d, delay, rinfo.port, rinfo.address) end
    end)
    return s
  end
  front:on('error', fail)
  front:on('message', function(msg, rinfo)
    local s = session(rinfo)
    local d = udpFilter('up', msg)
    if d == nil then return end
    local delay = s.up:datagram(#d)
    if delay then send(s.sock, d, delay, opts.targetPort, opts.targetHost) end
  end)
  front:bind(opts.port, function()
    note('proxy on udp ' .. hostPort(front:address()) .. ' to ' .. target)
  end)
end

if opts.udp then proxyUDP() else proxyTCP() end
