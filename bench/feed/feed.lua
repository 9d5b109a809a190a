-- wrk script: GET /api/v1/me/recommendations, each request with the next volunteer's token from $TOKENS_FILE (one
-- per line; thread t of n takes lines t, t+n, ...; it starts again from its first line when it runs out).
local threads = {}
local counter = 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  local nthreads = tonumber(os.getenv("WRK_THREADS") or "1")
  tokens = {}
  local i = 0
  for line in io.lines(os.getenv("TOKENS_FILE")) do
    if i % nthreads == id then table.insert(tokens, line) end
    i = i + 1
  end
  pos = 0
  statuses = {}
end

function request()
  pos = pos % #tokens + 1
  return wrk.format("GET", "/api/v1/me/recommendations", {["Authorization"] = "Bearer " .. tokens[pos]})
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  for _, t in ipairs(threads) do
    for code, n in pairs(t:get("statuses")) do
      io.write(string.format("status %d x %d (thread %d)\n", code, n, t:get("id")))
    end
  end
end
