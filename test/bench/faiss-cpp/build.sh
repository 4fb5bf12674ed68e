#!/usr/bin/env bash
# Builds the plain-C++ search baseline against the addon's own Faiss shared object
# (libs/faiss-native/build/Release/shoal_faiss_core.so), with the addon's compiler flags.
# Output: test/bench/faiss-cpp/build/search_bench
set -euo pipefail
cd "$(dirname "$0")"
native=../../../libs/faiss-native
core=$native/build/Release/shoal_faiss_core.so
if [[ ! -f $core ]]; then
  echo "missing $core: run \`npm run build:native\` first" >&2
  exit 1
fi
mkdir -p build
g++ -std=c++17 -O3 -march=x86-64-v2 -fopenmp -Wall -Wextra \
  -I"$native/src/native" \
  search_bench.cc -o build/search_bench \
  "$(realpath "$core")" -Wl,-rpath,"$(realpath "$(dirname "$core")")" -lopenblas -lgomp
echo "built $(pwd)/build/search_bench"
