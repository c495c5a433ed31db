#!/usr/bin/env bash
# End to end at a steady rate: a server with one 64 MiB / 5 s stream, 10 s of wrk at full speed (warms the JIT), a
# wait until delivery has caught up, then wrk with CONN connections that each wait DELAY ms after a response, for
# DURATION s. Every 5 s it prints what was acknowledged and delivered so far (delivery keeps up when the two stay
# close), how busy the disk holding the data directory was and how busy the CPUs were; at the end, the acknowledged
# rate and how long delivery took to catch up after the load stopped.
#
#   bench/sustained.sh                         # about 1.5 minutes; 24 connections, 25 ms: ~195,000 records/s here
#   CONN=16 DELAY=25 DURATION=60 bench/sustained.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
port="${PORT:-4585}"
conn="${CONN:-24}"
delay="${DELAY:-25}"
duration="${DURATION:-60}"
work="$(mktemp -d /tmp/hydrant-sustained.XXXXXX)"
source "$root/bench/common.sh"
start_server
disk="$(basename "$(df --output=source "$work" | tail -1)")"
create sustained 64 5
body sustained "$work/batch.json" 500 batch
# io_ticks (ms the disk was busy) and sectors written of the data directory's disk; busy and iowait jiffies of the CPUs
disk_stat() { awk -v d="$disk" '$3 == d {print $13, $10}' /proc/diskstats; }
cpu_stat() { awk '/^cpu / {print $2 + $3 + $4 + $6 + $7 + $8, $2 + $3 + $4 + $5 + $6 + $7 + $8, $6}' /proc/stat; }

HYDRANT_BODY="$work/batch.json" wrk -t1 -c64 -d10s -s "$root/bench/putrecordbatch.lua" "$url/" >/dev/null
until [ "$(metric DeliveryToS3_Records_total sustained)" -ge "$(metric IncomingRecords_total sustained)" ]; do sleep 0.5; done
sleep 3
in0=$(metric IncomingRecords_total sustained); out0=$(metric DeliveryToS3_Records_total sustained); t0=$(date +%s%N)
HYDRANT_DELAY_MS="$delay" HYDRANT_BODY="$work/batch.json" wrk -t1 -c"$conn" -d"${duration}s" --latency \
  -s "$root/bench/putrecordbatch.lua" "$url/" >"$work/wrk.txt" &
load=$!
echo "== $conn connections, $delay ms after each response, ${duration} s; disk $disk"
read -r busy_ms sectors <<<"$(disk_stat)"; read -r cpu_busy cpu_all cpu_wait <<<"$(cpu_stat)"
for elapsed in $(seq 5 5 "$duration"); do
  sleep 5
  read -r busy_ms2 sectors2 <<<"$(disk_stat)"; read -r cpu_busy2 cpu_all2 cpu_wait2 <<<"$(cpu_stat)"
  printf '   %3d s: acknowledged %9d, delivered %9d; disk busy %3d %%, writing %4d MB/s; CPUs busy %3d %% (iowait %d %%)\n' \
    "$elapsed" $(( $(metric IncomingRecords_total sustained) - in0 )) $(( $(metric DeliveryToS3_Records_total sustained) - out0 )) \
    $(( (busy_ms2 - busy_ms) / 50 )) $(( (sectors2 - sectors) * 512 / 5000000 )) \
    $(( 100 * (cpu_busy2 - cpu_busy) / (cpu_all2 - cpu_all) )) $(( 100 * (cpu_wait2 - cpu_wait) / (cpu_all2 - cpu_all) ))
  busy_ms=$busy_ms2; sectors=$sectors2; cpu_busy=$cpu_busy2; cpu_all=$cpu_all2; cpu_wait=$cpu_wait2
done
wait $load
t1=$(date +%s%N)
acked=$(( $(metric IncomingRecords_total sustained) - in0 ))
until [ "$(metric DeliveryToS3_Records_total sustained)" -ge "$(metric IncomingRecords_total sustained)" ]; do sleep 0.1; done
t2=$(date +%s%N)
echo "== acknowledged $acked records in $(( (t1 - t0) / 1000000 )) ms = $(( acked * 1000000000 / (t1 - t0) )) records/s;" \
  "all delivered $(( (t2 - t1) / 1000000 )) ms after the load stopped ($(( acked * 1000000000 / (t2 - t0) )) delivered records/s counting until then)"
grep -E "Requests/sec|^ +(50|99)%" "$work/wrk.txt" | xargs echo "   wrk:"
