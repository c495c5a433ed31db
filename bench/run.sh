#!/usr/bin/env bash
# Hydrant's load harness: end-to-end throughput (PutRecordBatch of 500 ~1 KiB telemetry records, fsync'd acks,
# counted as delivered records), PutRecord requests/s, latency at half the maximum rate, visibility delay,
# start time and idle RSS. Load comes from wrk (Debian package) and `hydrant generate`, on the same machine.
#
#   bench/run.sh            # full run, about 4 minutes
#   DURATION=10 bench/run.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
duration="${DURATION:-30}"
warmup="${WARMUP:-20}"
port="${PORT:-4581}"
work="$(mktemp -d /tmp/hydrant-bench.XXXXXX)"
source "$root/bench/common.sh"

start_ns=$(date +%s%N)
start_server
ready_ms=$(( ($(date +%s%N) - start_ns) / 1000000 ))
sleep 5
idle_rss_kib=$(awk '/VmRSS/ {print $2}' /proc/$server/status)

echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem/ {print $2}') GiB, Java $(java -version 2>&1 | head -1 | cut -d'"' -f2)"
echo "== start: ready after ${ready_ms} ms; idle RSS $((idle_rss_kib / 1024)) MiB"

# 1. End-to-end PutRecordBatch throughput, counted as delivered records.
create e2e 64 5
body e2e "$work/batch.json" 500 batch
HYDRANT_BODY="$work/batch.json" wrk -t1 -c64 -d"${warmup}s" -s "$root/bench/putrecordbatch.lua" "$url/" >/dev/null
until [ "$(metric DeliveryToS3_Records_total e2e)" = "$(metric IncomingRecords_total e2e)" ]; do sleep 1; done
delivered_before=$(metric DeliveryToS3_Records_total e2e)
throttled_before=$(metric ThrottledRecords_total e2e)
t0=$(date +%s%N)
HYDRANT_BODY="$work/batch.json" wrk -t1 -c64 -d"${duration}s" --latency -s "$root/bench/putrecordbatch.lua" "$url/" >"$work/wrk-batch.txt"
t_load_end=$(date +%s%N)
acked=$(( $(metric IncomingRecords_total e2e) - delivered_before - ($(metric ThrottledRecords_total e2e) - throttled_before) ))
until [ "$(metric DeliveryToS3_Records_total e2e)" -ge "$(( delivered_before + acked ))" ]; do sleep 0.2; done
t1=$(date +%s%N)
delivered=$(( $(metric DeliveryToS3_Records_total e2e) - delivered_before ))
load_ms=$(( (t_load_end - t0) / 1000000 ))
echo "== PutRecordBatch x500, 64 connections, ${duration}s: $(grep Requests/sec "$work/wrk-batch.txt" | xargs)"
grep -E "^ +(50|99)%" "$work/wrk-batch.txt" | xargs echo "   latency"
echo "   acknowledged $acked records in ${load_ms} ms: $(( acked * 1000 / load_ms )) records/s; all $delivered delivered to the bucket $(( (t1 - t_load_end) / 1000000 )) ms after the load stopped (buffer: 64 MiB / 5 s)"
echo "   end to end, counting until the last delivery: $(( delivered * 1000 / ((t1 - t0) / 1000000) )) delivered records/s"
max_rate=$(( acked * 1000 / load_ms ))

# 2. PutRecord alone.
body e2e "$work/single.json" 1 single
HYDRANT_OPERATION=PutRecord HYDRANT_BODY="$work/single.json" wrk -t1 -c64 -d10s -s "$root/bench/putrecordbatch.lua" "$url/" >/dev/null
HYDRANT_OPERATION=PutRecord HYDRANT_BODY="$work/single.json" wrk -t1 -c64 -d"${duration}s" --latency -s "$root/bench/putrecordbatch.lua" "$url/" >"$work/wrk-single.txt"
echo "== PutRecord, 64 connections, ${duration}s: $(grep Requests/sec "$work/wrk-single.txt" | xargs)"
grep -E "^ +(50|99)%" "$work/wrk-single.txt" | xargs echo "   latency"

# 3. PutRecordBatch latency at half the maximum rate, paced by the generator.
half=$(( max_rate / 2 ))
java -jar "$jar" generate --stream e2e --endpoint "$url" --rate "$half" --duration "$duration" --batch 500 --concurrency 16 --seed 7 >"$work/half.txt" 2>&1 || true
echo "== PutRecordBatch at half the maximum rate ($half records/s, paced by hydrant generate; its latency includes the generator's own record generation and JIT warm-up on the same 2 cores):"
grep -E "avg rate|latency|failed" "$work/half.txt" | sed 's/^/  /'
# The same rate from wrk, which costs the box less than the generator's Java client: requests on a fixed schedule
# of half the maximum request rate, taken by whichever of 16 connections is free (the achieved rate is printed).
half_rps=$(( half / 500 ))
[ "$half_rps" -gt 0 ] || half_rps=1
HYDRANT_RATE=$half_rps HYDRANT_BODY="$work/batch.json" wrk -t1 -c16 -d"${duration}s" --latency -s "$root/bench/putrecordbatch.lua" "$url/" >"$work/wrk-half.txt"
echo "== PutRecordBatch at half the maximum rate, paced by wrk ($half_rps requests/s scheduled over 16 connections): $(grep Requests/sec "$work/wrk-half.txt" | xargs)"
grep -E "^ +(50|90|99)%" "$work/wrk-half.txt" | xargs echo "   latency"
echo "   the server's own p99, from the parsed request to the answer (PutRecordBatch_Latency_seconds, the last 2 minutes: both paced runs): $(curl -s "$url/metrics" | awk 'index($0, "PutRecordBatch_Latency_seconds{") == 1 && /DeliveryStreamName="e2e"/ && /quantile="0.99"/ {printf "%.2f ms", $2 * 1000}')"

# 4. Visibility: one record on a stream with IntervalInSeconds 1; time until its object exists.
create visible 1 1
data=$(printf 'visible' | base64)
t0=$(date +%s%N)
firehose PutRecord "{\"DeliveryStreamName\":\"visible\",\"Record\":{\"Data\":\"$data\"}}" >/dev/null
until [ -n "$(find "$work/data/buckets/visible" -type f 2>/dev/null | head -1)" ]; do sleep 0.01; done
echo "== visibility with IntervalInSeconds=1: object in the bucket $(( ($(date +%s%N) - t0) / 1000000 )) ms after the PutRecord"
