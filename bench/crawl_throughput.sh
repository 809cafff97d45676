#!/usr/bin/env bash
# Crawl throughput: 1,000 feeds x 50 items served from 50 loopback addresses (20 feeds each, so
# that the 2-connections-per-host limit acts as on the web), crawled with --jobs 32 into a fresh
# index; then a second crawl in which every feed answers 304. Prints wall time, articles/s and
# peak RSS of each (from /usr/bin/time -v).
#   bench/crawl_throughput.sh [BUILD_DIR]      (default build/release)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/release}
index="$build/indexer/newsdex-index"
farm="$build/bench/newsdex-feed-farm"
work=$(mktemp -d)
trap 'exec 3>&- 2>/dev/null; rm -rf "$work"' EXIT

coproc farm_process { "$farm" 50 20 50 "$work/farm.opml"; }
exec 3>&"${farm_process[1]}"
read -r ready <&"${farm_process[0]}"
[[ $ready == ready ]] || { echo "the feed farm did not start" >&2; exit 3; }

export NEWSDEX_DB="$work/index"
"$index" feeds import "$work/farm.opml" > /dev/null  # the farm sets its feeds to fetch no page

run() {  # label: crawl --all --jobs 32, timed
  /usr/bin/time -v "$index" crawl --all --jobs 32 > "$work/out" 2> "$work/time"
  local wall rss
  wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$work/time")
  rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$work/time")
  echo "$1: $(cat "$work/out")"
  echo "    wall $wall, peak RSS $((rss / 1024)) MiB"
}
run "first crawl (1,000 feeds, 50,000 articles)"
run "second crawl (every feed 304)"
