-- One fixed MCP request (from a spec file) sent over and over on every connection; every answer is checked.
--   wrk -t1 -c32 -d10s -s bench/wrk/mcp.lua http://127.0.0.1:PORT -- <spec file> <expected status> [<text the body must contain>]
-- The JSON-RPC id differs between requests in flight (the TypeScript SDK maps responses by id within a session).
package.path = debug.getinfo(1, "S").source:match("^@(.*/)") .. "?.lua;" .. package.path
local common = require("common")

local threads = {}
local next_thread = 0

function setup(thread)
  thread:set("thread_index", next_thread)
  next_thread = next_thread + 1
  threads[#threads + 1] = thread
end

local requests = {}
local cursor = 0
local expect_status, must_contain
failures = 0
sent = 0
first_failure = nil

function init(args)
  local spec = common.read_spec(args[1])
  expect_status = tonumber(args[2] or "200")
  must_contain = args[3]
  -- Ids are pre-generated (building a request per call costs the generator CPU): 1024 per thread, reused in turn.
  for i = 1, 1024 do
    local id = tostring(thread_index * 100000 + i)
    requests[i] = wrk.format(spec.method, spec.path, spec.headers, (spec.body:gsub("__ID__", id)))
  end
end

function request()
  sent = sent + 1
  cursor = cursor % #requests + 1
  return requests[cursor]
end

function response(status, headers, body)
  local failure = common.check(status, body, expect_status, must_contain)
  if failure then
    failures = failures + 1
    if not first_failure then first_failure = failure end
  end
end

function done(summary, latency, requests_)
  common.report(threads, summary, latency, { "failures", "sent" })
end
