-- wrk script: every request is one new sign-up, POST /api/v1/shifts/{id}/signups with a volunteer's token, read
-- from $SIGNUPS_FILE ("shift_id token" per line; no volunteer twice on one shift, none already on it). Thread t of
-- n takes lines t, t+n, t+2n, ...; if a thread runs out it starts again from its first line, and those repeats
-- answer 409 (already signed up) and are counted apart, so the file must be longer than the run needs.
dofile((debug.getinfo(1, "S").source:match("^@(.*[/\\])") or "./") .. "../wrk_common.lua")

function init(args)
  lines = thread_lines("SIGNUPS_FILE", "2", function(line)
    local shift, token = line:match("(%S+) (%S+)")
    return {"/api/v1/shifts/" .. shift .. "/signups", token}
  end)
  pos = 0
  wrapped = 0
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

function done(summary, latency, requests)
  each_thread(function(t)
    io.write(string.format("thread %d used %d of its lines, wrapped %d times\n", t:get("id"), t:get("pos"),
                           t:get("wrapped")))
  end)
end
