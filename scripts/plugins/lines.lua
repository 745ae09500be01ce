-- lines: line-oriented sockets, for chatting with text protocols.
--   local lines = require('lines')
--   lines(sock)                      -- sock now emits 'line' (without the CR/LF)
--   sock:on('line', function(l) sock:writeLine('you said ' .. l) end)
-- Lines arrive whole however TCP splits them; a last line without a
-- terminator is delivered when the peer ends. Works on anything that emits
-- 'data' (Buffers or strings) and has write().

local function attach(sock)
  if type(sock) ~= 'userdata' and type(sock) ~= 'table' then
    error(TypeError('lines(socket): expected a socket, got ' .. type(sock)), 2)
  end
  local pending = ''
  sock:on('data', function(chunk)
    pending = pending .. tostring(chunk)
    while true do
      local nl = string.find(pending, '\n', 1, true)
      if not nl then break end
      local line = string.sub(pending, 1, nl - 1)
      pending = string.sub(pending, nl + 1)
      if string.sub(line, -1) == '\r' then line = string.sub(line, 1, -2) end
      sock:emit('line', line)
    end
  end)
  sock:on('end', function()
    if pending ~= '' then
      local last = pending
      pending = ''
      sock:emit('line', last)
    end
  end)
  sock.writeLine = function(self, s, eol)
    return self:write(tostring(s) .. (eol or '\r\n'))
  end
  return sock
end

netsh.module('lines', function() return attach end)
