-- hexdump: the classic offset / hex / ASCII dump (as `hexdump -C` prints it).
--   hexdump(buf_or_string) -> string
--   .hexdump on|off          in the REPL: show Buffers that way in console output
local function hexdump(data)
  local t = type(data)
  if t ~= 'string' and not Buffer.isBuffer(data) then
    error(TypeError('hexdump(data): expected a string or a Buffer, got ' .. t), 2)
  end
  local s = tostring(data)
  local out = {}
  for off = 0, #s - 1, 16 do
    local chunk = string.sub(s, off + 1, off + 16)
    local hex = {}
    for i = 1, 16 do
      if i <= #chunk then
        hex[#hex + 1] = string.format('%02x', string.byte(chunk, i))
      else
        hex[#hex + 1] = '  '
      end
      if i == 8 then hex[#hex + 1] = '' end
    end
    local ascii = string.gsub(chunk, '[^\32-\126]', '.')
    out[#out + 1] = string.format('%08x  %s  |%s|', off, table.concat(hex, ' '), ascii)
  end
  out[#out + 1] = string.format('%08x', #s)
  return table.concat(out, '\n')
end

_G.hexdump = hexdump

netsh.module('hexdump', function() return hexdump end)

netsh.command('hexdump', 'on|off: show Buffers in console output as a hex dump', function(args)
  local a = string.match(args or '', '^%s*(%S*)')
  if a == 'on' then
    netsh.hexdumpOn = true -- the ncat plugin's .connect and .listen print that way too
    netsh.bufferFormatter(function(buf) return '\n' .. hexdump(buf) end)
    print('hexdump on')
  elseif a == 'off' then
    netsh.hexdumpOn = false
    netsh.bufferFormatter(nil)
    print('hexdump off')
  else
    print('usage: .hexdump on|off')
  end
end)
