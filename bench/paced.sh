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
url="http://127.0.0.1:$port"
work="$(mktemp -d /tmp/hydrant-paced.XXXXXX)"
command -v wrk >/dev/null || { echo "bench: wrk is missing (apt-get install wrk)" >&2; exit 1; }
"$root/hydrant" --version >/dev/null   # builds the jar if needed
jar="$root/hydrant-cli/target/hydrant.jar"

"$root/hydrant" server --port "$port" --data-dir "$work/data" >"$work/server.out" 2>"$work/server.err" &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$work"' EXIT
until grep -q "Hydrant ready" "$work/server.out" 2>/dev/null; do sleep 0.05; done
curl -sf -X POST "$url/" -H "X-Amz-Target: Firehose_20150804.CreateDeliveryStream" -H "Content-Type: application/x-amz-json-1.1" \
  -d '{"DeliveryStreamName":"paced","ExtendedS3DestinationConfiguration":{"RoleARN":"arn:aws:iam::000000000000:role/bench","BucketARN":"arn:aws:s3:::paced","BufferingHints":{"SizeInMBs":64,"IntervalInSeconds":5}}}' >/dev/null
java -jar "$jar" generate --stream paced --endpoint "$url" --count 500 --seed 42 --save "$work/records.jsonl" >/dev/null
python3 - "$work/records.jsonl" "$work/batch.json" <<'PY'
import base64, json, sys
lines = [l.rstrip("\n").encode() for l in open(sys.argv[1]) if l.strip()]
json.dump({"DeliveryStreamName": "paced", "Records": [{"Data": base64.b64encode(l).decode()} for l in lines]},
          open(sys.argv[2], "w"), separators=(",", ":"))
PY
metric() {
  curl -s "$url/metrics" | awk -v m="$1" 'index($0, m"{") == 1 && index($0, "DeliveryStreamName=\"paced\"") {print $2}' | awk '{printf "%d", $1}'
}
HYDRANT_BODY="$work/batch.json" wrk -t1 -c64 -d10s -s "$root/bench/putrecordbatch.lua" "$url/" >/dev/null
until [ "$(metric DeliveryToS3_Records_total)" -ge "$(metric IncomingRecords_total)" ]; do sleep 0.5; done
HYDRANT_DELAY_MS="${DELAY:-23}" HYDRANT_BODY="$work/batch.json" wrk -t1 -c8 -d"${DURATION:-30}s" --latency \
  -s "$root/bench/putrecordbatch.lua" "$url/" >"$work/wrk.txt"
echo "== PutRecordBatch x500, 8 connections, ${DELAY:-23} ms after each response: $(grep Requests/sec "$work/wrk.txt" | xargs)"
grep -E "^ +(50|90|99)%" "$work/wrk.txt" | xargs echo "   latency"
