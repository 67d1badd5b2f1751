#!/usr/bin/env bash
# Rebuilds dist/ and the JSON Schema and fails when they differ from what is committed: the shipped action must be
# what the source builds. Used by .ci/run, the check-dist workflow and scripts/release.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
npm run --silent bundle >/dev/null
npm run --silent schema >/dev/null
if ! git diff --quiet -- dist schema || [ -n "$(git status --porcelain -- dist schema)" ]; then
  git status --short -- dist schema >&2
  echo "dist/ or schema/ differ from a fresh build: run 'npm run bundle && npm run schema' and commit them." >&2
  exit 1
fi
echo "dist/ and schema/ match the source."
