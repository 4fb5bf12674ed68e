#include "index_workers.h"

#include <faiss/impl/IDSelector.h>
#include <faiss/impl/io.h>
#include <faiss/index_io.h>
#include <omp.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <stdexcept>
#include <utility>
#include <vector>

#include "errors.h"
#include "pinned_array.h"
#include "promise_worker.h"
#include "search.h"
#include "typed_output.h"

namespace shoal {
namespace {

void RequireTrained(const faiss::Index& index, const IndexFacts& facts) {
  if (!index.is_trained) {
    throw std::logic_error("index is not trained: call train() with at least " +
                           std::to_string(std::max<size_t>(facts.training.Minimum(), 1)) + " vectors first");
  }
}

// The search both paths share, under a read lock the caller holds: results sized nq × k.
void SearchTrained(const faiss::Index& index, const IndexFacts& facts, const SearchRequest& request,
                   std::vector<float>& distances, std::vector<int64_t>& labels) {
  RequireTrained(index, facts);
  distances.resize(request.nq * request.k);
  labels.resize(request.nq * request.k);
  SearchIndex(index, request, distances.data(), labels.data());
}

Napi::Object SearchResult(Napi::Env env, std::vector<float>&& distances, std::vector<int64_t>&& labels) {
  Napi::Object result = Napi::Object::New(env);
  result.Set("distances", MoveToTypedArray(env, std::move(distances)));
  result.Set("labels", MoveToTypedArray(env, std::move(labels)));
  return result;
}

class TrainWorker : public PromiseWorker {
 public:
  TrainWorker(Napi::Env env, HolderPtr holder, const Napi::TypedArrayOf<float>& vectors)
      : PromiseWorker(env), holder_(std::move(holder)), vectors_(vectors) {}

 private:
  void Run() override {
    const IndexFacts& facts = holder_->facts();
    const size_t n = vectors_.size() / facts.dimension;
    if (n < facts.training.Minimum()) throw std::invalid_argument(facts.training.ShortfallMessage(n));
    CheckFinite(vectors_.data(), vectors_.size(), "vectors");
    ExclusiveAccess access(*holder_);
    if (access.index().ntotal > 0) {
      // Retraining would silently invalidate the codes already stored.
      throw std::logic_error("index already holds " + std::to_string(access.index().ntotal) +
                             " vectors: train a new index instead");
    }
    access.index().train(static_cast<faiss::Index::idx_t>(n), vectors_.data());
  }

  HolderPtr holder_;
  PinnedArray<float> vectors_;
};

class AddWorker : public PromiseWorker {
 public:
  AddWorker(Napi::Env env, HolderPtr holder, const Napi::TypedArrayOf<float>& vectors,
            const Napi::TypedArrayOf<int64_t>& ids)
      : PromiseWorker(env), holder_(std::move(holder)), vectors_(vectors), ids_(ids) {}

 private:
  void Run() override {
    CheckFinite(vectors_.data(), vectors_.size(), "vectors");
    ExclusiveAccess access(*holder_);
    RequireTrained(access.index(), holder_->facts());
    if (ids_.size() == 0) return;
    access.index().add_with_ids(static_cast<faiss::Index::idx_t>(ids_.size()), vectors_.data(), ids_.data());
  }

  HolderPtr holder_;
  PinnedArray<float> vectors_;
  PinnedArray<int64_t> ids_;
};

class SearchWorker : public PromiseWorker {
 public:
  SearchWorker(Napi::Env env, HolderPtr holder, const SearchArgs& args)
      : PromiseWorker(env), holder_(std::move(holder)), queries_(args.queries), k_(args.k), nprobe_(args.nprobe) {
    if (args.allowedIds) allowedIds_ = PinnedArray<int64_t>(*args.allowedIds);
  }

 private:
  void Run() override {
    const size_t nq = queries_.size() / holder_->facts().dimension;
    CheckFinite(queries_.data(), queries_.size(), "queries");
    SearchRequest request{queries_.data(), nq, k_, nprobe_, !allowedIds_.empty(), allowedIds_.data(),
                          allowedIds_.size()};
    SharedAccess access(*holder_);
    SearchTrained(access.index(), holder_->facts(), request, distances_, labels_);
  }

  Napi::Value Result(Napi::Env env) override { return SearchResult(env, std::move(distances_), std::move(labels_)); }

  HolderPtr holder_;
  PinnedArray<float> queries_;
  PinnedArray<int64_t> allowedIds_;
  size_t k_;
  size_t nprobe_;
  std::vector<float> distances_;
  std::vector<int64_t> labels_;
};

class RemoveWorker : public PromiseWorker {
 public:
  RemoveWorker(Napi::Env env, HolderPtr holder, const Napi::TypedArrayOf<int64_t>& ids)
      : PromiseWorker(env), holder_(std::move(holder)), ids_(ids) {}

 private:
  void Run() override {
    const faiss::IDSelectorBatch selector(ids_.size(), ids_.data());
    ExclusiveAccess access(*holder_);
    removed_ = access.index().remove_ids(selector);
  }

