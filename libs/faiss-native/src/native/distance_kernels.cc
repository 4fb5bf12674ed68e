// Faiss's hot distance kernels with runtime CPU dispatch.
//
// Debian's libfaiss.a is a generic build: distances_simd.cpp.o computes faiss::fvec_L2sqr & co.
// as scalar loops. Profiled on an IVF1024,PQ56 (d=784) search, fvec_L2sqr_ref alone took 24% of
// all CPU (the coarse quantizer: 1024 × 784 L2 per query), fvec_madd 6%, fvec_inner_product_ref
// 3.6%. The build links a copy of the archive in which redefine_faiss_kernels.sh renamed these
// symbols of that one member to shoal_generic_*; this file defines the faiss:: names again and
// forwards each call through a table chosen once at load (AVX2+FMA when the CPU has both) and
// switchable with SetDistanceKernels (A/B measurements, tests). The addon itself is still built
// for x86-64-v2: only the functions marked SHOAL_AVX2 use AVX2/FMA, and they run only after
// __builtin_cpu_supports said yes.
//
// Results equal the generic kernels' up to float rounding (other summation order, fused
// multiply-add); the argmin functions keep Faiss's tie rule (first index of the minimum).
#include "distance_kernels.h"

#include <faiss/utils/distances.h>
#include <faiss/utils/utils.h>
#include <immintrin.h>

#include <atomic>
#include <cmath>
#include <cstddef>
#include <cstdint>

// Debian Faiss 1.7.3's own kernels, renamed from faiss::* by redefine_faiss_kernels.sh (same
// signatures; the list there and the declarations here must match).
extern "C" {
float shoal_generic_fvec_L2sqr(const float* x, const float* y, size_t d);
float shoal_generic_fvec_inner_product(const float* x, const float* y, size_t d);
float shoal_generic_fvec_norm_L2sqr(const float* x, size_t d);
void shoal_generic_fvec_L2sqr_ny(float* dis, const float* x, const float* y, size_t d, size_t ny);
void shoal_generic_fvec_inner_products_ny(float* ip, const float* x, const float* y, size_t d, size_t ny);
size_t shoal_generic_fvec_L2sqr_ny_nearest(float* distances_tmp_buffer, const float* x, const float* y, size_t d,
                                           size_t ny);
void shoal_generic_fvec_madd(size_t n, const float* a, float bf, const float* b, float* c);
int shoal_generic_fvec_madd_and_argmin(size_t n, const float* a, float bf, const float* b, float* c);
}

