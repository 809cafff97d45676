#!/usr/bin/env bash
# From a crawl's commit to its articles being searchable (issue 26): on an index of BASE articles
# of the benchmark archive (bench/make_archive.py) imported with --shards SHARDS, REPEAT batches of
# BATCH new articles are each
#   - imported into it (newsdex-index import: what a scheduled crawl does, ending in its commit),
#   - then searched for by a word only that batch holds, from a new newsdex-search process, until
#     a search finds it,
# and the script prints each batch's import seconds, the seconds from the import's exit to the
# first search that found the batch (and how many of its articles it found), and the medians. Comparing two builds on the same
# articles tells whether a change made fresh news slower to reach readers.
#   bench/commit_to_searchable.sh [BASE] [BATCH] [REPEAT] [SHARDS] [WORK_DIR]
#   (defaults 100000, 1000, 5, 3, bench-data)
# Environment: NEWSDEX_BUILD (default build/release) times another build; SOURCE_DIR takes the
# articles from another archive (default WORK_DIR/archive-1000000).
set -euo pipefail
cd "$(dirname "$0")/.."
base_count=${1:-100000}
batch=${2:-1000}
repeat=${3:-5}
shards=${4:-3}
work_root=${5:-bench-data}
build=${NEWSDEX_BUILD:-build/release}
source_dir=${SOURCE_DIR:-$work_root/archive-1000000}
[[ -f $source_dir/archive.jsonl ]] || python3 bench/make_archive.py 1000000 "$source_dir"
work=$work_root/commit-to-searchable-$base_count
rm -rf "$work"
mkdir -p "$work"
index=$work/index
head -n "$base_count" "$source_dir/archive.jsonl" > "$work/base.jsonl"
echo "base: $base_count articles, --shards $shards, $build"
"$build/indexer/newsdex-index" --db "$index" import "$work/base.jsonl" --shards "$shards" > /dev/null 2>&1
now() { date +%s.%N; }
results=$work/results.tsv
: > "$results"
for ((run = 1; run <= repeat; run++)); do
  marker="freshbatch${run}x$RANDOM"
  first=$((base_count + (run - 1) * batch + 1))
  # The batch's articles, each with the batch's marker word added to its text.
  last=$((first + batch - 1))
  sed -n "${first},${last}p;${last}q" "$source_dir/archive.jsonl" |
    python3 -c 'import json, sys
for line in sys.stdin:
    article = json.loads(line)
    article["text"] += "\n\n" + sys.argv[1]
    print(json.dumps(article))' "$marker" > "$work/batch.jsonl"
  start=$(now)
  "$build/indexer/newsdex-index" --db "$index" import "$work/batch.jsonl" > /dev/null 2>&1
  committed=$(now)
  # Each lane commits before the import exits, so the first search should already find the batch.
  deadline=$(awk -v c="$committed" 'BEGIN { print c + 60 }')
  while total=$("$build/searcher/newsdex-search" --db "$index" --json --limit 1 "$marker" |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["total"])') && ((total == 0)); do
    awk -v t="$(now)" -v d="$deadline" 'BEGIN { exit !(t > d) }' && { echo "batch $run not found after 60 s" >&2; exit 1; }
  done
  found=$(now)
  awk -v s="$start" -v c="$committed" -v f="$found" -v run="$run" -v total="$total" \
    'BEGIN { printf "batch %d: import %.3f s, commit to searchable %.3f s (%d found)\n", run, c - s, f - c, total; print c - s "\t" f - c > "/dev/stderr" }' \
    2>> "$results"
done
sort -n -k1,1 "$results" | awk -v n="$repeat" 'NR == int((n + 1) / 2) { printf "median import %.3f s\n", $1 }'
sort -n -k2,2 "$results" | awk -v n="$repeat" 'NR == int((n + 1) / 2) { printf "median commit to searchable %.3f s\n", $2 }'
