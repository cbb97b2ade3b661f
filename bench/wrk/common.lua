-- Shared by the bench's wrk scripts: reading a request spec, checking answers, reporting one JSON line.
local common = {}

-- A spec file: "METHOD /path", then "Name: value" header lines, a blank line, then the body (may be empty).
-- "__ID__" in the body is replaced by a request id unique within the run.
function common.read_spec(path)
  local file = assert(io.open(path, "rb"), "cannot open request spec " .. tostring(path))
  local text = file:read("*a")
  file:close()
  local head, body = text:match("^(.-)\r?\n\r?\n(.*)$")
  if not head then head, body = text, "" end
  local lines = {}
  for line in head:gmatch("[^\r\n]+") do lines[#lines + 1] = line end
  local method, path_ = lines[1]:match("^(%S+)%s+(%S+)")
  local headers = {}
  for i = 2, #lines do
    local name, value = lines[i]:match("^([^:]+):%s*(.*)$")
    if name then headers[name] = value end
  end
  return { method = method, path = path_, headers = headers, body = body }
end

-- nil when the answer is what a client expects, else a short description of what is wrong.
function common.check(status, body, expect_status, must_contain)
  if status ~= expect_status then
    return "HTTP " .. status .. ": " .. (body or ""):sub(1, 200)
  end
  if must_contain and must_contain ~= "" and not (body or ""):find(must_contain, 1, true) then
    return "no '" .. must_contain .. "' in: " .. (body or ""):sub(1, 200)
  end
  if body and (body:find('"isError":true', 1, true) or body:find('"error":{', 1, true)) then
    return "error answer: " .. body:sub(1, 200)
  end
  return nil
end

local function quote(s)
  return '"' .. tostring(s):gsub('[%c"\\]', function(c) return string.format("\\u%04x", c:byte()) end) .. '"'
end

-- One line "BENCH_JSON {...}" that bench.mjs parses: wrk's counts and latency (microseconds) plus the
-- scripts' own counters summed over threads.
function common.report(threads, summary, latency, counters)
  local totals = {}
  local first_failure = nil
  for _, thread in ipairs(threads) do
    for _, name in ipairs(counters) do
      totals[name] = (totals[name] or 0) + (thread:get(name) or 0)
    end
    first_failure = first_failure or thread:get("first_failure")
  end
  local e = summary.errors
  local parts = {
    '"durationUs":' .. summary.duration,
    '"requests":' .. summary.requests,
    '"bytes":' .. summary.bytes,
    '"socketErrors":{"connect":' .. e.connect .. ',"read":' .. e.read .. ',"write":' .. e.write .. ',"timeout":' .. e.timeout .. '}',
    '"statusErrors":' .. e.status,
    '"latencyUs":{"p50":' .. latency:percentile(50) .. ',"p90":' .. latency:percentile(90) .. ',"p99":' .. latency:percentile(99)
      .. ',"p999":' .. latency:percentile(99.9) .. ',"max":' .. latency.max .. ',"mean":' .. latency.mean .. '}',
    '"firstFailure":' .. (first_failure and quote(first_failure) or "null"),
  }
  for _, name in ipairs(counters) do
    parts[#parts + 1] = quote(name) .. ":" .. (totals[name] or 0)
  end
  io.write("BENCH_JSON {" .. table.concat(parts, ",") .. "}\n")
end

return common
