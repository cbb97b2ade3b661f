-- A full legacy client lifetime per virtual user, over and over: initialize -> notifications/initialized ->
-- 5 x tools/call -> DELETE. One connection per wrk thread (run with -t N -c N), so each thread is one user.
--   wrk -t32 -c32 -d10s -s bench/wrk/lifecycle.lua http://127.0.0.1:PORT -- <spec file> <tool> <arguments JSON>
-- The spec file gives the path and the headers every request carries (Content-Type, Accept, Authorization).
package.path = debug.getinfo(1, "S").source:match("^@(.*/)") .. "?.lua;" .. package.path
local common = require("common")

local threads = {}
function setup(thread)
  threads[#threads + 1] = thread
end

local CALLS = 5
local PROTOCOL = "2025-06-18"
local spec, tool, arguments
local step = 0
local session = nil
local id = 0
failures = 0
sent = 0
lifetimes = 0
first_failure = nil

function init(args)
  spec = common.read_spec(args[1])
  tool = args[2] or "mcp_search"
  arguments = args[3] or "{}"
end

local function headers(with_session)
  local h = {}
  for k, v in pairs(spec.headers) do h[k] = v end
  if with_session then
    h["Mcp-Session-Id"] = session
    h["MCP-Protocol-Version"] = PROTOCOL
  end
  return h
end

function request()
  sent = sent + 1
  id = id + 1
  if step == 0 then
    return wrk.format("POST", spec.path, headers(false),
      '{"jsonrpc":"2.0","id":' .. id .. ',"method":"initialize","params":{"protocolVersion":"' .. PROTOCOL
      .. '","capabilities":{},"clientInfo":{"name":"wrk-lifecycle","version":"1.0.0"}}}')
  elseif step == 1 then
    return wrk.format("POST", spec.path, headers(true), '{"jsonrpc":"2.0","method":"notifications/initialized"}')
  elseif step <= 1 + CALLS then
    return wrk.format("POST", spec.path, headers(true),
      '{"jsonrpc":"2.0","id":' .. id .. ',"method":"tools/call","params":{"name":"' .. tool .. '","arguments":' .. arguments .. '}}')
  else
    local h = headers(true)
    h["Content-Type"] = nil
    return wrk.format("DELETE", spec.path, h, nil)
  end
end

local function fail(failure)
  failures = failures + 1
  if not first_failure then first_failure = "step " .. step .. ": " .. failure end
  step = 0
  session = nil
end

function response(status, hdrs, body)
  if step == 0 then
    local failure = common.check(status, body, 200, '"protocolVersion"')
    if failure then return fail(failure) end
    for k, v in pairs(hdrs) do
      if k:lower() == "mcp-session-id" then session = v end
    end
    if not session then return fail("initialize answered without Mcp-Session-Id") end
    step = 1
  elseif step == 1 then
    if status ~= 202 then return fail("HTTP " .. status .. " to notifications/initialized") end
    step = 2
  elseif step <= 1 + CALLS then
    local failure = common.check(status, body, 200, '"structuredContent"')
    if failure then return fail(failure) end
    step = step + 1
  else
    if status ~= 200 and status ~= 204 then return fail("HTTP " .. status .. " to DELETE") end
    lifetimes = lifetimes + 1
    step = 0
    session = nil
  end
end

function done(summary, latency, requests_)
  common.report(threads, summary, latency, { "failures", "lifetimes", "sent" })
end
