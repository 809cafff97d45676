#!/usr/bin/env bash
# Bulk import throughput (issue 8): the first ARTICLES articles of the benchmark archive
# (bench/make_archive.py: real BBC and Reuters text, ~1.5 KB each) imported by
#   - the raw single-process Xapian baseline (bench/raw_index_bench.cc: TermGenerator, positions,
#     English stemming, add_document; no tagging),
#   - newsdex-index import into one database,
#   - newsdex-index import --shards SHARDS (parallel writers), then compacted,
#   - SQLite FTS5 inserts of the same articles and tags (bench/fts5_bench.py build), the peer,
# each timed whole-process with /usr/bin/time (wall seconds, peak RSS), with index sizes.
#   bench/import_throughput.sh [ARTICLES] [WORK_DIR] [SHARDS]   (defaults 1000000, bench-data, 2)
set -euo pipefail
cd "$(dirname "$0")/.."
articles=${1:-1000000}
base=${2:-bench-data}
shards=${3:-2}
source_dir=$base/archive-1000000
if [[ ! -f $source_dir/archive.jsonl ]]; then
  python3 bench/make_archive.py 1000000 "$source_dir"
fi
work=$base/import-$articles
rm -rf "$work"
mkdir -p "$work"
head -n "$articles" "$source_dir/archive.jsonl" > "$work/articles.jsonl"
build=build/release
size() { du -sb "$1" | cut -f1; }
timed() {  # LABEL COMMAND...: runs it, prints wall seconds, articles/s and peak RSS
  local label=$1
  shift
  /usr/bin/time -f "%e %M" -o "$work/time.txt" "$@" > "$work/out.txt" 2>&1 || { cat "$work/out.txt"; exit 1; }
  read -r seconds peak_kb < "$work/time.txt"
  awk -v label="$label" -v s="$seconds" -v n="$articles" -v kb="$peak_kb" \
    'BEGIN { printf "%-28s %8.1f s  %8.0f articles/s  peak %6.0f MB\n", label, s, n / s, kb / 1024 }'
}
timed "raw Xapian, 1 process" "$build/bench/newsdex-raw-index-bench" "$work/articles.jsonl" "$work/raw"
echo "  index $(size "$work/raw") bytes"
timed "newsdex import, 1 database" "$build/indexer/newsdex-index" --db "$work/single" import "$work/articles.jsonl"
echo "  index $(size "$work/single") bytes"
timed "newsdex import, $shards shards" "$build/indexer/newsdex-index" --db "$work/sharded" import "$work/articles.jsonl" --shards "$shards"
echo "  index $(size "$work/sharded") bytes"
timed "newsdex compact" "$build/indexer/newsdex-index" --db "$work/sharded" compact
echo "  index after compaction $(size "$work/sharded") bytes"
if [[ -f $source_dir/tags.jsonl ]]; then
  head -n "$articles" "$source_dir/tags.jsonl" > "$work/tags.jsonl"
  timed "SQLite FTS5 inserts" python3 bench/fts5_bench.py build "$work/articles.jsonl" "$work/tags.jsonl" "$work/fts5.db"
  echo "  database $(size "$work/fts5.db") bytes"
fi
