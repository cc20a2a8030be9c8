-- wrk script (benchmarks/throughput.sh): one URL per request, so that no whole-page cache can
-- answer. URLs come from a file (one path a line: real filters and pages of the calendar); each
-- request adds a counter `n=` and alternates German and English. The second argument, if
-- given, is a Cookie header (a signed-in session).
--   wrk -s benchmarks/distinct.lua URL -- paths.txt ["sessionid=..."]
local paths = {}
local counter = 0
local thread_no = 0
local threads_made = 0
local cookie = nil

function setup(thread)
  thread:set("thread_no", threads_made)
  threads_made = threads_made + 1
end

function init(args)
  for line in io.lines(args[1]) do
    if line ~= "" then paths[#paths + 1] = line end
  end
  cookie = args[2]
  counter = thread_no * 1000003 -- threads start at different places in the list
end

function request()
  counter = counter + 1
  local path = paths[(counter % #paths) + 1]
  local sep = path:find("?", 1, true) and "&" or "?"
  local headers = {
    ["X-Forwarded-Proto"] = "https", -- as behind the TLS-terminating proxy
    ["Accept-Language"] = (counter % 2 == 0) and "de" or "en",
  }
  if cookie and cookie ~= "" then headers["Cookie"] = cookie end
  return wrk.format("GET", path .. sep .. "n=" .. counter, headers)
end

-- A non-200 answer is counted by wrk as "Non-2xx"; throughput.sh refuses such a run.
