-- wrk with a file of paths (bench/web.py, two threads): each request takes the next path of the
-- file, the second thread starting half way through, so no two requests of a run ask the same.
dofile("bench/wrk_report.lua")

local threads_made = 0

setup = function(thread)
  thread:set("thread_number", threads_made)
  threads_made = threads_made + 1
end

local paths = {}
local next_index = 0

init = function(args)
  for line in io.lines(args[1]) do
    paths[#paths + 1] = line
  end
  next_index = thread_number * math.floor(#paths / 2)
end

request = function()
  next_index = next_index % #paths + 1
  return wrk.format(nil, paths[next_index])
end
