#include "factory.h"

#include <faiss/IndexHNSW.h>
#include <faiss/IndexIDMap.h>
#include <faiss/IndexIVFPQ.h>
#include <faiss/IndexPQ.h>
#include <faiss/IndexPreTransform.h>
#include <faiss/index_factory.h>

#include <regex>
#include <sstream>
#include <stdexcept>

#include "errors.h"
#include "inspect.h"

namespace shoal {
namespace {

[[noreturn]] void ThrowPqDoesNotDivide(int m, int dimension) {
  throw std::invalid_argument("PQ m=" + std::to_string(m) + " must divide the dimension " + std::to_string(dimension));
}

// Faiss reports "'d % M == 0' failed" without saying which M or d; check first so the message
// can name them. Follows the dimension through leading transforms (PCA64, RR64, OPQ16_64).
void CheckPqDividesDimension(const std::string& descriptor, int dimension) {
  static const std::regex transform(R"(^(?:PCAW?R?|RR)(\d+)$)");
  static const std::regex opq(R"(^OPQ(\d+)(?:_(\d+))?$)");
  static const std::regex pq(R"((?:^|[^A-Za-z])PQ(\d+))");
  int d = dimension;
  std::stringstream tokens(descriptor);
  std::string token;
  std::smatch match;
  while (std::getline(tokens, token, ',')) {
    if (std::regex_match(token, match, transform)) {
      d = std::stoi(match[1]);
    } else if (std::regex_match(token, match, opq)) {
      const int m = std::stoi(match[1]);
      if (match[2].matched) d = std::stoi(match[2]);
      if (m > 0 && d % m != 0) ThrowPqDoesNotDivide(m, d);
    } else if (std::regex_search(token, match, pq)) {
      const int m = std::stoi(match[1]);
      if (m > 0 && d % m != 0) ThrowPqDoesNotDivide(m, d);
    }
  }
}

// index_factory turns on polysemous training for PQ codecs (unless the descriptor ends in
// "np"). It only serves polysemous search (polysemous_ht > 0), which this API never enables,
// and it costs most of the training time (measured: 45 s of 53 s for IVF32,PQ8 on 10k vectors).
void DisablePolysemousTraining(faiss::Index* index) {
  if (auto ivfpq = dynamic_cast<faiss::IndexIVFPQ*>(index)) ivfpq->do_polysemous_training = false;
  if (auto pq = dynamic_cast<faiss::IndexPQ*>(index)) pq->do_polysemous_training = false;
  if (auto transform = dynamic_cast<faiss::IndexPreTransform*>(index)) DisablePolysemousTraining(transform->index);
  if (auto hnsw = dynamic_cast<faiss::IndexHNSW*>(index)) DisablePolysemousTraining(hnsw->storage);
}

}  // namespace

const char* MetricName(faiss::MetricType metric) {
  switch (metric) {
    case faiss::METRIC_L2: return "l2";
    case faiss::METRIC_INNER_PRODUCT: return "ip";
    default: return "unsupported";
  }
}

std::unique_ptr<faiss::Index> CreateIndex(int dimension, const std::string& descriptor, faiss::MetricType metric) {
  CheckPqDividesDimension(descriptor, dimension);
  std::unique_ptr<faiss::Index> index;
  try {
    index.reset(faiss::index_factory(dimension, descriptor.c_str(), metric));
  } catch (const std::exception& error) {
    throw std::invalid_argument("invalid index descriptor '" + descriptor + "': " + CleanMessage(error));
  }
  // Some 1.7.3 constructors (e.g. "HNSW32_PQ16") drop the metric: say so rather than search with L2.
  if (index->metric_type != metric) {
    throw std::invalid_argument("index descriptor '" + descriptor + "' does not support metric '" +
                                MetricName(metric) + "' in faiss 1.7.3 (it builds an '" +
                                MetricName(index->metric_type) + "' index)");
  }
  DisablePolysemousTraining(index.get());
  if (SupportsAddWithIds(*index)) return index;
  auto wrapped = std::make_unique<faiss::IndexIDMap2>(index.get());
  wrapped->own_fields = true;
  index.release();  // owned by the wrapper now
  return wrapped;
}

}  // namespace shoal
