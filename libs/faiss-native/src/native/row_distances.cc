// The re-rank of an IVF-PQ search computes exact distances from each query to ~k·refine stored
// vectors. In JavaScript that loop (float64, no SIMD) was ~0.17 ms of CPU per query at d = 784,
// more than the Faiss search itself once the AVX2 kernels were in. Here it goes through Faiss's
// own fvec_L2sqr / fvec_inner_product / fvec_norm_L2sqr, i.e. the dispatched kernels of
// distance_kernels.cc. Synchronous: 100 rows of 784 floats take a few microseconds.
#include "row_distances.h"

#include <faiss/utils/distances.h>

#include <cmath>
#include <cstdint>
#include <string>

#include "errors.h"

namespace shoal {
namespace {

enum class RowMetric { kL2, kIp, kCosine };

RowMetric ParseRowMetric(const Napi::Value& value) {
  const std::string metric = RequireString(value, "metric");
  if (metric == "l2") return RowMetric::kL2;
  if (metric == "ip") return RowMetric::kIp;
  if (metric == "cosine") return RowMetric::kCosine;
  throw Napi::RangeError::New(value.Env(), "metric must be 'l2', 'ip' or 'cosine', got '" + metric + "'");
}

Napi::TypedArrayOf<int32_t> RequireInt32Array(const Napi::Value& value, const char* name) {
  if (!value.IsTypedArray() || value.As<Napi::TypedArray>().TypedArrayType() != napi_int32_array) {
    throw Napi::TypeError::New(value.Env(), std::string(name) + " must be an Int32Array, got " + DescribeJsType(value));
  }
  return value.As<Napi::TypedArrayOf<int32_t>>();
}

}  // namespace

Napi::Value RowDistancesJs(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const RowMetric metric = ParseRowMetric(info[0]);
  Napi::TypedArrayOf<float> query = RequireFloat32Array(info[1], "query");
  Napi::TypedArrayOf<float> base = RequireFloat32Array(info[2], "base");
  Napi::TypedArrayOf<int32_t> rows = RequireInt32Array(info[3], "rows");
  Napi::TypedArrayOf<float> out = RequireFloat32Array(info[4], "out");
  const size_t d = query.ElementLength();
  if (d == 0) throw Napi::RangeError::New(env, "query must not be empty");
  const size_t n = rows.ElementLength();
  if (out.ElementLength() < n) {
    throw Napi::RangeError::New(env, "out has " + std::to_string(out.ElementLength()) + " floats, needs " + std::to_string(n));
  }
  const size_t baseRows = base.ElementLength() / d;
  const float* q = query.Data();
  const float* b = base.Data();
  const int32_t* r = rows.Data();
  // Checked before anything is computed: a bad row leaves `out` untouched.
  for (size_t i = 0; i < n; i++) {
    if (r[i] < 0 || static_cast<size_t>(r[i]) >= baseRows) {
      throw Napi::RangeError::New(env, "rows[" + std::to_string(i) + "] = " + std::to_string(r[i]) + " is outside base (" +
                                           std::to_string(baseRows) + " rows of " + std::to_string(d) + ")");
    }
  }
  float* o = out.Data();
  for (size_t i = 0; i < n; i++) {
    const float* row = b + static_cast<size_t>(r[i]) * d;
    switch (metric) {
      case RowMetric::kL2:
        o[i] = faiss::fvec_L2sqr(q, row, d);
        break;
      case RowMetric::kIp:
        o[i] = -faiss::fvec_inner_product(q, row, d);
        break;
      case RowMetric::kCosine: {
        // `query` is unit-normalised by the caller; the row's norm is taken here (0 → distance 1).
        const float norm = std::sqrt(faiss::fvec_norm_L2sqr(row, d));
        o[i] = norm > 0 ? 1 - faiss::fvec_inner_product(q, row, d) / norm : 1;
        break;
      }
    }
  }
  return env.Undefined();
}

}  // namespace shoal
