#!/usr/bin/env bash
# Search latency at scale (issue 6): an archive of ARTICLES articles generated from the shared
# corpora (bench/make_archive.py) is indexed by newsdex and loaded into SQLite FTS5 with the same
# tags; then the 63 queries of bench/queries.tsv run REPEAT times each against newsdex, a raw
# Xapian baseline on the same index (bench/query_bench.cc) and FTS5, for top-10 hits, exact
# facets (all five, multi-select for the filtered queries) and date order.
#   bench/search_latency.sh [ARTICLES] [WORK_DIR] [REPEAT]   (defaults 1000000, bench-data, 5)
# The work directory keeps the archive and both indexes, so a second run only searches.
# Environment: NEWSDEX_BUILD (default build/release) searches with another build's query bench;
# NEWSDEX_ONLY=1 runs newsdex's searches alone (no raw baseline, no FTS5).
set -euo pipefail
cd "$(dirname "$0")/.."
articles=${1:-1000000}
work=${2:-bench-data}/archive-$articles
repeat=${3:-5}
build=${NEWSDEX_BUILD:-build/release}
only_newsdex=${NEWSDEX_ONLY:-0}
NEWSDEX_BUILD=$build bench/prepare_archive.sh "$articles" "$work"
if [[ $only_newsdex != 1 && ! -f $work/fts5.db ]]; then
  echo "loading SQLite FTS5"
  python3 bench/fts5_bench.py build "$work/archive.jsonl" "$work/tags.jsonl" "$work/fts5.db"
fi
for kind in top10 facets date; do
  "$build/bench/newsdex-query-bench" --db "$work/newsdex" --queries bench/queries.tsv --engine newsdex --kind $kind --repeat "$repeat"
  [[ $only_newsdex == 1 ]] && continue
  "$build/bench/newsdex-query-bench" --db "$work/newsdex" --queries bench/queries.tsv --engine raw --kind $kind --repeat "$repeat"
  python3 bench/fts5_bench.py run "$work/fts5.db" bench/queries.tsv $kind "$repeat"
done
