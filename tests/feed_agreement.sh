#!/usr/bin/env bash
# Runs the shared feed-agreement check (newsdex's parser against Python's feedparser) on the
# shared corpus and fails when agreement falls below the floor newsdex has reached.
# Usage: feed_agreement.sh NEWSDEX_INDEX SHARED_DIR CORPUS MIN_PERCENT
# Exits 77 (skipped) when ../shared or python3-feedparser is absent.
set -euo pipefail
program=$1 shared=$2 corpus=$3 floor=$4
if [[ ! -f "$shared/checks/feed-agreement.py" || ! -d "$shared/corpus/$corpus" ]]; then
  echo "SKIPPED: $shared/corpus/$corpus is absent"
  exit 77
fi
if ! /usr/bin/python3 -c 'import feedparser' 2>/dev/null; then
  echo "SKIPPED: python3-feedparser is not installed (scripts/install-deps installs it)"
  exit 77
fi
summary=$(python3 "$shared/checks/feed-agreement.py" --parser "$program parse --json" --show 0 "$shared/corpus/$corpus" | tail -n 1)
echo "$summary"
percent=$(sed -n 's/^agreement \([0-9.]*\)%.*/\1/p' <<<"$summary")
crashes=$(sed -n 's/.*(\([0-9]*\) crashed.*/\1/p' <<<"$summary")
[[ -n "$percent" ]] || { echo "cannot read the summary"; exit 1; }
awk -v p="$percent" -v f="$floor" 'BEGIN { exit !(p >= f) }' || { echo "agreement $percent% is below $floor%"; exit 1; }
[[ "$crashes" == 0 ]] || { echo "$crashes files crashed or timed out"; exit 1; }