namespace shoal {
namespace {

#define SHOAL_AVX2 __attribute__((target("avx2,fma")))

struct KernelTable {
  DistanceKernels kind;
  float (*l2sqr)(const float*, const float*, size_t);
  float (*inner_product)(const float*, const float*, size_t);
  float (*norm_l2sqr)(const float*, size_t);
  void (*l2sqr_ny)(float*, const float*, const float*, size_t, size_t);
  void (*inner_products_ny)(float*, const float*, const float*, size_t, size_t);
  size_t (*l2sqr_ny_nearest)(float*, const float*, const float*, size_t, size_t);
  void (*madd)(size_t, const float*, float, const float*, float*);
  int (*madd_and_argmin)(size_t, const float*, float, const float*, float*);
};

// ---- AVX2 + FMA ------------------------------------------------------------------------------
// Unaligned loads throughout; the last d % 8 floats are read with a masked load, which never
// touches memory past the end of a vector.

// Lanes [0, n) set, for 0 < n < 8.
SHOAL_AVX2 inline __m256i TailMask(size_t n) {
  static const int32_t kOnesThenZeros[16] = {-1, -1, -1, -1, -1, -1, -1, -1, 0, 0, 0, 0, 0, 0, 0, 0};
  return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(kOnesThenZeros + 8 - n));
}

SHOAL_AVX2 inline float HorizontalSum(__m256 v) {
  __m128 sum = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
  sum = _mm_add_ps(sum, _mm_movehl_ps(sum, sum));
  sum = _mm_add_ss(sum, _mm_movehdup_ps(sum));
  return _mm_cvtss_f32(sum);
}

// Four independent accumulators hide the FMA latency on long vectors (d = 784: 24 full steps).
SHOAL_AVX2 inline float L2sqrAvx2(const float* x, const float* y, size_t d) {
  __m256 acc0 = _mm256_setzero_ps(), acc1 = _mm256_setzero_ps();
  __m256 acc2 = _mm256_setzero_ps(), acc3 = _mm256_setzero_ps();
  size_t i = 0;
  for (; i + 32 <= d; i += 32) {
    const __m256 d0 = _mm256_sub_ps(_mm256_loadu_ps(x + i), _mm256_loadu_ps(y + i));
    const __m256 d1 = _mm256_sub_ps(_mm256_loadu_ps(x + i + 8), _mm256_loadu_ps(y + i + 8));
    const __m256 d2 = _mm256_sub_ps(_mm256_loadu_ps(x + i + 16), _mm256_loadu_ps(y + i + 16));
    const __m256 d3 = _mm256_sub_ps(_mm256_loadu_ps(x + i + 24), _mm256_loadu_ps(y + i + 24));
    acc0 = _mm256_fmadd_ps(d0, d0, acc0);
    acc1 = _mm256_fmadd_ps(d1, d1, acc1);
    acc2 = _mm256_fmadd_ps(d2, d2, acc2);
    acc3 = _mm256_fmadd_ps(d3, d3, acc3);
  }
  for (; i + 8 <= d; i += 8) {
    const __m256 diff = _mm256_sub_ps(_mm256_loadu_ps(x + i), _mm256_loadu_ps(y + i));
    acc0 = _mm256_fmadd_ps(diff, diff, acc0);
  }
  if (i < d) {
    const __m256i mask = TailMask(d - i);
    const __m256 diff = _mm256_sub_ps(_mm256_maskload_ps(x + i, mask), _mm256_maskload_ps(y + i, mask));
    acc1 = _mm256_fmadd_ps(diff, diff, acc1);
  }
  return HorizontalSum(_mm256_add_ps(_mm256_add_ps(acc0, acc1), _mm256_add_ps(acc2, acc3)));
}

SHOAL_AVX2 inline float InnerProductAvx2(const float* x, const float* y, size_t d) {
  __m256 acc0 = _mm256_setzero_ps(), acc1 = _mm256_setzero_ps();
  __m256 acc2 = _mm256_setzero_ps(), acc3 = _mm256_setzero_ps();
  size_t i = 0;
  for (; i + 32 <= d; i += 32) {
    acc0 = _mm256_fmadd_ps(_mm256_loadu_ps(x + i), _mm256_loadu_ps(y + i), acc0);
    acc1 = _mm256_fmadd_ps(_mm256_loadu_ps(x + i + 8), _mm256_loadu_ps(y + i + 8), acc1);
    acc2 = _mm256_fmadd_ps(_mm256_loadu_ps(x + i + 16), _mm256_loadu_ps(y + i + 16), acc2);
    acc3 = _mm256_fmadd_ps(_mm256_loadu_ps(x + i + 24), _mm256_loadu_ps(y + i + 24), acc3);
  }
  for (; i + 8 <= d; i += 8) {
    acc0 = _mm256_fmadd_ps(_mm256_loadu_ps(x + i), _mm256_loadu_ps(y + i), acc0);
  }
  if (i < d) {
    const __m256i mask = TailMask(d - i);
    acc1 = _mm256_fmadd_ps(_mm256_maskload_ps(x + i, mask), _mm256_maskload_ps(y + i, mask), acc1);
  }
  return HorizontalSum(_mm256_add_ps(_mm256_add_ps(acc0, acc1), _mm256_add_ps(acc2, acc3)));
}

SHOAL_AVX2 float Avx2L2sqr(const float* x, const float* y, size_t d) { return L2sqrAvx2(x, y, d); }

SHOAL_AVX2 float Avx2InnerProduct(const float* x, const float* y, size_t d) { return InnerProductAvx2(x, y, d); }

SHOAL_AVX2 float Avx2NormL2sqr(const float* x, size_t d) { return InnerProductAvx2(x, x, d); }

SHOAL_AVX2 void Avx2L2sqrNy(float* dis, const float* x, const float* y, size_t d, size_t ny) {
  for (size_t i = 0; i < ny; i++, y += d) dis[i] = L2sqrAvx2(x, y, d);
}

SHOAL_AVX2 void Avx2InnerProductsNy(float* ip, const float* x, const float* y, size_t d, size_t ny) {
  for (size_t i = 0; i < ny; i++, y += d) ip[i] = InnerProductAvx2(x, y, d);
}

// Faiss: index of the first smallest distance, 0 when ny == 0; fills the buffer on the way.
SHOAL_AVX2 size_t Avx2L2sqrNyNearest(float* distances, const float* x, const float* y, size_t d, size_t ny) {
  Avx2L2sqrNy(distances, x, y, d, ny);
  size_t nearest = 0;
  float smallest = HUGE_VALF;
  for (size_t i = 0; i < ny; i++) {
    if (distances[i] < smallest) {
      smallest = distances[i];
      nearest = i;
    }
  }
  return nearest;
}

// c = a + bf * b
SHOAL_AVX2 void Avx2Madd(size_t n, const float* a, float bf, const float* b, float* c) {
  const __m256 factor = _mm256_set1_ps(bf);
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    _mm256_storeu_ps(c + i, _mm256_fmadd_ps(factor, _mm256_loadu_ps(b + i), _mm256_loadu_ps(a + i)));
  }
  if (i < n) {
    const __m256i mask = TailMask(n - i);
    const __m256 sum = _mm256_fmadd_ps(factor, _mm256_maskload_ps(b + i, mask), _mm256_maskload_ps(a + i, mask));
    _mm256_maskstore_ps(c + i, mask, sum);
  }
}

