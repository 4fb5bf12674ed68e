// One search request against a faiss::Index, with per-request nprobe and an id allow-list.
#pragma once

#include <faiss/Index.h>

#include <cstddef>
#include <cstdint>

namespace shoal {

struct SearchRequest {
  const float* queries = nullptr;
  size_t nq = 0;
  size_t k = 0;
  size_t nprobe = 0;  // 0: the index's own setting
  bool filtered = false;
  const int64_t* allowedIds = nullptr;
  size_t allowedCount = 0;
};

// distances and labels hold nq*k entries; empty slots get label -1.
// Safe to call concurrently under a shared lock (reads the index only).
void SearchIndex(const faiss::Index& index, const SearchRequest& request, float* distances, int64_t* labels);

}  // namespace shoal
