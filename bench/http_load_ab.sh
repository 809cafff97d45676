#!/usr/bin/env bash
# Two builds of newsdex-search under the same HTTP load, back to back on the same index,
# interleaved (A B A B ...), RUNS times each: bench/http_load.sh's two loads per run. Prints
# each run's summary line, then each build's median requests/s and p99 latency.
#   bench/http_load_ab.sh A_PROGRAM B_PROGRAM INDEX [RUNS] [SECONDS] [CONNECTIONS]   (defaults 3, 30, 16)
# e.g. bench/http_load_ab.sh ../before/build/release/searcher/newsdex-search \
#        build/release/searcher/newsdex-search bench-data/archive-200000/newsdex 3 30 16
set -euo pipefail
cd "$(dirname "$0")/.."
a=$1 b=$2 index=$3 runs=${4:-3} seconds=${5:-30} connections=${6:-16}
results=$(mktemp)
trap 'rm -f "$results" "$results.run"' EXIT
for run in $(seq "$runs"); do
  for side in A B; do
    program=$a
    [[ $side == B ]] && program=$b
    echo "== run $run, $side: $program"
    # "requests/s R  p50 X ms  p90 Y ms  p99 Z ms  errors E" after each "== GET /search, KIND: …"
    NEWSDEX_SEARCH=$program bench/http_load.sh "$index" "$seconds" "$connections" > "$results.run"
    cat "$results.run"
    awk -v side="$side" '/^== GET/ { kind = $4 } /^requests\/s/ { print side, kind, $2, $10, $13 }' "$results.run" >> "$results"
  done
done
echo "== medians over $runs runs"
for side in A B; do
  for kind in page: top10:; do
    for column in 3 4; do  # requests/s, p99 ms
      awk -v side="$side" -v kind="$kind" -v c="$column" '$1 == side && $2 == kind { print $c }' "$results" | sort -n |
        awk -v label="$side $kind $([[ $column == 3 ]] && echo requests/s || echo p99-ms)" \
          '{ v[NR] = $1 } END { printf "%-28s median %s (all: ", label, v[int((NR + 1) / 2)]; for (i = 1; i <= NR; ++i) printf "%s%s", v[i], (i < NR ? ", " : ")\n") }'
    done
  done
done
