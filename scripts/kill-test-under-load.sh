#!/usr/bin/env bash
# Runs the kill-and-resume test N times in a row (default 5) beside a CPU hog: one busy loop per core, so
# that a budget that assumes an idle machine, or a race that only a slow machine shows, fails here first.
# Usage: bash scripts/kill-test-under-load.sh [N]     (as root, after `npm run build`; writes kill-run-*.log)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
hogs=()
for _ in $(seq "$(nproc)"); do
  (while :; do :; done) &
  hogs+=("$!")
done
trap 'kill "${hogs[@]}"' EXIT
failed=0
for i in $(seq "$runs"); do
  start=$SECONDS
  if node --import tsx --test test/install/kill.e2e.test.ts >"kill-run-$i.log" 2>&1; then result=passed; else result=FAILED; failed=1; fi
  echo "run $i of $runs: $result in $((SECONDS - start)) s, load average $(cut -d' ' -f1-3 /proc/loadavg) (kill-run-$i.log)"
done
exit "$failed"
