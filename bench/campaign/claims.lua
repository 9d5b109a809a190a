-- wrk script: each request is one volunteer choosing a gift (POST /campaigns/{id}/claims), read from
-- $CLAIMS_FILE (path|token|body per line). Thread t of n takes lines t, t+n, t+2n, ...; after the last line a
-- thread starts again from its first, so later requests are the same volunteers choosing again (a repeat of
-- the same gift answers 200 without change).
dofile((debug.getinfo(1, "S").source:match("^@(.*[/\\])") or "./") .. "../wrk_common.lua")

function init(args)
  lines = thread_lines("CLAIMS_FILE", "2", function(line)
    local path, token, body = line:match("([^|]+)|([^|]+)|(.+)")
    return {path, token, body}
  end)
  pos = 0
end

function request()
  pos = pos % #lines + 1
  local l = lines[pos]
  return wrk.format("POST", l[1], {["Authorization"] = "Bearer " .. l[2], ["Content-Type"] = "application/json"}, l[3])
end

function done(summary, latency, requests)
  each_thread()
  io.write(string.format("latency p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
