#!/usr/bin/env bash
# The test suites: system tools, then lint (the whole suite only), build, then the test files.
# Usage: npm test [-- FILE...]            lint, build, then every test file, unit and e2e, each once
#        npm run test:unit [-- FILE...]   build, then the unit tests: no root, no simulated host, no qemu
#        npm run test:e2e [-- FILE...]    build, then the e2e tests (test/**/*.e2e.test.ts): the simulated
#                                         host, qemu, the security tests and whatever else needs root
# Files given: only those run.
set -euo pipefail
cd "$(dirname "$0")/.."

suite=all
case "${1:-}" in
  --unit | --e2e)
    suite=${1#--}
    shift
    ;;
esac

# Unit tests use system tools too (shellcheck, gpg, tmux, systemd-analyze, chronyd, xorriso).
bash scripts/ensure-test-tools.sh
[ -d node_modules ] || npm ci --no-audit --no-fund
if [ "$suite" = all ]; then npm run --silent lint; fi
npm run --silent build

if [ "$#" -gt 0 ]; then
  files=("$@")
else
  case "$suite" in
    all) mapfile -t files < <(find test -name '*.test.ts' | sort) ;;
    unit) mapfile -t files < <(find test -name '*.test.ts' ! -name '*.e2e.test.ts' | sort) ;;
    e2e) mapfile -t files < <(find test -name '*.e2e.test.ts' | sort) ;;
  esac
fi
exec node --import tsx --test --test-concurrency=2 "${files[@]}"
