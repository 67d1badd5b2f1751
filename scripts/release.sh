#!/usr/bin/env bash
# `npm run release -- X.Y.Z`: checks that the tree is clean and dist/ is what the source builds, that CHANGELOG.md has a
# section for X.Y.Z, sets package.json's version, commits, tags vX.Y.Z and moves the major tag vX to it. Pushes
# nothing: it prints the push commands, so that a release is looked at before it is public.
set -euo pipefail
cd "$(dirname "$0")/.."
version=${1:-}
if ! [[ $version =~ ^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$ ]]; then
  echo "usage: npm run release -- X.Y.Z (a version like 1.2.3, without the v)" >&2
  exit 2
fi
major="v${BASH_REMATCH[1]}"
tag="v$version"
if [ -n "$(git status --porcelain)" ]; then
  echo "The working tree has uncommitted changes: commit or stash them first." >&2
  exit 1
fi
if git rev-parse -q --verify "refs/tags/$tag" >/dev/null; then
  echo "$tag exists already: choose the next version." >&2
  exit 1
fi
if ! grep -q "^## \[$version\]" CHANGELOG.md; then
  echo "CHANGELOG.md has no section '## [$version]': move the Unreleased lines under it first." >&2
  exit 1
fi
bash scripts/check-dist.sh
npm version --no-git-tag-version --allow-same-version "$version" >/dev/null
git add package.json package-lock.json
git commit -q -m "Release $tag"
git tag -a "$tag" -m "clerk-preflight $tag"
git tag -fa "$major" -m "clerk-preflight $major, at $tag" >/dev/null
echo "Tagged $tag and moved $major to it. To publish:"
echo "  git push origin HEAD $tag && git push --force origin $major"
echo "Then publish a GitHub release from $tag, with its CHANGELOG.md section as the notes."
