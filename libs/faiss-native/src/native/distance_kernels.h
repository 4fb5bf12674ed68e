// Which implementation of Faiss's hot distance kernels (faiss::fvec_L2sqr, fvec_inner_product,
// fvec_madd, ...) the core uses: Debian's generic scalar build or our AVX2+FMA code
// (distance_kernels.cc). Process-wide; the default is AVX2 when the CPU has AVX2 and FMA.
#pragma once

namespace shoal {

enum class DistanceKernels { kGeneric, kAvx2 };

// Whether this CPU can run `kind` (kGeneric always).
bool DistanceKernelsSupported(DistanceKernels kind);

DistanceKernels ActiveDistanceKernels();

// Switches all kernels at once; calls already running finish with the old ones. Returns false,
// changing nothing, when the CPU does not support `kind`.
bool SetDistanceKernels(DistanceKernels kind);

// "avx2" or "generic".
const char* DistanceKernelsName(DistanceKernels kind);

}  // namespace shoal
