#!/usr/bin/env bash
# Builds libs/faiss-native (node-gyp against Debian's libfaiss.a + OpenBLAS + OpenMP). The build
# links a copy of libfaiss.a with renamed distance kernels (binding.gyp's action runs
# src/native/redefine_faiss_kernels.sh: objcopy and ar, from binutils, part of build-essential).
# Rebuilds only when a source file or the system libfaiss.a is newer than the addon or the core.
set -euo pipefail
cd "$(dirname "$0")/../libs/faiss-native"
addon=build/Release/shoal_faiss.node
core=build/Release/shoal_faiss_core.so
system_faiss=/usr/lib/x86_64-linux-gnu/libfaiss.a
sources=(binding.gyp src/native "$system_faiss")
if [[ -f $addon && -f $core ]] && [[ -z $(find "${sources[@]}" -newer "$addon" -print -quit) ]] &&
  [[ -z $(find "${sources[@]}" -newer "$core" -print -quit) ]]; then
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
