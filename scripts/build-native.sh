#!/usr/bin/env bash
# Builds libs/faiss-native (node-gyp against Debian's libfaiss.a + OpenBLAS + OpenMP).
# Rebuilds only when a source file is newer than the addon.
set -euo pipefail
cd "$(dirname "$0")/../libs/faiss-native"
addon=build/Release/shoal_faiss.node
core=build/Release/shoal_faiss_core.so
if [[ -f $addon && -f $core ]] && [[ -z $(find binding.gyp src/native -newer "$addon" -print -quit) ]]; then
  exit 0
fi
echo "[setup] building the Faiss addon (libs/faiss-native)"
nodedir_flag=()
# Use the installed Node headers when present, so the build needs no download.
[[ -f /usr/include/node/node_api.h ]] && nodedir_flag=(--nodedir=/usr)
../../node_modules/.bin/node-gyp rebuild "${nodedir_flag[@]}" -j 2 >/tmp/shoal-node-gyp.log 2>&1 || {
  tail -40 /tmp/shoal-node-gyp.log >&2
  echo "[setup] native build failed (full log: /tmp/shoal-node-gyp.log)" >&2
  exit 1
}
