#!/usr/bin/env bash
# Tagging's share of indexing time: the generated 5,000-item feed (bench/make_large_feed.py) is
# indexed with `newsdex-index add` into a fresh index, and its items are tagged alone with
# `newsdex-index tag --jsonl`; both whole-process medians of RUNS runs (default 5).
#   bench/tagging_share.sh [BUILD_DIR] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/release}
runs=${2:-5}
index="$build/indexer/newsdex-index"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 bench/make_large_feed.py 5000 > "$work/feed.rss"
"$index" parse "$work/feed.rss" --json |
  python3 -c 'import json, sys
for item in json.load(sys.stdin)["items"]:
    print(json.dumps({"id": item["id"], "title": item["title"], "text": item["text"]}))' > "$work/items.jsonl"

source bench/median.sh

# Each run indexes into a fresh index (removing the last one is timed too: milliseconds).
indexing=$(median_seconds "$runs" sh -c "rm -rf \"$work/index\" && exec \"$index\" --db \"$work/index\" add \"$work/feed.rss\"")
tagging=$(median_seconds "$runs" sh -c "exec \"$index\" tag --jsonl < \"$work/items.jsonl\"")
awk -v i="$indexing" -v t="$tagging" 'BEGIN {
  printf "index 5,000 articles (parse, tag, write): %.3f s\n", i
  printf "tag the same 5,000 articles alone:        %.3f s  (%.0f articles/s)\n", t, 5000 / t
  printf "tagging is %.0f%% of indexing time\n", 100 * t / i
}'
