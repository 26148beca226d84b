-- wrk script of spring-overhead.sh: POSTs JSON rows of the overhead service's training distribution
-- (16 numeric features uniform in [0.01, 0.99], 4 categorical in a..d), 4,096 bodies drawn once with a
-- fixed seed and cycled, with routing keys user-0..user-996 cycled on their own period (so the 10%
-- canary of /monitored gets a stable share of keys and rows from the whole set: a candidate fed only
-- a few distinct rows would see drift that is not there). Every wrk thread, and every route, sends
-- the same sequence. done() prints one line the driver parses.
local requests = {}
local n = 4096
local i = 0

function init(args)
  math.randomseed(20261205)
  local cats = {"a", "b", "c", "d"}
  for k = 1, n do
    local parts = {}
    for f = 0, 15 do
      parts[#parts + 1] = string.format('"f%d":%.6f', f, 0.01 + 0.98 * math.random())
    end
    for c = 0, 3 do
      parts[#parts + 1] = string.format('"c%d":"%s"', c, cats[math.random(4)])
    end
    local body = "{" .. table.concat(parts, ",") .. "}"
    requests[k] = wrk.format("POST", nil,
      {["Content-Type"] = "application/json", ["X-Routing-Key"] = "user-" .. (k % 997)}, body)
  end
end

function request()
  i = i % n + 1
  return requests[i]
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "result requests=%d seconds=%.3f rps=%.1f p50us=%d p90us=%d p99us=%d p999us=%d maxus=%d meanus=%.1f non2xx=%d socket_errors=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9),
    latency.max, latency.mean, e.status, e.connect + e.read + e.write + e.timeout))
end
