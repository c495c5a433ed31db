#!/usr/bin/env bash
# SQL application benchmark: the reference filter application (examples/reference-pipeline: 31 JSON columns,
# WHERE "speed" >= 200, CSV output) end to end, from the input stream's durable log through Flink to the output
# stream's log; StartApplication to RUNNING, cold (first application of the process) and warm; idle RSS.
#
#   bench/sql.sh              # about 3 minutes
#   FILL=10 bench/sql.sh      # seconds of wrk filling the input log (default 20)
#
# Needs wrk (apt-get install wrk) and python3 with PyYAML (to derive the pipeline from the reference one).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
fill="${FILL:-20}"
port="${PORT:-4582}"
work="$(mktemp -d /tmp/hydrant-sql-bench.XXXXXX)"
url="http://127.0.0.1:$port"
input=sg12-kinesis-firehose-extended-s3-stream
output=sg12-kinesis-firehose-processed-s3-stream
app=example-application
command -v wrk >/dev/null || { echo "bench: wrk is missing (apt-get install wrk)" >&2; exit 1; }

"$root/hydrant" --version >/dev/null   # builds the jar if needed
jar="$root/hydrant-cli/target/hydrant.jar"

# The reference pipeline without its Python transform (delivery is not what is measured), with large buffers, and
# the application reading the input from TRIM_HORIZON.
mkdir -p "$work/pipeline"
python3 - "$root/examples/reference-pipeline/pipeline.yaml" "$work/pipeline/pipeline.yaml" <<'PY'
import sys, yaml
pipeline = yaml.safe_load(open(sys.argv[1]))
pipeline.pop("functions", None)
for name, stream in pipeline["deliveryStreams"].items():
    stream["destination"].pop("processors", None)
    stream["destination"]["buffering"] = {"sizeMiB": 128, "intervalSeconds": 1 if name == "sg12-kinesis-firehose-extended-s3-stream" else 60}
application = pipeline["applications"]["example-application"]
application["startingPosition"] = "TRIM_HORIZON"
application["autoStart"] = False
yaml.safe_dump(pipeline, open(sys.argv[2], "w"), sort_keys=False)
PY
cp "$root/examples/reference-pipeline/application.sql" "$work/pipeline/"

