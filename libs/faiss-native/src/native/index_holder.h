// Owns one faiss::Index and its reader/writer lock. The JS object and every worker hold it
// through a std::shared_ptr, so a worker outlives a garbage-collected JS object safely.
#pragma once

#include <faiss/Index.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>

#include "inspect.h"
#include "memory.h"

namespace shoal {

// Fixed for the life of the index.
struct IndexFacts {
  int dimension;
  faiss::MetricType metric;
  std::string descriptor;
  size_t codeSize;
  int64_t nlist;  // -1 when the index has no IVF level
  TrainingNeeds training;
};

// State copied out after every mutation, so getters read it without waiting for a running
// worker: they never block the event loop, and show the state before the running call.
struct IndexSnapshot {
  int64_t ntotal = 0;
  bool isTrained = false;
  MemoryUsage memory;
};

class IndexHolder {
 public:
  IndexHolder(std::unique_ptr<faiss::Index> index, std::string descriptor);

  const IndexFacts& facts() const { return facts_; }
  IndexSnapshot snapshot() const;
  bool disposed() const { return disposed_.load(); }

  // Frees the index; waits for running workers (it takes the exclusive lock).
  // Throws std::logic_error("index disposed") when already disposed.
  void Dispose();

 private:
  friend class SharedAccess;
  friend class TrySharedAccess;
  friend class ExclusiveAccess;
  faiss::Index& Live();     // caller holds mutex_; throws "index disposed"
  void RefreshSnapshot();   // caller holds mutex_ exclusively

  std::shared_mutex mutex_;  // search/serialize: shared; train/add/remove/compact/dispose: exclusive
  std::unique_ptr<faiss::Index> index_;
  std::atomic<bool> disposed_{false};
  const IndexFacts facts_;
  mutable std::mutex snapshotMutex_;
  IndexSnapshot snapshot_;
};

// Read access for the duration of a worker's Run (shared lock).
class SharedAccess {
 public:
  explicit SharedAccess(IndexHolder& holder) : lock_(holder.mutex_), index_(holder.Live()) {}
  const faiss::Index& index() const { return index_; }

 private:
  std::shared_lock<std::shared_mutex> lock_;
  const faiss::Index& index_;
};

// Read access on the JS thread, only if no writer holds or waits for the lock now: a synchronous
// search must never block the event loop behind a running train/add.
class TrySharedAccess {
 public:
  explicit TrySharedAccess(IndexHolder& holder) : holder_(holder), lock_(holder.mutex_, std::try_to_lock) {}
  bool acquired() const { return lock_.owns_lock(); }
  // Only after acquired(); throws when disposed.
  const faiss::Index& index() const { return holder_.Live(); }

 private:
  IndexHolder& holder_;
  std::shared_lock<std::shared_mutex> lock_;
};

// Write access (exclusive lock). The snapshot is refreshed on the way out, also after a
// failed mutation, which may have changed part of the index.
class ExclusiveAccess {
 public:
  explicit ExclusiveAccess(IndexHolder& holder) : holder_(holder), lock_(holder.mutex_), index_(holder.Live()) {}
  ~ExclusiveAccess() { holder_.RefreshSnapshot(); }
  ExclusiveAccess(const ExclusiveAccess&) = delete;
  ExclusiveAccess& operator=(const ExclusiveAccess&) = delete;
  faiss::Index& index() { return index_; }

 private:
  IndexHolder& holder_;
  std::unique_lock<std::shared_mutex> lock_;
  faiss::Index& index_;
};

}  // namespace shoal