  Napi::Value Result(Napi::Env env) override { return Napi::Number::New(env, static_cast<double>(removed_)); }

  HolderPtr holder_;
  PinnedArray<int64_t> ids_;
  size_t removed_ = 0;
};

class CompactWorker : public PromiseWorker {
 public:
  CompactWorker(Napi::Env env, HolderPtr holder) : PromiseWorker(env), holder_(std::move(holder)) {}

 private:
  void Run() override {
    ExclusiveAccess access(*holder_);
    CompactIndex(access.index());
  }

  HolderPtr holder_;
};

class SerializeWorker : public PromiseWorker {
 public:
  SerializeWorker(Napi::Env env, HolderPtr holder) : PromiseWorker(env), holder_(std::move(holder)) {}

 private:
  void Run() override {
    faiss::VectorIOWriter writer;
    // The file is about the index's size: reserving avoids doubling reallocations (and 2x slack).
    writer.data.reserve(holder_->snapshot().memory.Total() + (1 << 16));
    SharedAccess access(*holder_);
    faiss::write_index(&access.index(), &writer);
    bytes_ = std::move(writer.data);
  }

  Napi::Value Result(Napi::Env env) override { return MoveToBuffer(env, std::move(bytes_)); }

  HolderPtr holder_;
  std::vector<uint8_t> bytes_;
};

class WriteFileWorker : public PromiseWorker {
 public:
  WriteFileWorker(Napi::Env env, HolderPtr holder, std::string path)
      : PromiseWorker(env), holder_(std::move(holder)), path_(std::move(path)) {}

 private:
  void Run() override {
    // Write beside the target, then rename: a reader never sees a half-written index file.
    static std::atomic<unsigned> sequence{0};
    const std::string temporary = path_ + ".tmp-" + std::to_string(getpid()) + "-" + std::to_string(sequence++);
    try {
      SharedAccess access(*holder_);
      faiss::write_index(&access.index(), temporary.c_str());
    } catch (const std::logic_error&) {
      throw;  // "index disposed": nothing was written
    } catch (const std::exception& error) {
      std::remove(temporary.c_str());
      throw std::runtime_error("could not write the index to " + path_ + ": " + CleanMessage(error));
    }
    if (std::rename(temporary.c_str(), path_.c_str()) != 0) {
      std::remove(temporary.c_str());
      throw std::runtime_error("could not rename the written index to " + path_);
    }
  }

  HolderPtr holder_;
  std::string path_;
};

}  // namespace

// Workers delete themselves after settling (see PromiseWorker::Start).
Napi::Promise StartTrain(Napi::Env env, HolderPtr holder, const Napi::TypedArrayOf<float>& vectors) {
  return (new TrainWorker(env, std::move(holder), vectors))->Start();
}

Napi::Promise StartAdd(Napi::Env env, HolderPtr holder, const Napi::TypedArrayOf<float>& vectors,
                       const Napi::TypedArrayOf<int64_t>& ids) {
  return (new AddWorker(env, std::move(holder), vectors, ids))->Start();
}

Napi::Promise StartSearch(Napi::Env env, HolderPtr holder, const SearchArgs& args) {
  return (new SearchWorker(env, std::move(holder), args))->Start();
}

Napi::Value SearchNow(Napi::Env env, const HolderPtr& holder, const SearchArgs& args) {
  TrySharedAccess access(*holder);
  if (!access.acquired()) return env.Null();
  const size_t nq = args.queries.ElementLength() / holder->facts().dimension;
  std::vector<float> distances;
  std::vector<int64_t> labels;
  try {
    CheckFinite(args.queries.Data(), args.queries.ElementLength(), "queries");
    // On the JS thread Faiss runs alone: no OpenMP team is started from the event loop.
    omp_set_num_threads(1);
    SearchRequest request{args.queries.Data(), nq, args.k, args.nprobe, args.allowedIds.has_value(),
                          args.allowedIds ? args.allowedIds->Data() : nullptr,
                          args.allowedIds ? args.allowedIds->ElementLength() : 0};
    SearchTrained(access.index(), holder->facts(), request, distances, labels);
  } catch (const std::exception& error) {
    throw Napi::Error::New(env, CleanMessage(error));
  }
  return SearchResult(env, std::move(distances), std::move(labels));
}

Napi::Promise StartRemove(Napi::Env env, HolderPtr holder, const Napi::TypedArrayOf<int64_t>& ids) {
  return (new RemoveWorker(env, std::move(holder), ids))->Start();
}

Napi::Promise StartCompact(Napi::Env env, HolderPtr holder) {
  return (new CompactWorker(env, std::move(holder)))->Start();
}

Napi::Promise StartSerialize(Napi::Env env, HolderPtr holder) {
  return (new SerializeWorker(env, std::move(holder)))->Start();
}

Napi::Promise StartWriteFile(Napi::Env env, HolderPtr holder, std::string path) {
  return (new WriteFileWorker(env, std::move(holder), std::move(path)))->Start();
}

}  // namespace shoal
