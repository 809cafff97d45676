#!/usr/bin/env bash
# The HTTP API at saturation while a crawl commits (issue 9). wrk sends the search page's
# requests (exact totals and all five facets, the queries of bench/queries.tsv in turn) for
# SECONDS with CONNECTIONS connections, while crawls of local feeds that change every round
# commit new articles again and again. Prints wrk's line (requests/s, p50/p90/p99, errors), the
# server's resident memory after the warm-up (the first fifth) and at its peak after it, and the
# crawl rounds. Exits 1 when wrk saw any error, a crawl failed, or the server's memory grew by
# more than RSS_GROWTH_MB (default 256) after the warm-up.
#   bench/http_soak.sh [SECONDS] [CONNECTIONS] [INDEX]   (defaults 300, 16)
# INDEX is copied first (a sharded million: bench-data/import-1000000/sharded); without it the
# index holds only what the crawls add. NEWSDEX_BUILD names the build (default build/release).
# CI runs it for 10 s (tests/CMakeLists.txt).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/serve_helpers.sh
source bench/serve_helpers.sh
seconds=${1:-300}
connections=${2:-16}
source_index=${3:-}
build=${NEWSDEX_BUILD:-build/release}
rss_growth_mb=${RSS_GROWTH_MB:-256}
work=$(mktemp -d)
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT
index=$build/indexer/newsdex-index
db=$work/index
mkdir -p "$work/feeds"
if [[ -n $source_index ]]; then cp -r --reflink=auto "$source_index" "$db"; fi

# Four feeds, rewritten with 40 new items each before every crawl.
write_feeds() {  # ROUND
  python3 - "$work/feeds" "$1" <<'PY'
import sys
folder, round_ = sys.argv[1], int(sys.argv[2])
places = ["Baku", "Ankara", "Berlin", "Nairobi", "Lima", "Hanoi"]
subjects = ["gas prices", "space agency", "election", "harbour strike", "wheat harvest", "central bank"]
for feed in range(4):
    items = []
    for i in range(40):
        n = round_ * 1000 + feed * 100 + i
        place, subject = places[n % 6], subjects[(n // 6) % 6]
        items.append(f"<item><title>{subject.title()} in {place}, report {n}</title>"
                     f"<link>http://soak.example/{feed}/{n}</link><guid>soak-{feed}-{n}</guid>"
                     f"<description>Officials in {place} spoke about the {subject} on day {n}; "
                     f"markets and voters followed the {subject} closely.</description></item>")
    with open(f"{folder}/feed-{feed}.rss", "w") as out:
        out.write(f"<rss version=\"2.0\"><channel><title>Soak desk {feed}</title>" + "".join(items) + "</channel></rss>")
PY
}
write_feeds 0
coproc feeds_server { "$build/tests/newsdex-test-server" "$work/feeds"; }
pids+=("$feeds_server_PID")
read -r feeds_url <&"${feeds_server[0]}"
for feed in 0 1 2 3; do "$index" --db "$db" feeds add "$feeds_url/feed-$feed.rss" --pages never > /dev/null; done
"$index" --db "$db" crawl --all > /dev/null

"$build/searcher/newsdex-search" --db "$db" serve --listen 127.0.0.1:0 > "$work/serve.out" 2>&1 &
server=$!
pids+=("$server")
base=$(newsdex_serve_url "$work/serve.out")

# Crawls, one after the other, each over feeds with new items, until told to stop.
(
  round=1
  while [[ ! -e $work/stop ]]; do
    write_feeds "$round"
    "$index" --db "$db" crawl --all > /dev/null 2>> "$work/crawl.err" || echo "round $round failed" >> "$work/crawl.failed"
    echo "$round" > "$work/rounds"
    round=$((round + 1))
  done
) &
crawler=$!
pids+=("$crawler")
# The server's resident memory, twice a second.
(
  while kill -0 "$server" 2>/dev/null; do
    awk '/^VmRSS/ { print $2 }' "/proc/$server/status" >> "$work/rss.kb" 2>/dev/null || true
    sleep 0.5
  done
) &
pids+=("$!")

python3 bench/wrk_search_targets.py > "$work/page.lua"
echo "== GET /search as the search page asks, wrk -t2 -c$connections -d${seconds}s, crawls committing meanwhile"
wrk_line=$(wrk -t2 -c"$connections" -d"${seconds}s" --timeout 10s -s "$work/page.lua" "$base" 2> "$work/wrk.err" | tail -1)
sort "$work/wrk.err" | uniq -c | head -6
touch "$work/stop"
wait "$crawler"
echo "$wrk_line"
samples=$(wc -l < "$work/rss.kb")
warm=$((samples / 5 + 1))
after_warm_up=$(sed -n "${warm}p" "$work/rss.kb")
peak=$(tail -n +"$warm" "$work/rss.kb" | sort -n | tail -1)
growth=$(( (peak - after_warm_up) / 1024 ))
echo "server RSS: $((after_warm_up / 1024)) MB after the warm-up, peak $((peak / 1024)) MB after it (+$growth MB; bound +$rss_growth_mb MB)"
echo "crawl rounds committed meanwhile: $(cat "$work/rounds" 2>/dev/null || echo 0), articles now: $("$build/searcher/newsdex-search" --db "$db" stats --json | python3 -c 'import json, sys; print(json.load(sys.stdin)["articles"])')"
failed=0
errors=$(grep -o 'errors [0-9]*' <<< "$wrk_line" | cut -d' ' -f2)
if [[ ${errors:-1} != 0 ]]; then echo "FAIL: wrk saw $errors errors"; failed=1; fi
if [[ -e $work/crawl.failed ]]; then echo "FAIL: $(cat "$work/crawl.failed") $(head -3 "$work/crawl.err")"; failed=1; fi
if (( growth > rss_growth_mb )); then echo "FAIL: the server's memory grew by $growth MB"; failed=1; fi
exit $failed
