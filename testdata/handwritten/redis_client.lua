-- The Redis client of scripts/examples/redis_client.lua written the way
-- netsh needed before the toolkit: callbacks, a pending buffer and a
-- hand-written RESP reply parser. Kept to compare (docs/toolkit.md).
local net = require('net')
local port, host = tonumber(process.argv[2]) or 6379, process.argv[3] or '127.0.0.1'
local sock = net.connect(port, host)
local pending, waiting = '', {}

local function command(...)
  local args = { ... }
  local parts = { '*' .. #args .. '\r\n' }
  for _, a in ipairs(args) do
    a = tostring(a)
    parts[#parts + 1] = '$' .. #a .. '\r\n' .. a .. '\r\n'
  end
  return table.concat(parts)
end

-- parse one reply at pos: value, next position; nil if incomplete
local function parse(buf, pos)
  local e = buf:find('\r\n', pos, true)
  if not e then return nil end
  local kind, line = buf:sub(pos, pos), buf:sub(pos + 1, e - 1)
  if kind == '+' then return line, e + 2 end
  if kind == '-' then return { err = line }, e + 2 end
  if kind == ':' then return tonumber(line), e + 2 end
  if kind == '$' then
    local n = tonumber(line)
    if n < 0 then return false, e + 2 end
    if #buf < e + 2 + n + 1 then return nil end
    return buf:sub(e + 2, e + 1 + n), e + 4 + n
  end
  if kind == '*' then
    local n, arr, p = tonumber(line), {}, e + 2
    for i = 1, n do
      local v
      v, p = parse(buf, p)
      if p == nil then return nil end
      arr[i] = v
    end
    return arr, p
  end
  error('bad reply ' .. kind)
end

sock:on('data', function(d)
  pending = pending .. tostring(d)
  while #waiting > 0 do
    local v, p = parse(pending, 1)
    if p == nil then break end
    pending = pending:sub(p)
    table.remove(waiting, 1)(v)
  end
end)

local function call(cb, ...)
  waiting[#waiting + 1] = cb
  sock:write(command(...))
end

sock:on('connect', function()
  call(function(v1)
    print(v1)
    call(function(v2)
      print(v2)
      call(function(v3)
        print(v3)
        call(function(v4)
          print(v4)
          call(function(v5)
            if type(v5) == 'table' and v5.err then print(false, v5.err) else print(true, v5) end
            local left = 1000
            for i = 1, 1000 do
              call(function(v)
                assert(v == 'OK')
                left = left - 1
                if left == 0 then print('pipelined 1000 SETs'); sock:_end() end
              end, 'SET', 'netsh:k' .. i, i)
            end
          end, 'INCR', 'netsh:greeting')
        end, 'INCR', 'netsh:visits')
      end, 'GET', 'netsh:greeting')
    end, 'SET', 'netsh:greeting', 'hello')
  end, 'PING')
end)
