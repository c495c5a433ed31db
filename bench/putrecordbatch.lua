-- wrk script: POST the same PutRecordBatch body (built by bench/run.sh) over and over.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-amz-json-1.1"
wrk.headers["X-Amz-Target"] = "Firehose_20150804." .. (os.getenv("HYDRANT_OPERATION") or "PutRecordBatch")
local file = assert(io.open(os.getenv("HYDRANT_BODY"), "rb"))
wrk.body = file:read("*all")
file:close()

function done(summary, latency, requests)
  local non200 = summary.errors.status
  io.write(string.format("requests %d  non-2xx %d  socket errors %d\n", summary.requests, non200,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
