#!/usr/bin/env bash
# Bulk import throughput (issue 8): the first ARTICLES articles of the benchmark archive
# (bench/make_archive.py: real BBC and Reuters text, ~1.5 KB each) imported by
#   - the raw single-process Xapian baseline (bench/raw_index_bench.cc: TermGenerator, positions,
#     English stemming, add_document; no tagging),
#   - the same raw program twice at once, on half the articles each: what 2 cores give Xapian alone,
#   - newsdex-index import into one database (up to 200,000 articles, or with SINGLE=1: at a
#     million it takes most of an hour and is not the comparison that counts),
#   - newsdex-index import --shards SHARDS --shard-size SHARD_SIZE (parallel writers, each
#     starting a new shard every SHARD_SIZE articles), then compacted,
#   - SQLite FTS5 inserts of the same articles and tags (bench/fts5_bench.py build), the peer,
# each timed whole-process with /usr/bin/time (wall seconds, CPU seconds, peak RSS), with index sizes.
#   bench/import_throughput.sh [ARTICLES] [WORK_DIR] [SHARDS] [SHARD_SIZE]
#   (defaults 1000000, bench-data, 2, 100000)
# Environment: NEWSDEX_BUILD (default build/release) times another build; NEWSDEX_ONLY=1 times
# newsdex's two imports alone (no baselines, no compaction); SOURCE_DIR takes the articles from
# another archive of bench/make_archive.py (default WORK_DIR/archive-1000000).
set -euo pipefail
cd "$(dirname "$0")/.."
articles=${1:-1000000}
base=${2:-bench-data}
shards=${3:-2}
shard_size=${4:-100000}
source_dir=${SOURCE_DIR:-$base/archive-1000000}
if [[ ! -f $source_dir/archive.jsonl ]]; then
  python3 bench/make_archive.py 1000000 "$source_dir"
fi
work=$base/import-$articles
rm -rf "$work"
mkdir -p "$work"
head -n "$articles" "$source_dir/archive.jsonl" > "$work/articles.jsonl"
build=${NEWSDEX_BUILD:-build/release}
only_newsdex=${NEWSDEX_ONLY:-0}
size() { du -sb "$1" | cut -f1; }
timed() {  # LABEL COMMAND...: runs it, prints wall seconds, articles/s and peak RSS
  local label=$1
  shift
  /usr/bin/time -f "%e %M %U %S" -o "$work/time.txt" "$@" > "$work/out.txt" 2>&1 || { cat "$work/out.txt"; exit 1; }
  read -r seconds peak_kb user system < "$work/time.txt"
  awk -v label="$label" -v s="$seconds" -v n="$articles" -v kb="$peak_kb" -v cpu="$(awk -v u="$user" -v y="$system" 'BEGIN { print u + y }')" \
    'BEGIN { printf "%-28s %8.1f s  %8.0f articles/s  CPU %8.1f s  peak %6.0f MB\n", label, s, n / s, cpu, kb / 1024 }'
}
if [[ $only_newsdex != 1 ]]; then
  timed "raw Xapian, 1 process" "$build/bench/newsdex-raw-index-bench" "$work/articles.jsonl" "$work/raw"
  echo "  index $(size "$work/raw") bytes"
  # What two cores can give with no work but Xapian's: two raw processes at once, half the
  # articles each, into two databases. newsdex's lanes cannot beat this; its tagging, story keys
  # and facet values are what it spends beyond it.
  half=$(( (articles + 1) / 2 ))
  head -n "$half" "$work/articles.jsonl" > "$work/first-half.jsonl"
  tail -n +"$((half + 1))" "$work/articles.jsonl" > "$work/second-half.jsonl"
  timed "raw Xapian, 2 processes" bash -c '"$1" "$2/first-half.jsonl" "$2/raw-a" & "$1" "$2/second-half.jsonl" "$2/raw-b" & wait -n && wait -n' \
    _ "$build/bench/newsdex-raw-index-bench" "$work"
  rm -rf "$work/raw-a" "$work/raw-b" "$work/first-half.jsonl" "$work/second-half.jsonl"
fi
if (( articles <= 200000 )) || [[ ${SINGLE:-0} == 1 ]]; then
  timed "newsdex import, 1 database" "$build/indexer/newsdex-index" --db "$work/single" import "$work/articles.jsonl"
  echo "  index $(size "$work/single") bytes"
fi
timed "newsdex import, $shards lanes" "$build/indexer/newsdex-index" --db "$work/sharded" import "$work/articles.jsonl" \
  --shards "$shards" --shard-size "$shard_size"
echo "  index $(size "$work/sharded") bytes in $(grep -c . "$work/sharded/XAPIANDB") shards"
[[ $only_newsdex == 1 ]] && exit 0
timed "newsdex compact" "$build/indexer/newsdex-index" --db "$work/sharded" compact
echo "  index after compaction $(size "$work/sharded") bytes"
if [[ -f $source_dir/tags.jsonl ]]; then
  head -n "$articles" "$source_dir/tags.jsonl" > "$work/tags.jsonl"
  timed "SQLite FTS5 inserts" python3 bench/fts5_bench.py build "$work/articles.jsonl" "$work/tags.jsonl" "$work/fts5.db"
  echo "  database $(size "$work/fts5.db") bytes"
fi
