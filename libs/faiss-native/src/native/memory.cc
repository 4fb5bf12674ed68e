#include "memory.h"

#include <faiss/IndexFlatCodes.h>
#include <faiss/IndexHNSW.h>
#include <faiss/IndexIDMap.h>
#include <faiss/IndexIVF.h>
#include <faiss/IndexIVFPQ.h>
#include <faiss/IndexIVFPQFastScan.h>
#include <faiss/IndexPQ.h>
#include <faiss/IndexPreTransform.h>
#include <faiss/IndexRefine.h>
#include <faiss/IndexScalarQuantizer.h>
#include <faiss/VectorTransform.h>
#include <faiss/invlists/BlockInvertedLists.h>
#include <faiss/invlists/InvertedLists.h>

#include <vector>

namespace shoal {
namespace {

// Everything under a coarse quantizer is counted as quantizer memory.
enum class Role { Data, Quantizer };

template <typename T>
size_t CapacityBytes(const std::vector<T>& values) {
  return values.capacity() * sizeof(T);
}

struct Tally {
  MemoryUsage& usage;
  Role role;
  void Codes(size_t bytes) { (role == Role::Quantizer ? usage.quantizer : usage.codes) += bytes; }
  void Ids(size_t bytes) { (role == Role::Quantizer ? usage.quantizer : usage.ids) += bytes; }
  void Other(size_t bytes) { (role == Role::Quantizer ? usage.quantizer : usage.other) += bytes; }
};

void MeasureInvertedLists(const faiss::InvertedLists* lists, Tally tally) {
  if (auto array = dynamic_cast<const faiss::ArrayInvertedLists*>(lists)) {
    for (const auto& codes : array->codes) tally.Codes(CapacityBytes(codes));
    for (const auto& ids : array->ids) tally.Ids(CapacityBytes(ids));
    tally.Other(CapacityBytes(array->codes) + CapacityBytes(array->ids));
  } else if (auto blocks = dynamic_cast<const faiss::BlockInvertedLists*>(lists)) {
    for (const auto& codes : blocks->codes) tally.Codes(codes.nbytes());
    for (const auto& ids : blocks->ids) tally.Ids(CapacityBytes(ids));
  }
}

void Measure(const faiss::Index* index, Role role, MemoryUsage& usage) {
  if (index == nullptr) return;
  Tally tally{usage, role};
  if (auto map = dynamic_cast<const faiss::IndexIDMap*>(index)) {
    tally.Ids(CapacityBytes(map->id_map));
    if (auto map2 = dynamic_cast<const faiss::IndexIDMap2*>(index)) {
      // Estimate for libstdc++'s unordered_map: one pointer per bucket, a 32-byte node per entry.
      tally.Ids(map2->rev_map.bucket_count() * sizeof(void*) + map2->rev_map.size() * 32);
    }
    Measure(map->index, role, usage);
  } else if (auto transform = dynamic_cast<const faiss::IndexPreTransform*>(index)) {
    for (const faiss::VectorTransform* step : transform->chain) {
      if (auto linear = dynamic_cast<const faiss::LinearTransform*>(step)) {
        tally.Other(CapacityBytes(linear->A) + CapacityBytes(linear->b));
      }
    }
    Measure(transform->index, role, usage);
  } else if (auto ivf = dynamic_cast<const faiss::IndexIVF*>(index)) {
    Measure(ivf->quantizer, Role::Quantizer, usage);
    MeasureInvertedLists(ivf->invlists, tally);
    if (auto pq = dynamic_cast<const faiss::IndexIVFPQ*>(index)) {
      tally.Other(CapacityBytes(pq->pq.centroids) + pq->precomputed_table.nbytes());
    } else if (auto pq = dynamic_cast<const faiss::IndexIVFPQFastScan*>(index)) {
      tally.Other(CapacityBytes(pq->pq.centroids) + pq->precomputed_table.nbytes());
    } else if (auto sq = dynamic_cast<const faiss::IndexIVFScalarQuantizer*>(index)) {
      tally.Other(CapacityBytes(sq->sq.trained));
    }
  } else if (auto hnsw = dynamic_cast<const faiss::IndexHNSW*>(index)) {
    Measure(hnsw->storage, role, usage);
    const faiss::HNSW& graph = hnsw->hnsw;
    tally.Other(CapacityBytes(graph.neighbors) + CapacityBytes(graph.offsets) + CapacityBytes(graph.levels));
  } else if (auto refine = dynamic_cast<const faiss::IndexRefine*>(index)) {
    Measure(refine->base_index, role, usage);
    Measure(refine->refine_index, role, usage);
  } else if (auto flat = dynamic_cast<const faiss::IndexFlatCodes*>(index)) {
    tally.Codes(CapacityBytes(flat->codes));
    if (auto pq = dynamic_cast<const faiss::IndexPQ*>(index)) tally.Other(CapacityBytes(pq->pq.centroids));
    if (auto sq = dynamic_cast<const faiss::IndexScalarQuantizer*>(index)) tally.Other(CapacityBytes(sq->sq.trained));
  }
}

void Compact(faiss::Index* index) {
  if (index == nullptr) return;
  if (auto map = dynamic_cast<faiss::IndexIDMap*>(index)) {
    map->id_map.shrink_to_fit();
    Compact(map->index);
  } else if (auto transform = dynamic_cast<faiss::IndexPreTransform*>(index)) {
    Compact(transform->index);
  } else if (auto ivf = dynamic_cast<faiss::IndexIVF*>(index)) {
    if (auto array = dynamic_cast<faiss::ArrayInvertedLists*>(ivf->invlists)) {
      for (auto& codes : array->codes) codes.shrink_to_fit();
      for (auto& ids : array->ids) ids.shrink_to_fit();
    }
  } else if (auto hnsw = dynamic_cast<faiss::IndexHNSW*>(index)) {
    hnsw->hnsw.neighbors.shrink_to_fit();
    hnsw->hnsw.offsets.shrink_to_fit();
    hnsw->hnsw.levels.shrink_to_fit();
    Compact(hnsw->storage);
  } else if (auto refine = dynamic_cast<faiss::IndexRefine*>(index)) {
    Compact(refine->base_index);
    Compact(refine->refine_index);
  } else if (auto flat = dynamic_cast<faiss::IndexFlatCodes*>(index)) {
    flat->codes.shrink_to_fit();
  }
}

}  // namespace

MemoryUsage MeasureMemory(const faiss::Index& index) {
  MemoryUsage usage;
  Measure(&index, Role::Data, usage);
  return usage;
}

void CompactIndex(faiss::Index& index) { Compact(&index); }

}  // namespace shoal
