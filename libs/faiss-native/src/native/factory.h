// faiss::index_factory plus what Shoal needs around it.
#pragma once

#include <faiss/Index.h>

#include <memory>
#include <string>

namespace shoal {

// Builds the index for `descriptor`, wrapping it in IndexIDMap2 when it cannot add_with_ids
// ("Flat", "PQ16", "HNSW32"...). Throws std::invalid_argument with a message saying what to fix.
std::unique_ptr<faiss::Index> CreateIndex(int dimension, const std::string& descriptor, faiss::MetricType metric);

const char* MetricName(faiss::MetricType metric);

}  // namespace shoal
