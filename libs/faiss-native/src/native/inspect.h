// Read-only facts about a faiss::Index, found by walking its wrappers
// (IndexIDMap, IndexPreTransform, IndexRefine, IndexHNSW storage).
#pragma once

#include <faiss/Index.h>
#include <faiss/IndexIVF.h>

#include <cstddef>
#include <string>

namespace shoal {

// How many training vectors the index needs: nlist for the IVF coarse k-means,
// 2^nbits for each PQ codebook's k-means.
struct TrainingNeeds {
  size_t nlist = 0;
  int pqBits = 0;

  size_t Minimum() const;
  // Message for `got` < Minimum(), naming the bound that wins.
  std::string ShortfallMessage(size_t got) const;
};

const faiss::IndexIVF* FindIvf(const faiss::Index& index);
size_t CodeSize(const faiss::Index& index);
TrainingNeeds FindTrainingNeeds(const faiss::Index& index);
// True when add_with_ids works without an IndexIDMap wrapper (IVF, possibly behind transforms).
bool SupportsAddWithIds(const faiss::Index& index);
// A factory-style description ("IVF64_HNSW8,PQ8", "Flat", ...) for loaded indexes.
std::string Describe(const faiss::Index& index);

}  // namespace shoal
