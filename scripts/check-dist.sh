#!/usr/bin/env bash
# Rebuilds dist/, the JSON Schema and the generated docs, and fails when they differ from what is committed: the shipped
# action must be what the source builds, and the docs what the source declares. Used by .ci/run, the check-dist
# workflow and scripts/release.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
npm run --silent bundle >/dev/null
npm run --silent schema >/dev/null
npm run --silent docs >/dev/null
generated=(dist schema docs/checks.md README.md src/settings/action-inputs.ts)
if ! git diff --quiet -- "${generated[@]}" || [ -n "$(git status --porcelain -- "${generated[@]}")" ]; then
  git status --short -- "${generated[@]}" >&2
  echo "dist/, schema/ or the generated docs differ from a fresh build: run 'npm run bundle && npm run schema && npm run docs' and commit them." >&2
  exit 1
fi
echo "dist/, schema/ and the generated docs match the source."
