#include "index_holder.h"

#include <stdexcept>
#include <utility>

namespace shoal {
namespace {

IndexFacts ReadFacts(const faiss::Index& index, std::string descriptor) {
  const faiss::IndexIVF* ivf = FindIvf(index);
  return IndexFacts{static_cast<int>(index.d), index.metric_type, std::move(descriptor), CodeSize(index),
                    ivf != nullptr ? static_cast<int64_t>(ivf->nlist) : -1, FindTrainingNeeds(index)};
}

}  // namespace

IndexHolder::IndexHolder(std::unique_ptr<faiss::Index> index, std::string descriptor)
    : index_(std::move(index)), facts_(ReadFacts(*index_, std::move(descriptor))) {
  RefreshSnapshot();
}

IndexSnapshot IndexHolder::snapshot() const {
  std::lock_guard<std::mutex> guard(snapshotMutex_);
  return snapshot_;
}

void IndexHolder::Dispose() {
  std::unique_lock<std::shared_mutex> lock(mutex_);
  if (!index_) throw std::logic_error("index disposed");
  index_.reset();
  disposed_.store(true);
}

faiss::Index& IndexHolder::Live() {
  if (!index_) throw std::logic_error("index disposed");
  return *index_;
}

void IndexHolder::RefreshSnapshot() {
  if (!index_) return;
  IndexSnapshot fresh{index_->ntotal, index_->is_trained, MeasureMemory(*index_)};
  std::lock_guard<std::mutex> guard(snapshotMutex_);
  snapshot_ = fresh;
}

}  // namespace shoal
