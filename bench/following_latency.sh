#!/usr/bin/env bash
# Latency of timelines and trends (issue 10) against the raw exact-facet baseline of issue 6, in
# the same run on the same index: the 63 queries of bench/queries.tsv, REPEAT runs each after a
# warm-up, in-process (bench/query_bench.cc). timeline counts each query's articles per day over
# the whole archive; trends ranks countries for each query over the 24 hours ending at the
# archive's newest article, against the 28 days before.
#   bench/following_latency.sh [INDEX] [REPEAT]
# INDEX defaults to the million-article index bench/search_latency.sh builds.
set -euo pipefail
cd "$(dirname "$0")/.."
index=${1:-bench-data/archive-1000000/newsdex}
repeat=${2:-5}
bench=build/release/bench/newsdex-query-bench
[[ -e $index ]] || { echo "no index at $index: run bench/search_latency.sh first" >&2; exit 2; }
"$bench" --db "$index" --queries bench/queries.tsv --engine raw --kind facets --repeat "$repeat"
for kind in timeline trends; do
  "$bench" --db "$index" --queries bench/queries.tsv --engine newsdex --kind "$kind" --repeat "$repeat"
done
