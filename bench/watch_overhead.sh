#!/usr/bin/env bash
# What watches add to a crawl (issue 10): ARTICLES new articles (bench/make_archive.py, another
# seed) served as JSON feeds on loopback and crawled into a copy of a large index, once with no
# watch and once with WATCHES watches (the queries of bench/queries.tsv, alone and with one of 15
# countries each, delivering to JSON Lines files), RUNS times each, alternating. Prints each
# crawl's wall time and peak RSS, the medians, and the watches' share.
#   bench/watch_overhead.sh [INDEX] [RUNS] [WATCHES] [ARTICLES]
# INDEX (default: the sharded million of bench/import_throughput.sh) is copied for every run and
# never changed. Needs twice its size in free disk.
set -euo pipefail
cd "$(dirname "$0")/.."
base=${1:-bench-data/import-1000000/sharded}
runs=${2:-3}
watches=${3:-1000}
articles=${4:-10000}
build=build/release
index_program=$PWD/$build/indexer/newsdex-index
work=$PWD/bench-data/watch-overhead
[[ -e $base ]] || { echo "no index at $base: run bench/import_throughput.sh first" >&2; exit 2; }
# The bookkeeping (subscriptions, watches) is kept apart from the shards only in a sharded index.
[[ -f $base/XAPIANDB ]] || { echo "$base is not a sharded index (no XAPIANDB stub)" >&2; exit 2; }
rm -rf "$work/run" "$work/hits"
mkdir -p "$work/hits"
# The bookkeeping set up by an earlier run with the same watches is reused (with its port).
setup="$base $watches $articles"
[[ -f $work/setup && $(cat "$work/setup") == "$setup" ]] || rm -rf "$work/state-"* "$work/setup" "$work/port"

if [[ ! -f $work/new/archive.jsonl ]]; then
  python3 bench/make_archive.py "$articles" "$work/new" ../shared 777 > /dev/null
fi
[[ -f $work/port ]] || python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' > "$work/port"
port=$(cat "$work/port")
python3 -m http.server --bind 127.0.0.1 --directory "$work/new" "$port" > /dev/null 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$work/run"' EXIT
sleep 1

# Two bookkeeping databases for the same shards: subscribed to the new feeds, and the same with
# the watches.
export NEWSDEX_DB=$work/run
added=$watches
if [[ ! -f $work/setup ]]; then
  cp -a "$base" "$work/run"
  for feed in "$work"/new/feed-*.json; do
    "$index_program" feeds add "http://127.0.0.1:$port/$(basename "$feed")" --pages never > /dev/null
  done
  cp -a "$work/run/state" "$work/state-plain"
  countries=("" US GB FR DE RU CN JP IQ IR IN BR AU CA IT ES)
  added=0
  while IFS=$'\t' read -r query _; do
    [[ -z $query || $query == \#* ]] && continue
    for country in "${countries[@]}"; do
      (( added < watches )) || break 2
      filter=(); [[ -n $country ]] && filter=(--country "$country")
      "$index_program" watch add "w$added" "$query" "${filter[@]}" --deliver "jsonl:$work/hits/w$added.jsonl" > /dev/null
      added=$((added + 1))
    done
  done < bench/queries.tsv
  cp -a "$work/run/state" "$work/state-watched"
  echo "$setup" > "$work/setup"
fi
echo "$added watches over a crawl of $articles new articles into $base ($(nproc) cores)"

declare -A times
crawl() {  # VARIANT: a fresh copy of the index with that bookkeeping, crawled
  rm -rf "$work/run" "$work/hits"/*
  cp -a "$base" "$work/run"
  rm -rf "$work/run/state"
  cp -a "$work/state-$1" "$work/run/state"
  sync
  /usr/bin/time -f "%e %M" -o "$work/time" "$index_program" crawl --all --jobs 16 > "$work/out" 2> "$work/err"
  read -r seconds kilobytes < "$work/time"
  local delivered
  delivered=$(find "$work/hits" -name '*.jsonl' -exec cat {} + | wc -l)
  printf '  %-8s %7.2f s  peak %4d MB  %s; %d hits delivered\n' "$1" "$seconds" $((kilobytes / 1024)) "$(cat "$work/out")" "$delivered"
  times[$1]+="$seconds "
}
for ((run = 0; run < runs; ++run)); do
  crawl plain
  crawl watched
done
median() { tr ' ' '\n' <<< "$1" | grep . | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
plain=$(median "${times[plain]}")
watched=$(median "${times[watched]}")
awk -v p="$plain" -v w="$watched" -v n="$added" \
  'BEGIN { printf "median crawl: %.2f s without watches, %.2f s with %d: +%.1f%%\n", p, w, n, 100 * (w - p) / p }'
