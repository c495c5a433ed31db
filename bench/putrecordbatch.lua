-- wrk script: POST the same PutRecordBatch body (built by bench/run.sh) over and over; with HYDRANT_DELAY_MS, each
-- connection waits that long after a response before its next request (paced load).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-amz-json-1.1"
wrk.headers["X-Amz-Target"] = "Firehose_20150804." .. (os.getenv("HYDRANT_OPERATION") or "PutRecordBatch")
local file = assert(io.open(os.getenv("HYDRANT_BODY"), "rb"))
wrk.body = file:read("*all")
file:close()

local delay_ms = tonumber(os.getenv("HYDRANT_DELAY_MS") or "")
if delay_ms then
  function delay()
    return delay_ms
  end
end

function done(summary, latency, requests)
  local non200 = summary.errors.status
  io.write(string.format("requests %d  non-2xx %d  socket errors %d\n", summary.requests, non200,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
