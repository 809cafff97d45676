#!/usr/bin/env bash
# HTTP throughput and tail latency of `newsdex-search serve` under load (issue 7): wrk, from
# Debian, requests GET /search for the queries of bench/queries.tsv in turn (filters included)
# for SECONDS with CONNECTIONS connections on 2 threads, once as the search page asks (exact
# totals and all five facets) and once for ten hits only (estimated total, no facets).
#   bench/http_load.sh INDEX [SECONDS] [CONNECTIONS]   (defaults 30, 16)
# e.g. bench/http_load.sh bench-data/archive-1000000/newsdex
# NEWSDEX_SEARCH names another newsdex-search to serve (bench/http_load_ab.sh compares two).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/serve_helpers.sh
source bench/serve_helpers.sh
index=$1
seconds=${2:-30}
connections=${3:-16}
work=$(mktemp -d)
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT

"${NEWSDEX_SEARCH:-build/release/searcher/newsdex-search}" --db "$index" serve --listen 127.0.0.1:0 > "$work/serve.out" 2>&1 &
server=$!
base=$(newsdex_serve_url "$work/serve.out")

python3 bench/wrk_search_targets.py > "$work/page.lua"
python3 bench/wrk_search_targets.py "&estimate=1&facets=" > "$work/top10.lua"
for kind in page top10; do
  curl -sf "$base/healthz" > /dev/null
  echo "== GET /search, $kind: wrk -t2 -c$connections -d${seconds}s"
  wrk -t2 -c"$connections" -d"${seconds}s" --timeout 10s -s "$work/$kind.lua" "$base" | tail -1
done
