#!/usr/bin/env bash
# How much slower `cloud-in-a-box --version` starts than bare Node.js: median of interleaved runs.
# Target (issue: foundation): ratio 2.5 or less. Usage: bash bench/cli-startup.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-30}
[ -f dist/src/cli/main.js ] || npm run --silent build

ms() { # runs "$@" once, prints milliseconds
  local start end
  start=$(date +%s%N)
  "$@" >/dev/null
  end=$(date +%s%N)
  echo $(((end - start) / 1000))
}
median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

node -e 0 && node bin/cloud-in-a-box.js --version >/dev/null # warm the file cache
base=() cli=()
for _ in $(seq "$runs"); do
  base+=("$(ms node -e 0)")
  cli+=("$(ms node bin/cloud-in-a-box.js --version)")
done
b=$(printf '%s\n' "${base[@]}" | median)
c=$(printf '%s\n' "${cli[@]}" | median)
ratio=$(awk -v b="$b" -v c="$c" 'BEGIN { printf "%.2f", c / b }')
printf 'node -e 0: median %.1f ms\ncloud-in-a-box --version: median %.1f ms\nratio: %s (target <= 2.5; %s runs each)\n' \
  "$(awk -v x="$b" 'BEGIN { print x / 1000 }')" "$(awk -v x="$c" 'BEGIN { print x / 1000 }')" "$ratio" "$runs"
