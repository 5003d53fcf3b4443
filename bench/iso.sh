#!/usr/bin/env bash
# `cloud-in-a-box iso` against `cp BASE.iso OUT.iso` on a fixture base of about 1 GiB (the test fixture
# padded with random data), interleaved in the same run, with a warm and a cold page cache; medians of
# ROUNDS rounds, and the peak memory of the whole command. Beside them, `md5sum BASE.iso`: the media check
# needs an MD5 of the whole image, so no remaster that implants one can take less than that.
# Target (ISO issue): ratio to cp 1.3 or less, peak memory under 200 MB.
# Usage: bash bench/iso.sh [PAD_MIB] [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
pad=${1:-1000}
rounds=${2:-5}
[ -f dist/src/cli/main.js ] || npm run --silent build
work=$(mktemp -d "${TMPDIR:-/tmp}/ciab-bench-iso.XXXXXX")
trap 'rm -rf "$work"' EXIT

base=$(node --import tsx --input-type=module -e "
  import { buildFixtureBase } from './test/iso/fixture.ts';
  console.log(buildFixtureBase({ label: 'CentOS 7 x86_64', padMiB: $pad }));
" | tail -n 1)
sed 's/rootPassword: null/rootPassword: Bench-Root-Pw/; s/password: null/password: Bench-Admin-Pw/' \
  test/fixtures/answers/example.yaml >"$work/answers.yaml"

measure() { # NAME COMMAND...: runs it once under GNU time, appends "seconds peak-KiB" to $work/NAME
  local name=$1
  shift
  /usr/bin/time -o "$work/time" -f '%e %M' "$@" >/dev/null 2>&1
  cat "$work/time" >>"$work/$name"
}
median() { # FILE COLUMN
  sort -n -k "$2" "$1" | awk -v c="$2" '{ v[NR] = $c } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
drop_caches() { sync; echo 3 >/proc/sys/vm/drop_caches 2>/dev/null || return 1; }
before() { # CACHE: the page cache as the run wants it
  if [ "$1" = cold ]; then drop_caches; else cat "$base" >/dev/null; fi
}

printf 'base: %s (%s MiB), %s rounds\n' "$base" "$(($(stat -c %s "$base") / 1024 / 1024))" "$rounds"
for cache in warm cold; do
  if [ "$cache" = cold ] && ! drop_caches; then
    echo "cold: cannot drop the page cache (needs root); skipped"
    continue
  fi
  rm -f "$work/cp" "$work/iso" "$work/md5"
  for ((round = 1; round <= rounds; round++)); do
    before "$cache"
    measure cp cp "$base" "$work/cp.iso"
    rm -f "$work/cp.iso"
    before "$cache"
    measure iso node bin/cloud-in-a-box.js iso --base "$base" --answers "$work/answers.yaml" \
      -o "$work/out.iso" --quiet
    rm -f "$work/out.iso"
    before "$cache"
    measure md5 md5sum "$base"
  done
  cp_s=$(median "$work/cp" 1)
  iso_s=$(median "$work/iso" 1)
  md5_s=$(median "$work/md5" 1)
  iso_kb=$(median "$work/iso" 2)
  printf '%s: cp %s s; md5sum of the base %s s; cloud-in-a-box iso %s s, peak %s MiB; ratio %s (target <= 1.3, < 200 MiB); md5sum/cp %s\n' \
    "$cache" "$cp_s" "$md5_s" "$iso_s" "$((${iso_kb%.*} / 1024))" \
    "$(awk -v a="$iso_s" -v b="$cp_s" 'BEGIN { printf "%.2f", a / b }')" \
    "$(awk -v a="$md5_s" -v b="$cp_s" 'BEGIN { printf "%.2f", a / b }')"
done
