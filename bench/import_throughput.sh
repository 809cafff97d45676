#!/usr/bin/env bash
# Bulk import throughput (issue 8): the first ARTICLES articles of the benchmark archive
# (bench/make_archive.py: real BBC and Reuters text, ~1.5 KB each) imported by
#   - the raw single-process Xapian baseline (bench/raw_index_bench.cc: TermGenerator, positions,
#     English stemming, add_document; no tagging),
#   - the same raw program twice at once, on half the articles each: what 2 cores give Xapian alone,
#     with words and stems (the issue's baseline) and with stems alone (newsdex's word forms),
#   - newsdex-index import into one database (up to 200,000 articles, or with SINGLE=1: at a
#     million it takes most of an hour and is not the comparison that counts),
#   - newsdex-index import --shards SHARDS --shard-size SHARD_SIZE (parallel writers, each
#     starting a new shard every SHARD_SIZE articles), then compacted,
#   - SQLite FTS5 inserts of the same articles and tags (bench/fts5_bench.py build),
#   - Sphinx 2.2's indexer on the same articles and tags (bench/sphinx_bench.py prepare writes its
#     xmlpipe2 input first, untimed; bench/install-bench-deps installs it),
# each timed whole-process with /usr/bin/time (wall seconds, CPU seconds, peak RSS), with index
# sizes: newsdex's compacted index table by table (summed over its shards; "other" is the facet
# columns and bookkeeping), and the two ratios of issue 26: newsdex's import rate over raw
# Xapian's on both cores, and its compacted index over Sphinx's index plus the article text.
#   bench/import_throughput.sh [ARTICLES] [WORK_DIR] [SHARDS] [SHARD_SIZE]
#   (defaults 1000000, bench-data, 2, 100000)
# Environment: RAW_ONE_PROCESS=0 and RAW_STEMS=0 leave out those raw runs (at a million, the
# one-process run alone takes half an hour); NEWSDEX_BUILD (default build/release) times another build; NEWSDEX_ONLY=1 times
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
  last_rate=$(awk -v s="$seconds" -v n="$articles" 'BEGIN { print n / s }')
}
# Bytes of each Xapian table under an index folder, summed over its shards, then the rest.
table_sizes() {
  local total in_tables=0 table bytes
  total=$(size "$1")
  for table in postlist position termlist docdata spelling synonym; do
    bytes=$(find "$1" -name "$table.glass" -printf '%s\n' | awk '{ s += $1 } END { printf "%.0f\n", s }')
    printf '  %-9s %12d bytes  %5.1f%%\n' "$table" "$bytes" "$(awk -v b="$bytes" -v t="$total" 'BEGIN { print 100 * b / t }')"
    in_tables=$((in_tables + bytes))
  done
  printf '  %-9s %12d bytes  %5.1f%%\n' other $((total - in_tables)) "$(awk -v b=$((total - in_tables)) -v t="$total" 'BEGIN { print 100 * b / t }')"
}
if [[ $only_newsdex != 1 && ${RAW_ONE_PROCESS:-1} == 1 ]]; then
  timed "raw Xapian, 1 process" "$build/bench/newsdex-raw-index-bench" "$work/articles.jsonl" "$work/raw"
  echo "  index $(size "$work/raw") bytes"
  rm -rf "$work/raw"
fi
if [[ $only_newsdex != 1 ]]; then
  # What two cores can give with no work but Xapian's: two raw processes at once, half the
  # articles each, into two databases. newsdex's lanes cannot beat this; its tagging, story keys
  # and facet values are what it spends beyond it.
  half=$(( (articles + 1) / 2 ))
  head -n "$half" "$work/articles.jsonl" > "$work/first-half.jsonl"
  tail -n +"$((half + 1))" "$work/articles.jsonl" > "$work/second-half.jsonl"
  timed "raw Xapian, 2 processes" bash -c '"$1" "$2/first-half.jsonl" "$2/raw-a" & "$1" "$2/second-half.jsonl" "$2/raw-b" & wait -n && wait -n' \
    _ "$build/bench/newsdex-raw-index-bench" "$work"
  raw_two_rate=$last_rate
  rm -rf "$work/raw-a" "$work/raw-b"
  raw_two_stems_rate=0
