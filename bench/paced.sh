#!/usr/bin/env bash
# PutRecordBatch latency at a steady rate, alone: a server with one 64 MiB / 5 s stream, 10 s of wrk at full speed
# (warms the JIT), a wait until delivery has caught up, then wrk with 8 connections that each wait DELAY ms after a
# response (23 ms gives about half of this box's maximum rate, as bench/run.sh's paced step does).
#
#   bench/paced.sh                     # about 1 minute
#   DELAY=23 DURATION=30 bench/paced.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
port="${PORT:-4584}"
work="$(mktemp -d /tmp/hydrant-paced.XXXXXX)"
source "$root/bench/common.sh"
start_server
create paced 64 5
body paced "$work/batch.json" 500 batch
HYDRANT_BODY="$work/batch.json" wrk -t1 -c64 -d10s -s "$root/bench/putrecordbatch.lua" "$url/" >/dev/null
until [ "$(metric DeliveryToS3_Records_total paced)" -ge "$(metric IncomingRecords_total paced)" ]; do sleep 0.5; done
HYDRANT_DELAY_MS="${DELAY:-23}" HYDRANT_BODY="$work/batch.json" wrk -t1 -c8 -d"${DURATION:-30}s" --latency \
  -s "$root/bench/putrecordbatch.lua" "$url/" >"$work/wrk.txt"
echo "== PutRecordBatch x500, 8 connections, ${DELAY:-23} ms after each response: $(grep Requests/sec "$work/wrk.txt" | xargs)"
grep -E "^ +(50|90|99)%" "$work/wrk.txt" | xargs echo "   latency"
