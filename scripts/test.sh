#!/usr/bin/env bash
# The whole suite: module boundaries + lint, strict type check, every jest spec.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "[test] lint (eslint + Nx module boundaries)"
NX_DAEMON=false npx nx show projects >/dev/null  # builds the project graph the boundary rule reads
NX_DAEMON=false npx eslint .
echo "[test] typecheck (tsc --strict)"
npx tsc -p tsconfig.json --noEmit
echo "[test] jest"
npx jest --ci "$@"
