#!/usr/bin/env bash
# Article-page extraction speed (issue 20): newsdex's page reader (bench/extract_bench.cc) and
# python3-readability (bench/extract_readability.py), each in one process on the same pages held
# in memory, interleaved, RUNS times. Each process extracts every page twice and the second
# (warm) round counts. newsdex runs on one thread, then on every core (THREADS, default nproc),
# as a crawl's page workers do; Python's readability is single-threaded. Prints every run and
# the medians of pages/s with their ratios.
#   bench/article_extraction.sh [PAGES_DIR] [RUNS]
#   (defaults ../shared/corpus/article-pages/pages, 5)
# Environment: NEWSDEX_BUILD (default build/release), THREADS.
set -euo pipefail
cd "$(dirname "$0")/.."
pages=${1:-../shared/corpus/article-pages/pages}
runs=${2:-5}
threads=${THREADS:-$(nproc)}
build=${NEWSDEX_BUILD:-build/release}
[[ -x $build/bench/newsdex-extract-bench ]] || cmake --build "$build" --target newsdex-extract-bench
# Debian's interpreter, which has python3-readability (scripts/install-deps).
python=/usr/bin/python3
one=() all=() peer=()
warm() { "$@" | tail -n 1; }  # the second of two rounds
for ((run = 1; run <= runs; run++)); do
  line=$(warm "$build/bench/newsdex-extract-bench" "$pages" 2 1)
  echo "newsdex, 1 thread     $line"
  one+=("$(awk '{print $8}' <<< "$line")")
  line=$(warm "$build/bench/newsdex-extract-bench" "$pages" 2 "$threads")
  echo "newsdex, $threads threads    $line"
  all+=("$(awk '{print $8}' <<< "$line")")
  line=$(warm "$python" bench/extract_readability.py "$pages" 2)
  echo "python3-readability   $line"
  peer+=("$(awk '{print $8}' <<< "$line")")
done
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
o=$(median "${one[@]}") a=$(median "${all[@]}") p=$(median "${peer[@]}")
ratio() { awk -v x="$1" -v y="$2" 'BEGIN { printf "%.1f", x / y }'; }
echo "median pages/s: newsdex 1 thread $o ($(ratio "$o" "$p")x), $threads threads $a ($(ratio "$a" "$p")x), python3-readability $p"
