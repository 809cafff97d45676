# Sourced by the bench scripts: median_seconds RUNS COMMAND... runs COMMAND RUNS times, output
# thrown away, and prints the median wall time in seconds.
median_seconds() {
  local runs=$1
  shift
  local times=()
  for ((i = 0; i < runs; i++)); do
    local start end
    start=$(date +%s%N)
    "$@" > /dev/null || { echo "bench: '$*' failed" >&2; return 1; }
    end=$(date +%s%N)
    times+=($((end - start)))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{ t[NR] = $1 } END { printf "%.3f", t[int((NR + 1) / 2)] / 1e9 }'
}
