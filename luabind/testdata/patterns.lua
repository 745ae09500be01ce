-- Lua 5.1 pattern cases: netsh's string.find/match/gmatch/gsub must print
-- what lua5.1 prints (patterns.out was made by lua5.1).
local function show(...)
  local n = select('#', ...)
  local t = {}
  for i = 1, n do
    local v = select(i, ...)
    t[i] = type(v) == 'string' and string.format('%q', v) or tostring(v)
  end
  return n .. ':' .. table.concat(t, ',')
end
local function try(f, ...)
  local r = { pcall(f, ...) }
  if not r[1] then
    local msg = tostring(r[2]):gsub('^[^:]*:%d+: ', ''):gsub('^(bad argument #%d+ to )%S+', '%1f')
    return 'error: ' .. msg
  end
  return show(unpack(r, 2, table.maxn(r)))
end
local subjects = { '', 'hello world', 'key=value; other = 42', '  padded  ', 'a.b.c', '(nested (parens) here)',
  'THE (quick) fox', 'x=1,y=22,z=333', 'line1\r\nline2\n', '\0bin\0ary', 'aaa', 'GET /index.html HTTP/1.1' }
local patterns = { '', 'o', 'l+', 'l*', 'l-', 'l?', '^h', 'd$', '^$', '.', '%a+', '%A+', '%d+', '%D', '%s*', '%S+',
  '%w+', '%W', '%p', '%P+', '%l+', '%u+', '%x+', '%c', '%z', '[aeiou]', '[^aeiou]+', '[%a_][%w_]*', '[a-c]+', '[%]]',
  '[]]', '[^]]+', '%b()', '%f[%w]%w+', '%f[%W]', '(%w+)=(%w+)', '(%w+)%s*=%s*(%w+)', '()', '()ll()', '(l)(l)', '(h)(.)%2',
  '(a*(.)%w(%s*))', '^(%S+)%s+(%S+)%s+(HTTP/%d%.%d)$', '(.-)%.', '.-', '(.-)\r?\n', '%.', 'a-b', '[%d,]+', '[+-]?%d+',
  '%%', '[', '(', '%', '%b', '(()', 'a)', '%1', '[a-]', '[-a]', '[a-%%]', 'x*$', '.*', '.-$', '(x?)' }
for _, s in ipairs(subjects) do
  for _, p in ipairs(patterns) do
    print(string.format('%q %q', s, p), try(string.find, s, p), try(string.match, s, p))
    print('', try(string.find, s, p, 3), try(string.find, s, p, -4), try(string.match, s, p, 2))
    print('', try(string.gsub, s, p, '<%0>'), try(string.gsub, s, p, '%1'), try(string.gsub, s, p, '[%%]', 2))
    local ok, it = pcall(string.gmatch, s, p)
    if ok then
      local got, n = {}, 0
      local ok2, err = pcall(function()
        for a, b in it do
          n = n + 1
          got[#got + 1] = show(a, b)
          if n > 50 then break end
        end
      end)
      print('', 'gmatch', ok2 and table.concat(got, ' ') or ('error: ' .. tostring(err):gsub('^[^:]*:%d+: ', '')))
    end
  end
end
print(try(string.find, 'a+b', '+', 1, true), try(string.find, 'abc', 'b', 10), try(string.find, 'abc', '', 10), try(string.find, 'abc', '', -10))
print(try(string.gsub, 'hello world', '%w+', { hello = 'HI', world = false }))
print(try(string.gsub, 'hello world', '(%w+)', function(w) if w == 'hello' then return nil end return w:upper() end))
print(try(string.gsub, 'abc', '%w', '%2'))
print(try(string.gsub, 'abc', 'b', '%'))
print(try(string.gsub, 'abc', '(b)', function() return {} end))
print(try(string.gsub, 'abc', 'b', true))
print(try(string.gsub, 'abc', 'b', 'x', 0), try(string.gsub, 'aaa', 'a', 'b', 2), try(string.gsub, 'aaa', '^a', 'b'))
print(try(string.gsub, 'x = 1', '()(%s*)', '%1'))
print(try(string.match, 'hello', '()ll()'), try(string.find, 'hello', '(l)(l)'))
print(try(string.gsub, 123, 2, 9), try(string.find, 12345, 34), try(string.match, 'a1', 1))
print(try(string.rep, 'x', 3), try(string.find, string.rep('a', 3000), string.rep('a?', 300) .. string.rep('a', 300)))
