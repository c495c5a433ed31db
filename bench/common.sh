# What the load scripts share (sourced, not run): set root, port and work before sourcing; it builds the jar if
# needed and defines url and jar.
command -v wrk >/dev/null || { echo "bench: wrk is missing (apt-get install wrk)" >&2; exit 1; }
url="http://127.0.0.1:$port"
"$root/hydrant" --version >/dev/null   # builds the jar (and records the class-data archive) if needed
jar="$root/hydrant-cli/target/hydrant.jar"

# Starts `hydrant server` on the port with a data directory under work, waits for its ready line, and stops it and
# removes work when the script exits; sets server (its pid).
start_server() {
  "$root/hydrant" server --port "$port" --data-dir "$work/data" >"$work/server.out" 2>"$work/server.err" &
  server=$!
  trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$work"' EXIT
  until grep -q "Hydrant ready" "$work/server.out" 2>/dev/null; do sleep 0.02; done
}
firehose() { # operation body
  curl -sf -X POST "$url/" -H "Content-Type: application/x-amz-json-1.1" -H "X-Amz-Target: Firehose_20150804.$1" -d "$2"
}
create() { # name size-MiB interval-s
  firehose CreateDeliveryStream "{\"DeliveryStreamName\":\"$1\",\"ExtendedS3DestinationConfiguration\":{\"RoleARN\":\"arn:aws:iam::000000000000:role/bench\",\"BucketARN\":\"arn:aws:s3:::$1\",\"BufferingHints\":{\"SizeInMBs\":$2,\"IntervalInSeconds\":$3}}}" >/dev/null
}
metric() { # name stream
  curl -s "$url/metrics" | awk -v m="$1" -v s="DeliveryStreamName=\"$2\"" 'index($0, m"{") == 1 && index($0, s) {print $2}' | awk '{printf "%d", $1}'
}
body() { # stream file records batch|single: a PutRecordBatch (or PutRecord) body of `hydrant generate` telemetry
  java -jar "$jar" generate --stream "$1" --endpoint "$url" --count "$3" --seed 42 --save "$work/records.jsonl" >/dev/null
  python3 - "$1" "$work/records.jsonl" "$2" "$4" <<'PY'
import base64, json, sys
stream, records, out, batch = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4] == "batch"
lines = [l.rstrip("\n").encode() for l in open(records) if l.strip()]
if batch:
    body = {"DeliveryStreamName": stream, "Records": [{"Data": base64.b64encode(l).decode()} for l in lines]}
else:
    body = {"DeliveryStreamName": stream, "Record": {"Data": base64.b64encode(lines[0]).decode()}}
open(out, "w").write(json.dumps(body, separators=(",", ":")))
PY
}
