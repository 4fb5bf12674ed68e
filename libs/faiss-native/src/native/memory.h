// Real bytes held by an index (vector capacities, not sizes) and shrinking them.
#pragma once

#include <faiss/Index.h>

#include <cstddef>

namespace shoal {

struct MemoryUsage {
  size_t codes = 0;      // per-vector codes: inverted-list codes, flat codes, refine codes
  size_t ids = 0;        // stored ids: inverted-list ids, IndexIDMap id_map (+ rev_map estimate)
  size_t quantizer = 0;  // coarse quantizer: flat centroids or the whole HNSW (graph + storage)
  size_t other = 0;      // PQ/SQ tables, transforms, an HNSW graph over the data, list headers

  size_t Total() const { return codes + ids + quantizer + other; }
};

MemoryUsage MeasureMemory(const faiss::Index& index);

// shrink_to_fit every growable buffer, so codes+ids ~= ntotal*(code_size+8) for IVF indexes.
// The caller holds the exclusive lock.
void CompactIndex(faiss::Index& index);

}  // namespace shoal
