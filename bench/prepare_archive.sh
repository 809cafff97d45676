#!/usr/bin/env bash
# The shared set-up of the search benchmarks: in WORK, ARTICLES generated articles
# (bench/make_archive.py: archive.jsonl and the JSON feeds that carry them), newsdex's index of
# them (newsdex/, by `newsdex-index add`), and tags.jsonl: the countries, topics and language
# newsdex's index holds for each article, one line per line of archive.jsonl, in its order, for
# the peers (SQLite FTS5, Sphinx) to facet exactly what newsdex facets. Each step runs only when
# its output is missing, so a second benchmark on the same WORK only searches.
#   bench/prepare_archive.sh ARTICLES WORK
# Environment: NEWSDEX_BUILD (default build/release); NEWSDEX_IMPORT_SHARDS=N indexes with
# `newsdex-index import archive.jsonl --shards N` and `compact` instead of `add` (what a large
# archive is loaded with: the million-article runs).
set -euo pipefail
cd "$(dirname "$0")/.."
articles=$1 work=$2
build=${NEWSDEX_BUILD:-build/release}
mkdir -p "$work"
if [[ ! -f $work/archive.jsonl ]]; then
  echo "generating $articles articles in $work"
  python3 bench/make_archive.py "$articles" "$work"
fi
if [[ ! -d $work/newsdex && -n ${NEWSDEX_IMPORT_SHARDS:-} ]]; then
  /usr/bin/time -f "newsdex-index import: indexed in %e s, peak %M KB" "$build/indexer/newsdex-index" \
    --db "$work/newsdex" import "$work/archive.jsonl" --shards "$NEWSDEX_IMPORT_SHARDS" > /dev/null
  /usr/bin/time -f "newsdex-index compact: %e s" "$build/indexer/newsdex-index" --db "$work/newsdex" compact > /dev/null
elif [[ ! -d $work/newsdex ]]; then
  /usr/bin/time -f "newsdex-index add: indexed in %e s, peak %M KB" \
    "$build/indexer/newsdex-index" --db "$work/newsdex" add "$work"/feed-*.json > /dev/null
fi
if [[ ! -f $work/tags.jsonl ]]; then
  "$build/bench/newsdex-index-tags" --db "$work/newsdex" | python3 -c 'import json, sys
tags = {}
for line in sys.stdin:
    tags[json.loads(line)["id"]] = line
empty = json.dumps({"language": "", "countries": [], "topics": []}) + "\n"
with open(sys.argv[1], encoding="utf-8") as archive:
    for line in archive:
        sys.stdout.write(tags.get(json.loads(line)["id"], empty))' "$work/archive.jsonl" > "$work/tags.jsonl.part"
  mv "$work/tags.jsonl.part" "$work/tags.jsonl"
fi
