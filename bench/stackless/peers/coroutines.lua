-- Lua coroutine peers of the Spindle programs one directory up.
-- usage: lua5.4 coroutines.lua MODE N   (MODE: switch, roundtrip, create, blocked)
-- Prints the same "<word> <count>" line as the Spindle program.
local mode, n = arg[1], math.tointeger(tonumber(arg[2]))
local yield = coroutine.yield
local modes = {}

function modes.switch()
  -- Ping-pong: each side runs a loop; every resume is two switches.
  local co = coroutine.wrap(function() for i = 1, n do yield(i) end end)
  local last = 0
  for i = 1, n do last = co() end
  assert(last == n)
  return "switch", 2 * n
end

function modes.roundtrip()
  -- No channel object: resume with a value, the coroutine yields it back.
  local co = coroutine.wrap(function(x) while true do x = yield(x) end end)
  local reply = -1
  for i = 0, n - 1 do reply = co(i) end
  assert(reply == n - 1)
  return "roundtrip", n
end

function modes.create()
  local done = 0
  local function f() done = done + 1 end
  for i = 1, n do coroutine.wrap(f)() end
  assert(done == n)
  return "create", done
end

function modes.blocked()
  local cos = {}
  local function f(ch) yield() end
  for i = 1, n do
    local co = coroutine.create(f)
    coroutine.resume(co, nil)
    cos[i] = co
  end
  for i = 1, n do assert(coroutine.status(cos[i]) == "suspended") end
  return "blocked", n
end

local word, count = modes[mode]()
print(word .. " " .. string.format("%d", count))