"$root/hydrant" server --port "$port" --data-dir "$work/data" >"$work/server.out" 2>"$work/server.err" &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; [ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT
until grep -q "Hydrant ready" "$work/server.out" 2>/dev/null; do sleep 0.02; done
java -jar "$jar" apply --endpoint "$url" "$work/pipeline" >/dev/null
sleep 5
idle_rss_kib=$(awk '/VmRSS/ {print $2}' /proc/$server/status)
sleep 30   # one periodic GC interval: an idle heap gives memory back
idle_rss_later_kib=$(awk '/VmRSS/ {print $2}' /proc/$server/status)

metric() { # name stream
  curl -s "$url/metrics" | awk -v m="$1" -v s="DeliveryStreamName=\"$2\"" 'index($0, m"{") == 1 && index($0, s) {print $2}' | awk '{printf "%d", $1}'
}
# Waits until metric $1 of stream $2 reaches $3, polling over one kept-alive connection (a curl and two awks every
# 50 ms would take a tenth of this 2-core box from the server being measured); prints the milliseconds waited.
wait_metric() {
  python3 - "$port" "$1" "$2" "$3" <<'PY'
import http.client, sys, time
port, name, stream, target = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
prefix, label = name + "{", 'DeliveryStreamName="%s"' % stream
start = time.monotonic()
connection = http.client.HTTPConnection("127.0.0.1", int(port))
while True:
    connection.request("GET", "/metrics")
    body = connection.getresponse().read().decode()
    value = next((float(line.rsplit(" ", 1)[1]) for line in body.splitlines() if line.startswith(prefix) and label in line), 0)
    if value >= target:
        break
    time.sleep(0.02)
print(int((time.monotonic() - start) * 1000))
PY
}
# The records acknowledged into the input stream, read once delivery has them all and the count has stopped moving:
# wrk can leave a request in flight when it exits, and a batch appended after the count was taken would add its rows
# to the output without being expected.
settled_input() {
  local before=-1 now
  while :; do
    now=$(( $(metric IncomingRecords_total "$input") - $(metric ThrottledRecords_total "$input") ))
    if [ "$now" = "$before" ] && [ "$(metric DeliveryToS3_Records_total "$input")" -ge "$now" ]; then break; fi
    before=$now
    sleep 1
  done
  echo "$now"
}
kda() {
  local out code
  out=$(curl -s -w '\n%{http_code}' -X POST "$url/" -H "Content-Type: application/x-amz-json-1.1" -H "X-Amz-Target: KinesisAnalytics_20150814.$1" -d "$2")
  code=${out##*$'\n'}
  if [ "$code" != 200 ]; then echo "bench: $1 answered HTTP $code: ${out%$'\n'*}" >&2; return 1; fi
  printf '%s' "${out%$'\n'*}"
}
status() {
  kda DescribeApplication "{\"ApplicationName\":\"$app\"}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["ApplicationDetail"]["ApplicationStatus"])'
}
input_id() {
  kda DescribeApplication "{\"ApplicationName\":\"$app\"}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["ApplicationDetail"]["InputDescriptions"][0]["InputId"])'
}
start_app() { # starting position; prints milliseconds from the StartApplication call to RUNNING
  # one python3 process and one kept-alive connection: a curl and a python3 start per poll would take a core
  python3 - "$port" "$app" "$(input_id)" "$1" <<'PY'
import http.client, json, sys, time
port, app, input_id, position = sys.argv[1:5]
connection = http.client.HTTPConnection("127.0.0.1", int(port))
def call(operation, body):
    connection.request("POST", "/", json.dumps(body), {"Content-Type": "application/x-amz-json-1.1",
                                                       "X-Amz-Target": "KinesisAnalytics_20150814." + operation})
    response = connection.getresponse()
    data = response.read()
    if response.status != 200:
        sys.exit("bench: %s answered HTTP %d: %s" % (operation, response.status, data.decode()))
    return json.loads(data)
start = time.monotonic()
call("StartApplication", {"ApplicationName": app, "InputConfigurations": [
    {"Id": input_id, "InputStartingPositionConfiguration": {"InputStartingPosition": position}}]})
while call("DescribeApplication", {"ApplicationName": app})["ApplicationDetail"]["ApplicationStatus"] != "RUNNING":
    time.sleep(0.01)
print(int((time.monotonic() - start) * 1000))
PY
}
stop_app() {
  kda StopApplication "{\"ApplicationName\":\"$app\"}" >/dev/null
  until [ "$(status)" = READY ]; do sleep 0.05; done
}

# 1. Cold start: the first StartApplication of the process starts Flink's MiniCluster. The empty input log is read from
# TRIM_HORIZON; stopping registers the application's position, so the log keeps what is appended next for it.
cold_ms=$(start_app TRIM_HORIZON)
stop_app

# Fill the input log with reference telemetry (PutRecordBatch of 500 records, the same body over and over).
java -jar "$jar" generate --stream "$input" --endpoint "$url" --count 500 --seed 42 --save "$work/records.jsonl" >/dev/null
per_body=$(python3 - "$input" "$work/records.jsonl" "$work/batch.json" <<'PY'
import base64, json, sys
stream, records, out = sys.argv[1:4]
lines = [l.rstrip("\n").encode() for l in open(records) if l.strip()]
json.dump({"DeliveryStreamName": stream, "Records": [{"Data": base64.b64encode(l).decode()} for l in lines]},
          open(out, "w"), separators=(",", ":"))
print(sum(1 for l in lines if json.loads(l)["speed"] >= 200))
PY
)
HYDRANT_BODY="$work/batch.json" wrk -t1 -c16 -d"${fill}s" -s "$root/bench/putrecordbatch.lua" "$url/" >/dev/null
records=$(settled_input)
# The log holds the generator's 500 records and wrk's copies of them, so every 500 records give per_body rows.
expected=$(( (records / 500) * per_body ))
echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), Java $(java -version 2>&1 | head -1 | cut -d'"' -f2)"
echo "== idle RSS with the pipeline applied (the application created and validated), none running: $((idle_rss_kib / 1024)) MiB after 5 s, $((idle_rss_later_kib / 1024)) MiB after 35 s"
echo "== StartApplication -> RUNNING, cold (starts the MiniCluster): ${cold_ms} ms"
echo "== input log: $records records of reference telemetry; $per_body of every 500 have speed >= 200"

# 2. The whole backlog through the filter: from RUNNING (LAST_STOPPED_POINT) to the last output row in the log.
sleep 5   # let the compilers finish what the fill gave them (the ingest path), as before the second backlog below
warm_ms=$(start_app LAST_STOPPED_POINT)
elapsed_ms=$(wait_metric IncomingRecords_total "$output" "$expected")
got=$(metric IncomingRecords_total "$output")
echo "== StartApplication -> RUNNING, warm (LAST_STOPPED_POINT): ${warm_ms} ms"
echo "== filter application, log -> Flink -> output log: $records records in ${elapsed_ms} ms after RUNNING = $(( records * 1000 / elapsed_ms )) records/s ($got output rows, expected $expected; includes up to one checkpoint interval before the last rows are appended)"
rss_running_kib=$(awk '/VmRSS/ {print $2}' /proc/$server/status)
echo "== RSS while the application runs: $((rss_running_kib / 1024)) MiB"

# 3. More warm starts: stop, start again from LAST_STOPPED_POINT (nothing new to read).
for i in 1 2 3; do
  stop_app
  echo "== StartApplication -> RUNNING, warm (#$i, LAST_STOPPED_POINT): $(start_app LAST_STOPPED_POINT) ms"
done
sleep 3
echo "== output rows after the restarts: $(metric IncomingRecords_total "$output") (no duplicates: expected $got)"

# 4. The filter again over a second backlog of the same size, now that the JIT has compiled the job's code: the first
# pass shares the CPU with the compilers (they are still compiling the ingest path when it starts).
stop_app
HYDRANT_BODY="$work/batch.json" wrk -t1 -c16 -d"${fill}s" -s "$root/bench/putrecordbatch.lua" "$url/" >/dev/null
total=$(settled_input)
second=$(( total - records ))
expected2=$(( got + (second / 500) * per_body ))
sleep 5   # let the compilers finish what the fill gave them
start_app LAST_STOPPED_POINT >/dev/null
elapsed_ms=$(wait_metric IncomingRecords_total "$output" "$expected2")
echo "== filter application, second backlog (JIT warm): $second records in ${elapsed_ms} ms after RUNNING = $(( second * 1000 / elapsed_ms )) records/s ($(metric IncomingRecords_total "$output") output rows in all, expected $expected2)"
