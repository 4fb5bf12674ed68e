#include "load_workers.h"

#include <faiss/index_io.h>

#include <memory>
#include <stdexcept>
#include <utility>

#include "errors.h"
#include "index_holder.h"
#include "index_wrap.h"
#include "pinned_array.h"
#include "promise_worker.h"
#include "span_reader.h"

namespace shoal {
namespace {

std::shared_ptr<IndexHolder> Adopt(std::unique_ptr<faiss::Index> index) {
  if (index->metric_type != faiss::METRIC_L2 && index->metric_type != faiss::METRIC_INNER_PRODUCT) {
    throw std::invalid_argument("the loaded index uses metric type " + std::to_string(index->metric_type) +
                                "; only l2 and ip are supported");
  }
  std::string descriptor = Describe(*index);
  return std::make_shared<IndexHolder>(std::move(index), std::move(descriptor));
}

// Runs a faiss reader, prefixing its errors with what was being read.
template <typename ReadFn>
std::unique_ptr<faiss::Index> Read(ReadFn read, const std::string& context) {
  try {
    return std::unique_ptr<faiss::Index>(read());
  } catch (const std::exception& error) {
    throw std::runtime_error(context + CleanMessage(error));
  }
}

class LoadWorker : public PromiseWorker {
 protected:
  using PromiseWorker::PromiseWorker;
  std::shared_ptr<IndexHolder> holder_;

 private:
  Napi::Value Result(Napi::Env env) override { return IndexWrap::NewInstance(env, holder_); }
};

class LoadFromBufferWorker : public LoadWorker {
 public:
  LoadFromBufferWorker(Napi::Env env, const Napi::TypedArrayOf<uint8_t>& bytes) : LoadWorker(env), bytes_(bytes) {}

 private:
  void Run() override {
    SpanReader reader(bytes_.data(), bytes_.size());
    holder_ = Adopt(Read([&reader] { return faiss::read_index(&reader); }, "invalid index buffer: "));
  }

  PinnedArray<uint8_t> bytes_;
};

class LoadFromFileWorker : public LoadWorker {
 public:
  LoadFromFileWorker(Napi::Env env, std::string path) : LoadWorker(env), path_(std::move(path)) {}

 private:
  void Run() override {
    holder_ = Adopt(Read([this] { return faiss::read_index(path_.c_str()); }, "could not load index file " + path_ + ": "));
  }

  std::string path_;
};

}  // namespace

Napi::Promise StartLoadFromBuffer(Napi::Env env, const Napi::TypedArrayOf<uint8_t>& bytes) {
  return (new LoadFromBufferWorker(env, bytes))->Start();
}

Napi::Promise StartLoadFromFile(Napi::Env env, std::string path) {
  return (new LoadFromFileWorker(env, std::move(path)))->Start();
}

}  // namespace shoal
