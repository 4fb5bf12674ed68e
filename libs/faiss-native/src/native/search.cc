#include "search.h"

#include <faiss/IndexFlat.h>
#include <faiss/IndexHNSW.h>
#include <faiss/IndexIDMap.h>
#include <faiss/IndexIVF.h>
#include <faiss/IndexIVFFastScan.h>
#include <faiss/IndexPreTransform.h>
#include <faiss/impl/DistanceComputer.h>
#include <faiss/impl/IDSelector.h>
#include <omp.h>

#include <algorithm>
#include <limits>
#include <memory>
#include <stdexcept>
#include <utility>
#include <vector>

#include "inspect.h"

namespace shoal {
namespace {

using idx_t = faiss::Index::idx_t;
using OwnedParams = std::vector<std::unique_ptr<faiss::SearchParameters>>;

// Parameters for the IVF level (possibly behind transforms), or null when none applies.
faiss::SearchParameters* BuildParams(const faiss::Index* index, const SearchRequest& request,
                                     faiss::IDSelector* selector, OwnedParams& owned) {
  if (auto ivf = dynamic_cast<const faiss::IndexIVF*>(index)) {
    if (dynamic_cast<const faiss::IndexIVFFastScan*>(index) != nullptr) {
      throw std::invalid_argument("nprobe and allowedIds are not supported for IVF fast-scan indexes in faiss 1.7.3");
    }
    auto params = std::make_unique<faiss::SearchParametersIVF>();
    // The defaults of SearchParametersIVF (nprobe=1) would override the index's own settings.
    params->nprobe = request.nprobe != 0 ? request.nprobe : ivf->nprobe;
    params->max_codes = ivf->max_codes;
    params->sel = selector;
    owned.push_back(std::move(params));
    return owned.back().get();
  }
  if (auto transform = dynamic_cast<const faiss::IndexPreTransform*>(index)) {
    faiss::SearchParameters* inner = BuildParams(transform->index, request, selector, owned);
    if (inner == nullptr) return nullptr;
    auto params = std::make_unique<faiss::SearchParametersPreTransform>();
    params->index_params = inner;
    owned.push_back(std::move(params));
    return owned.back().get();
  }
  if (selector != nullptr && dynamic_cast<const faiss::IndexFlat*>(index) != nullptr) {
    // A bare IndexFlat labels vectors by position, so the selector applies as is.
    auto params = std::make_unique<faiss::SearchParameters>();
    params->sel = selector;
    owned.push_back(std::move(params));
    return owned.back().get();
  }
  return nullptr;
}

// Positions in the wrapped index of the allowed ids that are present.
std::vector<idx_t> AllowedPositions(const faiss::IndexIDMap& map, const SearchRequest& request) {
  std::vector<idx_t> positions;
  if (auto map2 = dynamic_cast<const faiss::IndexIDMap2*>(&map)) {
    positions.reserve(request.allowedCount);
    for (size_t i = 0; i < request.allowedCount; ++i) {
      auto found = map2->rev_map.find(request.allowedIds[i]);
      if (found != map2->rev_map.end()) positions.push_back(found->second);
    }
    std::sort(positions.begin(), positions.end());
    positions.erase(std::unique(positions.begin(), positions.end()), positions.end());
  } else {
    const faiss::IDSelectorBatch allowed(request.allowedCount, request.allowedIds);
    for (size_t position = 0; position < map.id_map.size(); ++position) {
      if (allowed.is_member(map.id_map[position])) positions.push_back(static_cast<idx_t>(position));
    }
  }
  return positions;
}

std::unique_ptr<faiss::DistanceComputer> NewDistanceComputer(const faiss::Index& index) {
  // HNSW's own computer negates inner products; its storage's gives the raw metric.
  const faiss::Index* target = &index;
  if (auto hnsw = dynamic_cast<const faiss::IndexHNSW*>(target)) target = hnsw->storage;
  try {
    return std::unique_ptr<faiss::DistanceComputer>(target->get_distance_computer());
  } catch (const std::exception&) {
    throw std::invalid_argument("allowedIds is not supported for index type " + Describe(index) +
                                " (it has no distance computer in faiss 1.7.3)");
  }
}

// faiss 1.7.3's IndexIDMap::search rejects SearchParameters, and HNSW's filtered graph walk
// misses results when few ids are allowed. So: exact scan of the allowed subset, using the
// index's own codes and metric. Cost O(nq * |allowed| * code scan).
void SearchAllowedSubset(const faiss::IndexIDMap& map, const SearchRequest& request, float* distances,
                         idx_t* labels) {
  const std::vector<idx_t> positions = AllowedPositions(map, request);
  const bool largerIsBetter = map.metric_type == faiss::METRIC_INNER_PRODUCT;
  const float emptyDistance = largerIsBetter ? -std::numeric_limits<float>::max() : std::numeric_limits<float>::max();
  const int threads = omp_get_max_threads();

  // Allocated here: nothing may throw inside the OpenMP region.
  std::vector<std::unique_ptr<faiss::DistanceComputer>> computers;
  for (int t = 0; t < threads; ++t) computers.push_back(NewDistanceComputer(*map.index));
  std::vector<std::vector<std::pair<float, idx_t>>> scratch(threads,
                                                            std::vector<std::pair<float, idx_t>>(positions.size()));
  const auto better = [largerIsBetter](const std::pair<float, idx_t>& a, const std::pair<float, idx_t>& b) {
    if (a.first != b.first) return largerIsBetter ? a.first > b.first : a.first < b.first;
    return a.second < b.second;
  };
  const int64_t nq = static_cast<int64_t>(request.nq);
  const size_t k = request.k;

#pragma omp parallel for num_threads(threads) schedule(dynamic)
  for (int64_t q = 0; q < nq; ++q) {
    faiss::DistanceComputer& distance = *computers[omp_get_thread_num()];
    std::vector<std::pair<float, idx_t>>& scored = scratch[omp_get_thread_num()];
    distance.set_query(request.queries + q * map.d);
    for (size_t j = 0; j < positions.size(); ++j) {
      scored[j] = {distance(positions[j]), map.id_map[positions[j]]};
    }
    const size_t kept = std::min(k, scored.size());
    std::partial_sort(scored.begin(), scored.begin() + kept, scored.end(), better);
    for (size_t j = 0; j < k; ++j) {
      distances[q * k + j] = j < kept ? scored[j].first : emptyDistance;
      labels[q * k + j] = j < kept ? scored[j].second : -1;
    }
  }
}

}  // namespace

void SearchIndex(const faiss::Index& index, const SearchRequest& request, float* distances, int64_t* labels) {
  if (request.nq == 0) return;
  if (request.filtered) {
    if (auto map = dynamic_cast<const faiss::IndexIDMap*>(&index)) {
      SearchAllowedSubset(*map, request, distances, labels);
      return;
    }
  }
  std::unique_ptr<faiss::IDSelectorBatch> selector;
  if (request.filtered) selector = std::make_unique<faiss::IDSelectorBatch>(request.allowedCount, request.allowedIds);
  OwnedParams owned;
  faiss::SearchParameters* params = nullptr;
  if (request.filtered || request.nprobe != 0) params = BuildParams(&index, request, selector.get(), owned);
  if (params == nullptr && request.filtered) {
    throw std::invalid_argument("allowedIds is not supported for index type " + Describe(index));
  }
  // nprobe without an IVF level is ignored, as documented.
  index.search(static_cast<idx_t>(request.nq), request.queries, static_cast<idx_t>(request.k), distances, labels,
               params);
}

}  // namespace shoal
