-- wrk script: each request is one volunteer choosing a gift (POST /campaigns/{id}/claims), read from
-- $CLAIMS_FILE (path|token|body per line). Thread t of n takes lines t, t+n, t+2n, ...; after the last line a
-- thread starts again from its first, so later requests are the same volunteers choosing again (a repeat of
-- the same gift answers 200 without change).
local threads = {}
local counter = 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  nthreads = tonumber(os.getenv("WRK_THREADS") or "2")
  lines = {}
  local i = 0
  for line in io.lines(os.getenv("CLAIMS_FILE")) do
    if i % nthreads == id then
      local path, token, body = line:match("([^|]+)|([^|]+)|(.+)")
      table.insert(lines, {path, token, body})
    end
    i = i + 1
  end
  pos = 0
  statuses = {}
end

function request()
  pos = pos % #lines + 1
  local l = lines[pos]
  return wrk.format("POST", l[1], {["Authorization"] = "Bearer " .. l[2], ["Content-Type"] = "application/json"}, l[3])
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  for _, t in ipairs(threads) do
    local s = t:get("statuses")
    for code, n in pairs(s) do
      io.write(string.format("thread %d: status %d x %d\n", t:get("id"), code, n))
    end
  end
  io.write(string.format("latency p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
