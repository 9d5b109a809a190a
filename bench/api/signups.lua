-- wrk script: every request is one new sign-up, POST /api/v1/shifts/{id}/signups with a volunteer's token, read
-- from $SIGNUPS_FILE ("shift_id token" per line; no volunteer twice on one shift, none already on it). Thread t of
-- n takes lines t, t+n, t+2n, ...; if a thread runs out it starts again from its first line, and those repeats
-- answer 409 (already signed up) and are counted apart, so the file must be longer than the run needs.
local threads = {}
local counter = 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  local nthreads = tonumber(os.getenv("WRK_THREADS") or "2")
  lines = {}
  local i = 0
  for line in io.lines(os.getenv("SIGNUPS_FILE")) do
    if i % nthreads == id then
      local shift, token = line:match("(%S+) (%S+)")
      table.insert(lines, {"/api/v1/shifts/" .. shift .. "/signups", token})
    end
    i = i + 1
  end
  pos = 0
  wrapped = 0
  statuses = {}
end

function request()
  pos = pos + 1
  if pos > #lines then
    pos = 1
    wrapped = wrapped + 1
  end
  local l = lines[pos]
  return wrk.format("POST", l[1], {["Authorization"] = "Bearer " .. l[2], ["Content-Type"] = "application/json"}, "")
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  for _, t in ipairs(threads) do
    for code, n in pairs(t:get("statuses")) do
      io.write(string.format("status %d x %d (thread %d)\n", code, n, t:get("id")))
    end
    io.write(string.format("thread %d used %d of its lines, wrapped %d times\n", t:get("id"), t:get("pos"),
                           t:get("wrapped")))
  end
end
