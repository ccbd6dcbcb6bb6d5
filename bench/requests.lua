-- wrk script for `make bench` and `make soak`: cycle through requests read from a file
-- given after `--` (METHOD<TAB>PATH<TAB>CONTENT-TYPE<TAB>BODY per line), count answers by
-- status class, and print one JSON line (RESULT {...}) at the end.
local requests = {}
local index = 0
local threads = {}
-- per-thread counters are globals: thread:get() copies numbers, not tables
s2, s3, s4, s5 = 0, 0, 0, 0

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  for line in io.lines(args[1]) do
    local method, path, ctype, body = line:match("^(%u+)\t([^\t]+)\t([^\t]*)\t(.*)$")
    local headers = {}
    if ctype ~= "" then headers["Content-Type"] = ctype end
    if body == "" then body = nil end
    requests[#requests + 1] = wrk.format(method, path, headers, body)
  end
  index = math.random(#requests)
end

function request()
  index = index % #requests + 1
  return requests[index]
end

function response(status, headers, body)
  local class = math.floor(status / 100)
  if class == 2 then s2 = s2 + 1
  elseif class == 3 then s3 = s3 + 1
  elseif class == 4 then s4 = s4 + 1
  else s5 = s5 + 1 end
end

function done(summary, latency, _)
  local total = {s2 = 0, s3 = 0, s4 = 0, s5 = 0}
  for _, thread in ipairs(threads) do
    for _, k in ipairs({"s2", "s3", "s4", "s5"}) do total[k] = total[k] + thread:get(k) end
  end
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests": %d, "duration_us": %d, "s2xx": %d, "s3xx": %d, "s4xx": %d, "s5xx": %d, ' ..
    '"socket_errors": %d, "p50_us": %d, "p99_us": %d}\n',
    summary.requests, summary.duration, total.s2, total.s3, total.s4, total.s5,
    e.connect + e.read + e.write + e.timeout, latency:percentile(50), latency:percentile(99)))
end
