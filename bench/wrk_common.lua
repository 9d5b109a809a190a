-- What the wrk scripts (bench/*/*.lua) share; each loads it first with
--   dofile((debug.getinfo(1, "S").source:match("^@(.*[/\\])") or "./") .. "../wrk_common.lua")
-- Every thread gets an id and reads its share of a file (thread t of n takes lines t, t+n, t+2n, ...), the answers
-- are counted per status, and the summary prints them per thread ("status 200 x 512 (thread 0)").
local threads = {}
local counter = 0
statuses = {}

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

-- This thread's lines of the file the environment variable `file_variable` names, each one read by `parse`.
function thread_lines(file_variable, default_threads, parse)
  local nthreads = tonumber(os.getenv("WRK_THREADS") or default_threads)
  local mine = {}
  local i = 0
  for line in io.lines(os.getenv(file_variable)) do
    if i % nthreads == id then table.insert(mine, parse(line)) end
    i = i + 1
  end
  return mine
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

-- In done(): calls `report(thread)` for every thread, after printing its statuses.
function each_thread(report)
  for _, t in ipairs(threads) do
    for code, n in pairs(t:get("statuses")) do
      io.write(string.format("status %d x %d (thread %d)\n", code, n, t:get("id")))
    end
    if report then report(t) end
  end
end
