#!/usr/bin/env bash
# Parse throughput of newsdex against Python's feedparser, in the same run, on a generated RSS
# feed of 5,000 items with content:encoded (bench/make_large_feed.py). Each parser runs as a
# whole process RUNS times (default 7); the script prints each one's median wall time and MB/s.
#
#   bench/parse_throughput.sh [build/release/indexer/newsdex-index] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
program=${1:-build/release/indexer/newsdex-index}
runs=${2:-7}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
feed="$work/large.rss"
python3 bench/make_large_feed.py 5000 > "$feed"
bytes=$(stat -c %s "$feed")

source bench/median.sh

newsdex=$(median_seconds "$runs" "$program" parse "$feed")
newsdex_json=$(median_seconds "$runs" "$program" parse "$feed" --json)
feedparser=$(median_seconds "$runs" /usr/bin/python3 -c 'import sys, feedparser; feedparser.parse(sys.argv[1])' "$feed")
awk -v bytes="$bytes" -v n="$newsdex" -v j="$newsdex_json" -v f="$feedparser" -v runs="$runs" 'BEGIN {
  mb = bytes / 1e6
  printf "feed: 5000 items, %.1f MB; median of %d runs each\n", mb, runs
  printf "newsdex-index parse         %7.3f s  %7.1f MB/s\n", n, mb / n
  printf "newsdex-index parse --json  %7.3f s  %7.1f MB/s\n", j, mb / j
  printf "feedparser (python3)        %7.3f s  %7.1f MB/s\n", f, mb / f
  printf "newsdex is %.1fx feedparser (%.1fx with JSON output)\n", f / n, f / j
}'
