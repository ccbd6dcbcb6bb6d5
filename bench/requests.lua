-- wrk script: cycle through pre-built requests read from a file given after `--`.
-- Each line is METHOD<TAB>PATH<TAB>BODY (BODY empty for GET). Prints one JSON line.
local requests = {}
local index = 0

function init(args)
  for line in io.lines(args[1]) do
    local method, path, body = line:match("^(%u+)\t([^\t]+)\t(.*)$")
    local headers = {}
    if method == "POST" then headers["Content-Type"] = "application/json" end
    if body == "" then body = nil end
    requests[#requests + 1] = wrk.format(method, path, headers, body)
  end
  -- threads start at different offsets so they do not send the same sequence
  index = math.random(#requests)
end

function request()
  index = index % #requests + 1
  return requests[index]
end

function done(summary, latency, _)
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests": %d, "duration_us": %d, "socket_errors": %d, "status_errors": %d, ' ..
    '"p50_us": %d, "p99_us": %d}\n',
    summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50), latency:percentile(99)))
end
