-- wrk script: GET /api/v1/me/recommendations, each request with the next volunteer's token from $TOKENS_FILE (one
-- per line; thread t of n takes lines t, t+n, ...; it starts again from its first line when it runs out).
dofile((debug.getinfo(1, "S").source:match("^@(.*[/\\])") or "./") .. "../wrk_common.lua")

function init(args)
  tokens = thread_lines("TOKENS_FILE", "1", function(line) return line end)
  pos = 0
end

function request()
  pos = pos % #tokens + 1
  return wrk.format("GET", "/api/v1/me/recommendations", {["Authorization"] = "Bearer " .. tokens[pos]})
end

function done(summary, latency, requests)
  each_thread()
end