// Faiss: first index of the minimum of c below 1e20, -1 if none.
SHOAL_AVX2 int Avx2MaddAndArgmin(size_t n, const float* a, float bf, const float* b, float* c) {
  Avx2Madd(n, a, bf, b, c);
  float smallest = 1e20f;
  int argmin = -1;
  for (size_t i = 0; i < n; i++) {
    if (c[i] < smallest) {
      smallest = c[i];
      argmin = static_cast<int>(i);
    }
  }
  return argmin;
}

constexpr KernelTable kGenericKernels{DistanceKernels::kGeneric,
                                      shoal_generic_fvec_L2sqr,
                                      shoal_generic_fvec_inner_product,
                                      shoal_generic_fvec_norm_L2sqr,
                                      shoal_generic_fvec_L2sqr_ny,
                                      shoal_generic_fvec_inner_products_ny,
                                      shoal_generic_fvec_L2sqr_ny_nearest,
                                      shoal_generic_fvec_madd,
                                      shoal_generic_fvec_madd_and_argmin};

constexpr KernelTable kAvx2Kernels{DistanceKernels::kAvx2, Avx2L2sqr,          Avx2InnerProduct,
                                   Avx2NormL2sqr,          Avx2L2sqrNy,        Avx2InnerProductsNy,
                                   Avx2L2sqrNyNearest,     Avx2Madd,           Avx2MaddAndArgmin};

// Constant-initialized to the generic table, so a call made before the constructor below (from
// another static initializer) is still correct; the constructor then picks AVX2 when possible.
std::atomic<const KernelTable*> active_kernels{&kGenericKernels};

bool CpuHasAvx2Fma() {
  __builtin_cpu_init();  // may run before libgcc's own constructor has filled in the CPU model
  return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
}

__attribute__((constructor)) void SelectDefaultKernels() {
  if (CpuHasAvx2Fma()) active_kernels.store(&kAvx2Kernels);
}

// One relaxed load per call: the tables are constants, so any value seen is a complete table.
inline const KernelTable& Kernels() { return *active_kernels.load(std::memory_order_relaxed); }

}  // namespace

bool DistanceKernelsSupported(DistanceKernels kind) { return kind == DistanceKernels::kGeneric || CpuHasAvx2Fma(); }

DistanceKernels ActiveDistanceKernels() { return Kernels().kind; }

bool SetDistanceKernels(DistanceKernels kind) {
  if (!DistanceKernelsSupported(kind)) return false;
  active_kernels.store(kind == DistanceKernels::kAvx2 ? &kAvx2Kernels : &kGenericKernels);
  return true;
}

const char* DistanceKernelsName(DistanceKernels kind) { return kind == DistanceKernels::kAvx2 ? "avx2" : "generic"; }

}  // namespace shoal

// The definitions every caller in libfaiss.a links to (signatures of faiss/utils/distances.h
// and faiss/utils/utils.h, Faiss 1.7.3).
namespace faiss {

float fvec_L2sqr(const float* x, const float* y, size_t d) { return shoal::Kernels().l2sqr(x, y, d); }

float fvec_inner_product(const float* x, const float* y, size_t d) {
  return shoal::Kernels().inner_product(x, y, d);
}

float fvec_norm_L2sqr(const float* x, size_t d) { return shoal::Kernels().norm_l2sqr(x, d); }

void fvec_L2sqr_ny(float* dis, const float* x, const float* y, size_t d, size_t ny) {
  shoal::Kernels().l2sqr_ny(dis, x, y, d, ny);
}

void fvec_inner_products_ny(float* ip, const float* x, const float* y, size_t d, size_t ny) {
  shoal::Kernels().inner_products_ny(ip, x, y, d, ny);
}

size_t fvec_L2sqr_ny_nearest(float* distances_tmp_buffer, const float* x, const float* y, size_t d, size_t ny) {
  return shoal::Kernels().l2sqr_ny_nearest(distances_tmp_buffer, x, y, d, ny);
}

void fvec_madd(size_t n, const float* a, float bf, const float* b, float* c) {
  shoal::Kernels().madd(n, a, bf, b, c);
}

int fvec_madd_and_argmin(size_t n, const float* a, float bf, const float* b, float* c) {
  return shoal::Kernels().madd_and_argmin(n, a, bf, b, c);
}

}  // namespace faiss
