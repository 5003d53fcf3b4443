#!/usr/bin/env bash
# The install engine's own overhead per task (target: 15 ms or less, median). See bench/engine-overhead.ts.
# Usage: bash bench/engine-overhead.sh [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
exec node --import tsx bench/engine-overhead.ts "${1:-5}"