fi
if [[ $only_newsdex != 1 && ${RAW_STEMS:-1} == 1 ]]; then
  # The same with stems alone (STEM_ALL_Z), the word forms newsdex's schema 3 indexes: like for like.
  timed "raw Xapian, 2 proc., stems" bash -c '"$1" "$2/first-half.jsonl" "$2/raw-a" --stems-only & "$1" "$2/second-half.jsonl" "$2/raw-b" --stems-only & wait -n && wait -n' \
    _ "$build/bench/newsdex-raw-index-bench" "$work"
  raw_two_stems_rate=$last_rate
  rm -rf "$work/raw-a" "$work/raw-b"
fi
rm -f "$work/first-half.jsonl" "$work/second-half.jsonl"
if (( articles <= 200000 )) || [[ ${SINGLE:-0} == 1 ]]; then
  timed "newsdex import, 1 database" "$build/indexer/newsdex-index" --db "$work/single" import "$work/articles.jsonl"
  echo "  index $(size "$work/single") bytes"
fi
timed "newsdex import, $shards lanes" "$build/indexer/newsdex-index" --db "$work/sharded" import "$work/articles.jsonl" \
  --shards "$shards" --shard-size "$shard_size"
newsdex_rate=$last_rate
echo "  index $(size "$work/sharded") bytes in $(grep -c . "$work/sharded/XAPIANDB") shards"
[[ $only_newsdex == 1 ]] && exit 0
timed "newsdex compact" "$build/indexer/newsdex-index" --db "$work/sharded" compact
echo "  index after compaction $(size "$work/sharded") bytes"
table_sizes "$work/sharded"
if [[ -f $source_dir/tags.jsonl ]]; then
  head -n "$articles" "$source_dir/tags.jsonl" > "$work/tags.jsonl"
  timed "SQLite FTS5 inserts" python3 bench/fts5_bench.py build "$work/articles.jsonl" "$work/tags.jsonl" "$work/fts5.db"
  echo "  database $(size "$work/fts5.db") bytes"
  if [[ -x /usr/bin/indexer ]]; then
    read -r -a sphinx_indexer < <(python3 bench/sphinx_bench.py prepare "$work/articles.jsonl" "$work/tags.jsonl" "$work/sphinx")
    timed "Sphinx 2.2 indexer" "${sphinx_indexer[@]}"
    sphinx_bytes=$(size "$work/sphinx/index")
    text_bytes=$(python3 -c 'import json, sys
print(sum(len(a["title"].encode()) + len(a["text"].encode()) for a in map(json.loads, open(sys.argv[1], encoding="utf-8"))))' "$work/articles.jsonl")
    echo "  index $sphinx_bytes bytes; the articles' title and text: $text_bytes bytes"
    awk -v n="$(size "$work/sharded")" -v s="$sphinx_bytes" -v t="$text_bytes" \
      'BEGIN { printf "size: newsdex compacted / (Sphinx index + text) = %.2f (goal <= 1.5)\n", n / (s + t) }'
    rm -rf "$work/sphinx"
  else
    echo "Sphinx's indexer is not installed (bench/install-bench-deps): no Sphinx figures"
  fi
fi
awk -v n="$newsdex_rate" -v r="$raw_two_rate" -v s="$raw_two_stems_rate" -v lanes="$shards" \
  'BEGIN { printf "throughput: newsdex %d lanes / raw Xapian on 2 processes = %.2f (goal >= 0.85)", lanes, n / r
           if (s > 0) printf "; / raw with stems alone = %.2f", n / s
           printf "\n" }'
