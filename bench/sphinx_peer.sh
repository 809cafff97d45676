#!/usr/bin/env bash
# newsdex beside Sphinx 2.2 (issue 25) and a raw Xapian baseline on the same generated archive,
# the same tags and the 63 queries of bench/queries.tsv: one client, each engine in turn, for
# top-10 hits, exact facets (all five, multi-select) and newest first; a check that totals
# and top country counts agree on a sample of queries; then both servers under load from one
# client program (bench/load_client.cc): page requests (all five facets) and country+topic
# facet requests with 4 and 16 clients, LOAD_SECONDS each, the engines interleaved for ROUNDS
# rounds, then the median of each.
#   bench/sphinx_peer.sh [ARTICLES] [WORK_DIR] [REPEAT] [ROUNDS] [LOAD_SECONDS]
#   (defaults 300000, bench-data, 5, 3, 20)
# NEWSDEX_SERVE_OPTIONS adds options to `newsdex-search serve`. NEWSDEX_PARTS=latency or load
# runs one part alone.
# Set-up: bench/install-bench-deps (Sphinx and the MySQL-protocol clients).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/serve_helpers.sh
source bench/serve_helpers.sh
articles=${1:-300000}
work=${2:-bench-data}/archive-$articles
repeat=${3:-5}
rounds=${4:-3}
load_seconds=${5:-20}
parts=${NEWSDEX_PARTS:-latency load}
build=${NEWSDEX_BUILD:-build/release}
NEWSDEX_BUILD=$build bench/prepare_archive.sh "$articles" "$work"
[[ -d $work/sphinx/index ]] || /usr/bin/python3 bench/sphinx_bench.py build "$work/archive.jsonl" "$work/tags.jsonl" "$work/sphinx"

if [[ $parts == *latency* ]]; then
  echo "== agreement: total and top countries (equal counts in code order), newsdex then Sphinx"
  while IFS=$'\t' read -r query countries _; do
    [[ -z $query || $query == \#* ]] && continue
    filters=()
    [[ -n $countries ]] && for c in ${countries//,/ }; do filters+=(--country "$c"); done
    newsdex=$("$build/searcher/newsdex-search" --db "$work/newsdex" "$query" "${filters[@]}" --no-collapse --limit 0 \
      --facets country --facet-limit 20 --json | python3 -c 'import json, sys
r = json.load(sys.stdin)
top = sorted(([c["value"], c["count"]] for c in r["facets"]["country"]), key=lambda c: (-c[1], c[0]))[:5]
print(json.dumps({"total": r["total"], "countries": top}))')
    sphinx=$(/usr/bin/python3 bench/sphinx_bench.py count "$work/sphinx" "$query" ${countries//,/ })
    [[ $newsdex == "$sphinx" ]] && same=same || same=DIFFERENT
    echo "$same  $query  newsdex $newsdex  sphinx $sphinx"
  done < <(head -n 13 bench/queries.tsv)

  for kind in top10 facets date; do
    "$build/bench/newsdex-query-bench" --db "$work/newsdex" --queries bench/queries.tsv --engine newsdex --kind $kind --repeat "$repeat"
    /usr/bin/python3 bench/sphinx_bench.py run "$work/sphinx" bench/queries.tsv $kind "$repeat"
    "$build/bench/newsdex-query-bench" --db "$work/newsdex" --queries bench/queries.tsv --engine raw --kind $kind --repeat "$repeat"
  done
fi
[[ $parts == *load* ]] || exit 0

echo "== under load: $rounds rounds of $load_seconds s, engines interleaved"
results=$(mktemp)
trap 'kill "$newsdex_pid" 2>/dev/null || true; /usr/bin/python3 bench/sphinx_bench.py stop "$work/sphinx"; rm -f "$results" "$results.serve"' EXIT
# shellcheck disable=SC2086 # options are words
"$build/searcher/newsdex-search" --db "$work/newsdex" serve --listen 127.0.0.1:0 ${NEWSDEX_SERVE_OPTIONS:-} > "$results.serve" 2>&1 &
newsdex_pid=$!
newsdex_url=$(newsdex_serve_url "$results.serve")
sphinx_port=$(/usr/bin/python3 bench/sphinx_bench.py start "$work/sphinx")
sphinx_pid=$(cat "$work/sphinx/searchd.pid")
for round in $(seq "$rounds"); do
  for clients in 4 16; do
    for kind in page facets; do
      "$build/bench/newsdex-load" --engine newsdex --target "$newsdex_url" --queries bench/queries.tsv --kind $kind \
        --clients $clients --seconds "$load_seconds" --server-pid "$newsdex_pid" | tee -a "$results"
      "$build/bench/newsdex-load" --engine sphinx --target "127.0.0.1:$sphinx_port" --ids "$work/sphinx/ids.json" \
        --queries bench/queries.tsv --kind $kind --clients $clients --seconds "$load_seconds" \
        --server-pid "$sphinx_pid" | tee -a "$results"
    done
  done
done
echo "== medians of $rounds rounds: requests/s, p99 ms, server CPU ms per request"
# "ENGINE KIND N clients  requests/s R  p50 X ms  p90 Y ms  p99 Z ms  errors E  server CPU/request C ms"
awk '{ key = $1 " " $2 " " $3; rate[key] = rate[key] " " $6; p99[key] = p99[key] " " $14; cpu[key] = cpu[key] " " $20 }
  function median(list,   n, v, i, j, t) {
    n = split(list, v, " "); for (i = 1; i <= n; ++i) for (j = i + 1; j <= n; ++j) if (v[j] + 0 < v[i] + 0) { t = v[i]; v[i] = v[j]; v[j] = t }
    return v[int((n + 1) / 2)] }
  END { for (key in rate) printf "%-24s requests/s %7.1f  p99 %7.2f ms  CPU/request %5.2f ms  (requests/s:%s)\n", key, median(rate[key]), median(p99[key]), median(cpu[key]), rate[key] }' \
  "$results" | sort -k3,3n -k2,2 -k1,1
