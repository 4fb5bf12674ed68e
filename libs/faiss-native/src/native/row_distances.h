// Exact distances from one query to chosen rows of a row-major float matrix (the re-rank step).
#pragma once

#include <napi.h>

namespace shoal {

// rowDistances(metric, query, base, rows, out): engine distances, lower is better.
Napi::Value RowDistancesJs(const Napi::CallbackInfo& info);

}  // namespace shoal
