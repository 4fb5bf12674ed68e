# Two targets, built by scripts/build-native.sh (node-gyp rebuild --nodedir=/usr):
#
# shoal_faiss_core (build/Release/shoal_faiss_core.so): all of Debian's static libfaiss.a (1.7.3,
#   built -fPIC) + the OpenMP/OpenBLAS thread policy + fast distance kernels. Faiss lives in its
#   own shared object, placed first, because the generic (non-SIMD) Debian build is sensitive to
#   code alignment: linked statically behind the addon's code, its search speed moved by up to 25%
#   whenever the wrapper's code size changed. Here its machine code and alignment are fixed, and
#   test/bench/faiss-cpp links the very same file, so binding-vs-C++ compares like with like.
#
#   Debian compiles Faiss's distance kernels (distances_simd.cpp.o) as scalar loops: perf of an
#   IVF1024,PQ56 (d=784) search put fvec_L2sqr_ref at 24% of all CPU, fvec_madd at 6% and
#   fvec_inner_product_ref at 3.6%. So the core links not the system archive but a copy made by
#   the action below (src/native/redefine_faiss_kernels.sh), in which only that member's
#   faiss::fvec_L2sqr, fvec_inner_product, fvec_norm_L2sqr, fvec_L2sqr_ny,
#   fvec_inner_products_ny, fvec_L2sqr_ny_nearest, fvec_madd and fvec_madd_and_argmin are renamed
#   to shoal_generic_*. src/native/distance_kernels.cc defines those faiss:: names and dispatches
#   at run time to AVX2+FMA code (when the CPU has both: the default) or to the renamed generic
#   originals; setDistanceKernels switches. Everything else stays x86-64-v2.
#
# shoal_faiss (build/Release/shoal_faiss.node): the Node-API glue. node-gyp links it to the core
#   with rpath $ORIGIN, so the two files must stay side by side.
{
  "target_defaults": {
    # node-gyp's defaults disable exceptions and RTTI; Faiss reports errors by exception and
    # the wrapper walks index types with dynamic_cast.
    "cflags!": ["-fno-exceptions"],
    "cflags_cc!": ["-fno-exceptions", "-fno-rtti", "-std=gnu++17"],
    "cflags_cc": ["-std=c++17", "-fexceptions", "-frtti", "-O3", "-march=x86-64-v2", "-fopenmp", "-Wall", "-Wextra"]
  },
  "targets": [
    {
      "target_name": "shoal_faiss_core",
      "type": "shared_library",
      "variables": {
        "system_faiss_archive": "/usr/lib/x86_64-linux-gnu/libfaiss.a",
        "faiss_archive": "<(SHARED_INTERMEDIATE_DIR)/libfaiss_shoal.a"
      },
      "actions": [
        {
          "action_name": "faiss_archive",
          "inputs": ["src/native/redefine_faiss_kernels.sh", "<(system_faiss_archive)"],
          "outputs": ["<(faiss_archive)"],
          "action": ["bash", "src/native/redefine_faiss_kernels.sh", "<(system_faiss_archive)", "<(faiss_archive)"]
        }
      ],
      "sources": ["src/native/distance_kernels.cc", "src/native/threads.cc"],
      # In ldflags, so the whole archive comes before any of our objects in the link.
      # -z defs: a shoal_generic_* name the action did not produce fails the link, not dlopen.
      "ldflags": [
        "-fopenmp", "-Wl,-z,defs",
        "-Wl,--whole-archive", "<(faiss_archive)", "-Wl,--no-whole-archive"
      ],
      "libraries": ["-lopenblas", "-lgomp"]
    },
    {
      "target_name": "shoal_faiss",
      "dependencies": ["shoal_faiss_core"],
      "sources": [
        "src/native/addon.cc",
        "src/native/errors.cc",
        "src/native/factory.cc",
        "src/native/index_holder.cc",
        "src/native/index_workers.cc",
        "src/native/index_wrap.cc",
        "src/native/inspect.cc",
        "src/native/load_workers.cc",
        "src/native/memory.cc",
        "src/native/promise_worker.cc",
        "src/native/row_distances.cc",
        "src/native/search.cc"
      ],
      # node-addon-api is hoisted to the workspace root; require() resolves it from here
      # and include_dir is relative to this folder.
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")"],
      "defines": [
        "NAPI_VERSION=8",
        "NAPI_CPP_EXCEPTIONS",
        # Safety net: a std::exception escaping a synchronous call becomes a JS Error, not an abort.
        "NODE_ADDON_API_CPP_EXCEPTIONS_ALL",
        "NODE_ADDON_API_DISABLE_DEPRECATED"
      ],
      "ldflags": ["-fopenmp"],
      "libraries": ["-lgomp"]
    }
  ]
}
