#!/usr/bin/env bash
# newsdex beside Sphinx 2.2 (issue 25) and a raw Xapian baseline on the same generated archive,
# the same tags and the 63 queries of bench/queries.tsv: one client, each engine in turn, for
# top-10 hits, exact facets (all five, multi-select) and newest first; and a check that totals
# and top country counts agree on a sample of queries.
#   bench/sphinx_peer.sh [ARTICLES] [WORK_DIR] [REPEAT]   (defaults 300000, bench-data, 5)
# Set-up: bench/install-bench-deps (Sphinx and a MySQL-protocol client).
set -euo pipefail
cd "$(dirname "$0")/.."
articles=${1:-300000}
work=${2:-bench-data}/archive-$articles
repeat=${3:-5}
build=${NEWSDEX_BUILD:-build/release}
mkdir -p "$work"
[[ -f $work/archive.jsonl ]] || python3 bench/make_archive.py "$articles" "$work"
if [[ ! -d $work/newsdex ]]; then
  /usr/bin/time -f "newsdex indexed in %e s, peak %M KB" "$build/indexer/newsdex-index" --db "$work/newsdex" add "$work"/feed-*.json > /dev/null
fi
if [[ ! -f $work/tags.jsonl ]]; then
  python3 -c 'import json, sys
for line in sys.stdin:
    a = json.loads(line); print(json.dumps({"id": a["id"], "title": a["title"], "text": a["text"]}))' \
    < "$work/archive.jsonl" | "$build/indexer/newsdex-index" tag --jsonl > "$work/tags.jsonl"
fi
[[ -d $work/sphinx/index ]] || /usr/bin/python3 bench/sphinx_bench.py build "$work/archive.jsonl" "$work/tags.jsonl" "$work/sphinx"

echo "== agreement: total and top countries, newsdex then Sphinx"
while IFS=$'\t' read -r query countries _; do
  [[ -z $query || $query == \#* ]] && continue
  filters=()
  [[ -n $countries ]] && for c in ${countries//,/ }; do filters+=(--country "$c"); done
  newsdex=$("$build/searcher/newsdex-search" --db "$work/newsdex" "$query" "${filters[@]}" --no-collapse --limit 0 \
    --facets country --facet-limit 5 --json | python3 -c 'import json, sys
r = json.load(sys.stdin); print(json.dumps({"total": r["total"], "countries": [[c["value"], c["count"]] for c in r["facets"]["country"]]}))')
  sphinx=$(/usr/bin/python3 bench/sphinx_bench.py count "$work/sphinx" "$query" ${countries//,/ })
  [[ $newsdex == "$sphinx" ]] && same=same || same=DIFFERENT
  echo "$same  $query  newsdex $newsdex  sphinx $sphinx"
done < <(head -n 13 bench/queries.tsv)

for kind in top10 facets date; do
  "$build/bench/newsdex-query-bench" --db "$work/newsdex" --queries bench/queries.tsv --engine newsdex --kind $kind --repeat "$repeat"
  /usr/bin/python3 bench/sphinx_bench.py run "$work/sphinx" bench/queries.tsv $kind "$repeat"
  "$build/bench/newsdex-query-bench" --db "$work/newsdex" --queries bench/queries.tsv --engine raw --kind $kind --repeat "$repeat"
done
