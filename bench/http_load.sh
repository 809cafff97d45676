#!/usr/bin/env bash
# HTTP throughput and tail latency of `newsdex-search serve` under load (issue 7): wrk, from
# Debian, requests GET /search for the queries of bench/queries.tsv in turn (filters included)
# for SECONDS with CONNECTIONS connections on 2 threads, once as the search page asks (exact
# totals and all five facets) and once for ten hits only (estimated total, no facets).
#   bench/http_load.sh INDEX [SECONDS] [CONNECTIONS]   (defaults 30, 16)
# e.g. bench/http_load.sh bench-data/archive-1000000/newsdex
set -euo pipefail
cd "$(dirname "$0")/.."
index=$1
seconds=${2:-30}
connections=${3:-16}
work=$(mktemp -d)
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT

build/release/searcher/newsdex-search --db "$index" serve --listen 127.0.0.1:0 > "$work/serve.out" 2>&1 &
server=$!
for _ in $(seq 100); do
  grep -q 'serving http' "$work/serve.out" && break
  sleep 0.1
done
base=$(grep -o 'http://127.0.0.1:[0-9]*' "$work/serve.out")

# One Lua table of request targets per run; wrk's request() hands them out in turn.
write_script() {  # EXTRA_PARAMETERS OUTPUT
  python3 - "$1" bench/queries.tsv > "$2" <<'PY'
import sys, urllib.parse
extra, path = sys.argv[1], sys.argv[2]
targets = []
for line in open(path, encoding="utf-8"):
    line = line.rstrip("\n")
    if not line or line.startswith("#"):
        continue
    fields = line.split("\t") + ["", ""]
    params = [("q", fields[0])]
    params += [("country", c) for c in fields[1].split(",") if c]
    params += [("topic", t) for t in fields[2].split(",") if t]
    target = "/search?" + urllib.parse.urlencode(params) + extra
    targets.append('"' + target.replace("\\", "\\\\").replace('"', '\\"') + '"')
print("local targets = {" + ",\n".join(targets) + "}")
print("local n = 0")
print("request = function() n = n % #targets + 1; return wrk.format('GET', targets[n]) end")
print("done = function(summary, latency, requests)")
print("  io.write(string.format('requests/s %.1f  p50 %.2f ms  p90 %.2f ms  p99 %.2f ms  errors %d\\n',")
print("    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,")
print("    latency:percentile(90) / 1000, latency:percentile(99) / 1000,")
print("    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))")
print("end")
PY
}
write_script "" "$work/page.lua"
write_script "&estimate=1&facets=" "$work/top10.lua"
for kind in page top10; do
  curl -sf "$base/healthz" > /dev/null
  echo "== GET /search, $kind: wrk -t2 -c$connections -d${seconds}s"
  wrk -t2 -c"$connections" -d"${seconds}s" --timeout 10s -s "$work/$kind.lua" "$base" | tail -1
done
