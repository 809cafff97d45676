#!/usr/bin/env bash
# Article pages in a crawl: 200 feeds x 20 items served from 50 loopback addresses (4 feeds each),
# every item's page on its feed's address (a generated news page of about 20 KB: menu, related
# links, cookie notice and footer around eight paragraphs). Crawled into a fresh index with
# --page-delay 0 (the sites are local; the delay would only measure itself), beside the same
# crawl with pages off. Each is run ROUNDS times (default 3); prints the median wall time,
# articles/s and peak RSS (from /usr/bin/time -v).
#   bench/page_crawl.sh [BUILD_DIR] [ROUNDS]      (default build/release, 3)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/release}
rounds=${2:-3}
index="$build/indexer/newsdex-index"
farm="$build/bench/newsdex-feed-farm"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# crawl_rounds LABEL FARM_FLAG: one farm, ROUNDS crawls into fresh indexes.
crawl_rounds() {
  local label=$1 flag=$2 walls=() rsss=() out=""
  coproc farm_process { "$farm" 50 4 20 "$work/farm.opml" $flag; }
  local farm_in=${farm_process[1]}
  read -r ready <&"${farm_process[0]}"
  [[ $ready == ready ]] || { echo "the feed farm did not start" >&2; exit 3; }
  for ((round = 1; round <= rounds; round++)); do
    rm -rf "$work/index"
    NEWSDEX_DB="$work/index" "$index" feeds import "$work/farm.opml" > /dev/null
    NEWSDEX_DB="$work/index" /usr/bin/time -v "$index" crawl --all --jobs 32 --page-delay 0 --page-budget 3600 \
      > "$work/out" 2> "$work/time"
    walls+=("$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$work/time" |
      awk -F: '{ print ($1 * 60) + $2 }')")
    rsss+=("$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$work/time")")
    out=$(tr '\n' ' ' < "$work/out")
  done
  eval "exec ${farm_in}>&-"
  wait "$farm_process_PID" 2>/dev/null || true
  local wall rss
  wall=$(printf '%s\n' "${walls[@]}" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
  rss=$(printf '%s\n' "${rsss[@]}" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
  echo "$label: $out"
  echo "    median of $rounds: wall ${wall} s, $(awk -v w="$wall" 'BEGIN { printf "%.0f", 4000 / w }') articles/s," \
       "peak RSS $((rss / 1024)) MiB (runs: ${walls[*]} s)"
}

crawl_rounds "feeds only (4,000 articles, pages off)" ""
crawl_rounds "feeds and pages (4,000 articles, 4,000 pages on 50 sites)" "--pages"
