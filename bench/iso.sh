#!/usr/bin/env bash
# `cloud-in-a-box iso` against `cp BASE.iso OUT.iso` on a fixture base of about 1 GiB (the test fixture
# padded with random data), in the same run, warm and cold page cache; peak memory of the whole command.
# Target (ISO issue): ratio 1.3 or less, peak memory under 200 MB. Usage: bash bench/iso.sh [PAD_MIB]
set -euo pipefail
cd "$(dirname "$0")/.."
pad=${1:-1000}
[ -f dist/src/cli/main.js ] || npm run --silent build
work=$(mktemp -d "${TMPDIR:-/tmp}/ciab-bench-iso.XXXXXX")
trap 'rm -rf "$work"' EXIT

base=$(node --import tsx --input-type=module -e "
  import { buildFixtureBase } from './test/iso/fixture.ts';
  console.log(buildFixtureBase({ label: 'CentOS 7 x86_64', padMiB: $pad }));
" | tail -n 1)
sed 's/rootPassword: null/rootPassword: Bench-Root-Pw/; s/password: null/password: Bench-Admin-Pw/' \
  test/fixtures/answers/example.yaml >"$work/answers.yaml"

seconds() { # runs "$@" once under GNU time; prints "seconds peak-KiB"
  /usr/bin/time -o "$work/time" -f '%e %M' "$@" >/dev/null 2>&1
  cat "$work/time"
}
drop_caches() { sync; echo 3 >/proc/sys/vm/drop_caches 2>/dev/null || return 1; }

printf 'base: %s (%s MiB)\n' "$base" "$(($(stat -c %s "$base") / 1024 / 1024))"
for cache in warm cold; do
  if [ "$cache" = cold ] && ! drop_caches; then
    echo "cold: cannot drop the page cache (needs root); skipped"
    continue
  fi
  cat "$base" >/dev/null # warm: both read the base from the page cache
  [ "$cache" = cold ] && drop_caches
  read -r cp_s cp_kb < <(seconds cp "$base" "$work/cp.iso")
  rm -f "$work/cp.iso"
  [ "$cache" = cold ] && drop_caches
  read -r iso_s iso_kb < <(seconds node bin/cloud-in-a-box.js iso --base "$base" --answers "$work/answers.yaml" \
    -o "$work/out.iso" --quiet)
  rm -f "$work/out.iso"
  printf '%s: cp %s s; cloud-in-a-box iso %s s, peak %s MiB; ratio %s (target <= 1.3, < 200 MiB)\n' \
    "$cache" "$cp_s" "$iso_s" "$((iso_kb / 1024))" "$(awk -v a="$iso_s" -v b="$cp_s" 'BEGIN { printf "%.2f", a / b }')"
done
