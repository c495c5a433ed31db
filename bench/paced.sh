#!/usr/bin/env bash
# PutRecordBatch latency at half the maximum rate, alone: a server with one 64 MiB / 5 s stream, 10 s of wrk at full
# speed (warms the JIT), 15 s more at full speed to measure the maximum acknowledged request rate, a wait until
# delivery has caught up, then requests on a fixed schedule of half that rate (RATE=N requests/s to choose it),
# taken by whichever of 16 wrk connections is free.
#
#   bench/paced.sh                     # about 1.5 minutes
#   RATE=250 DURATION=30 bench/paced.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
port="${PORT:-4584}"
work="$(mktemp -d /tmp/hydrant-paced.XXXXXX)"
source "$root/bench/common.sh"
start_server
create paced 64 5
body paced "$work/batch.json" 500 batch
HYDRANT_BODY="$work/batch.json" wrk -t1 -c64 -d10s -s "$root/bench/putrecordbatch.lua" "$url/" >/dev/null
HYDRANT_BODY="$work/batch.json" wrk -t1 -c64 -d15s -s "$root/bench/putrecordbatch.lua" "$url/" >"$work/wrk-max.txt"
max_rps=$(awk '/Requests\/sec/ {printf "%d", $2}' "$work/wrk-max.txt")
rate="${RATE:-$(( max_rps / 2 ))}"
until [ "$(metric DeliveryToS3_Records_total paced)" -ge "$(metric IncomingRecords_total paced)" ]; do sleep 0.5; done
HYDRANT_RATE="$rate" HYDRANT_BODY="$work/batch.json" wrk -t1 -c16 -d"${DURATION:-30}s" --latency \
  -s "$root/bench/putrecordbatch.lua" "$url/" >"$work/wrk.txt"
echo "== PutRecordBatch x500: maximum $max_rps requests/s (64 connections, 15 s); paced at $rate requests/s over 16 connections: $(grep Requests/sec "$work/wrk.txt" | xargs)"
grep -E "^ +(50|90|99)%" "$work/wrk.txt" | xargs echo "   latency"
