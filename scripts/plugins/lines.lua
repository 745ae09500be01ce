-- lines: line-oriented sockets, for chatting with text protocols.
--   local lines = require('lines')
--   lines(sock)                      -- sock now emits 'line' (without the CR/LF)
--   sock:on('line', function(l) sock:writeLine('you said ' .. l) end)
-- Lines arrive whole however TCP splits them; a last line without a
-- terminator is delivered when the peer ends. On a net.Socket the lines are
-- cut in Go by sock:setFraming('line') (bounded by maxFrame, 16 MiB by
-- default); anything else that emits 'data' and has write() is split here.

-- splitLines cuts the 'data' of a stream that has no setFraming.
local function splitLines(sock)
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
end

local function attach(sock)
  if type(sock) ~= 'userdata' and type(sock) ~= 'table' then
    error(TypeError('lines(socket): expected a socket, got ' .. type(sock)), 2)
  end
  if type(sock) == 'userdata' and sock.setFraming then
    sock:setFraming('line')
    sock:on('data', function(line) sock:emit('line', line) end)
  else
    splitLines(sock)
  end
  sock.writeLine = function(self, s, eol)
    return self:write(tostring(s) .. (eol or '\r\n'))
  end
  return sock
end

netsh.module('lines', function() return attach end)
