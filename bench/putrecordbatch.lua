-- wrk script: POST the same PutRecordBatch body (built by bench/run.sh) over and over; with HYDRANT_DELAY_MS, each
-- connection waits that long after a response before its next request; with HYDRANT_RATE, requests go out at that
-- steady rate (paced load).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-amz-json-1.1"
wrk.headers["X-Amz-Target"] = "Firehose_20150804." .. (os.getenv("HYDRANT_OPERATION") or "PutRecordBatch")
local file = assert(io.open(os.getenv("HYDRANT_BODY"), "rb"))
wrk.body = file:read("*all")
file:close()

local delay_ms = tonumber(os.getenv("HYDRANT_DELAY_MS") or "")
local rate = tonumber(os.getenv("HYDRANT_RATE") or "")
if rate then
  -- HYDRANT_RATE requests/s across the connections of a thread (run it with -t1): requests go out on a fixed
  -- schedule, one every 1/rate s, whichever connection is free takes the next slot. A slot missed because every
  -- connection was waiting for a response is dropped, not sent later in a burst, so the rate printed shows it.
  local ffi = require("ffi")
  ffi.cdef [[
    typedef struct { long tv_sec; long tv_nsec; } hydrant_timespec;
    int clock_gettime(int clock, hydrant_timespec *time);
  ]]
  local now = ffi.new("hydrant_timespec")
  local function now_ms()
    ffi.C.clock_gettime(1, now) -- CLOCK_MONOTONIC
    return tonumber(now.tv_sec) * 1000 + tonumber(now.tv_nsec) / 1e6
  end
  local interval = 1000 / rate
  local next_slot = nil
  function delay()
    local time = now_ms()
    if next_slot == nil or next_slot < time then
      next_slot = time
    end
    local wait = next_slot - time
    next_slot = next_slot + interval
    return math.floor(wait + 0.5)
  end
elseif delay_ms then
  function delay()
    return delay_ms
  end
end

function done(summary, latency, requests)
  local non200 = summary.errors.status
  io.write(string.format("requests %d  non-2xx %d  socket errors %d\n", summary.requests, non200,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
