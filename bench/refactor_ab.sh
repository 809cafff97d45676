#!/usr/bin/env bash
# Two builds of newsdex, before and after a change that should not change speed, measured back
# to back on the same machine and interleaved (A B A B ...), RUNS times each:
#   - bench/search_latency.sh's newsdex searches (63 queries, top-10, exact facets, date order;
#     p50 of each kind) on one index of ARTICLES articles, built once by the B build;
#   - bench/import_throughput.sh's newsdex imports of the same ARTICLES articles (wall seconds,
#     into 1 database and into 2 lanes).
# Prints every run, then each build's median and the range of A's runs.
#   bench/refactor_ab.sh A_BUILD_DIR B_BUILD_DIR [ARTICLES] [RUNS] [WORK_DIR]   (defaults 100000, 5, bench-data)
# e.g. git worktree add ../before COMMIT && (cd ../before && scripts/build release)
#      bench/refactor_ab.sh ../before/build/release build/release 100000 5
set -euo pipefail
cd "$(dirname "$0")/.."
a=$1 b=$2 articles=${3:-100000} runs=${4:-5} base=${5:-bench-data}
archive=$base/archive-$articles
results=$(mktemp)
trap 'rm -f "$results"' EXIT
# The archive and its index, made once (by B) and only read afterwards.
NEWSDEX_BUILD=$b NEWSDEX_ONLY=1 bench/search_latency.sh "$articles" "$base" 1 > /dev/null
for run in $(seq "$runs"); do
  for side in A B; do
    build=$a
    [[ $side == B ]] && build=$b
    echo "== run $run, $side: $build"
    NEWSDEX_BUILD=$build NEWSDEX_ONLY=1 bench/search_latency.sh "$articles" "$base" 5 |
      awk -v side="$side" -v kind_list="top10 facets date" 'BEGIN { split(kind_list, kinds) }
        /^newsdex / { ++n; print; print side, "search-" kinds[n] "-p50-ms", $4 >> "'"$results"'" }'
    NEWSDEX_BUILD=$build NEWSDEX_ONLY=1 SOURCE_DIR=$archive bench/import_throughput.sh "$articles" "$base" 2 100000 |
      awk -v side="$side" '/^newsdex import, 1 database/ { print; print side, "import-1-database-s", $5 >> "'"$results"'" }
        /^newsdex import, 2 lanes/ { print; print side, "import-2-lanes-s", $5 >> "'"$results"'" }'
  done
done
echo "== medians over $runs runs (and all runs)"
for measure in $(awk '{ print $2 }' "$results" | sort -u); do
  for side in A B; do
    awk -v side="$side" -v m="$measure" '$1 == side && $2 == m { print $3 }' "$results" | sort -n |
      awk -v label="$side $measure" \
        '{ v[NR] = $1 } END { printf "%-32s median %s (all: ", label, v[int((NR + 1) / 2)]; for (i = 1; i <= NR; ++i) printf "%s%s", v[i], (i < NR ? ", " : ")\n") }'
  done
done
