-- The scripts' optional arguments (not in the lecture, for tests).
local M = {}

-- numArg is argument i (1 is the first after the script) as a number, or
-- default if it is absent; anything else stops the script with status 2.
function M.numArg(i, what, default)
  local a = process.argv[i + 1]
  if a == nil then return default end
  local n = tonumber(a)
  if n == nil then
    console.error(string.format("%s: %s must be a number, got '%s'", process.argv[1], what, a))
    process.exit(2)
  end
  return n
end

return M
