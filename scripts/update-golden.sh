#!/usr/bin/env bash
# Rewrites the renderer's golden files (test/golden/<fixture>/) from the current templates, then shows
# what changed. Review the diff before committing: a golden file is the reviewed output of the install.
set -euo pipefail
cd "$(dirname "$0")/.."
UPDATE_GOLDEN=1 node --import tsx --test test/render.test.ts >/dev/null
git status --short -- test/golden
git diff --stat -- test/golden
