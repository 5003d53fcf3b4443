#!/usr/bin/env bash
# The whole test suite: system tools, lint, build, then every test file.
# Usage: npm test [-- test/some.test.ts ...]   (files given: only those run, after lint and build)
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/ensure-test-tools.sh
[ -d node_modules ] || npm ci --no-audit --no-fund
npm run --silent lint
npm run --silent build

if [ "$#" -gt 0 ]; then
  files=("$@")
else
  mapfile -t files < <(find test -name '*.test.ts' | sort)
fi
exec node --import tsx --test --test-concurrency=2 "${files[@]}"
