// Module entry: exports the functions typed in ../native.d.ts.
#include <faiss/Index.h>
#include <napi.h>
#include <omp.h>

#include <memory>
#include <string>
#include <utility>

#include "addon_data.h"
#include "distance_kernels.h"
#include "errors.h"
#include "factory.h"
#include "index_holder.h"
#include "index_wrap.h"
#include "load_workers.h"
#include "promise_worker.h"
#include "row_distances.h"
#include "threads.h"

namespace shoal {
namespace {

// Faiss stores the dimension as an int; far beyond any embedding size in use.
constexpr uint32_t kMaxDimension = 1 << 20;
constexpr uint32_t kMaxThreads = 1024;

faiss::MetricType ParseMetric(const Napi::Value& value) {
  const std::string metric = RequireString(value, "metric");
  if (metric == "l2") return faiss::METRIC_L2;
  if (metric == "ip") return faiss::METRIC_INNER_PRODUCT;
  throw Napi::RangeError::New(value.Env(), "metric must be 'l2' or 'ip', got '" + metric + "'");
}

// Synchronous: index_factory only allocates empty structures.
Napi::Value CreateIndexJs(const Napi::CallbackInfo& info) {
  const int dimension = static_cast<int>(RequirePositiveInt(info[0], "dimension", kMaxDimension));
  std::string descriptor = RequireString(info[1], "descriptor");
  const faiss::MetricType metric = ParseMetric(info[2]);
  std::unique_ptr<faiss::Index> index;
  try {
    index = CreateIndex(dimension, descriptor, metric);
  } catch (const std::exception& error) {
    throw Napi::Error::New(info.Env(), CleanMessage(error));
  }
  return IndexWrap::NewInstance(info.Env(), std::make_shared<IndexHolder>(std::move(index), std::move(descriptor)));
}

Napi::Value IndexFromBufferJs(const Napi::CallbackInfo& info) {
  return StartLoadFromBuffer(info.Env(), RequireUint8Array(info[0], "bytes"));
}

Napi::Value IndexFromFileJs(const Napi::CallbackInfo& info) {
  return StartLoadFromFile(info.Env(), RequireString(info[0], "path"));
}

Napi::Value SetNumThreadsJs(const Napi::CallbackInfo& info) {
  SetWorkerThreads(static_cast<int>(RequirePositiveInt(info[0], "threads", kMaxThreads)));
  return info.Env().Undefined();
}

Napi::Value GetNumThreadsJs(const Napi::CallbackInfo& info) { return Napi::Number::New(info.Env(), WorkerThreads()); }

DistanceKernels ParseDistanceKernels(const Napi::Value& value) {
  const std::string kind = RequireString(value, "kind");
  if (kind == "avx2") return DistanceKernels::kAvx2;
  if (kind == "generic") return DistanceKernels::kGeneric;
  throw Napi::RangeError::New(value.Env(), "kind must be 'avx2' or 'generic', got '" + kind + "'");
}

Napi::Value DistanceKernelsJs(const Napi::CallbackInfo& info) {
  return Napi::String::New(info.Env(), DistanceKernelsName(ActiveDistanceKernels()));
}

Napi::Value SetDistanceKernelsJs(const Napi::CallbackInfo& info) {
  const DistanceKernels kind = ParseDistanceKernels(info[0]);
  if (!SetDistanceKernels(kind)) {
    throw Napi::Error::New(info.Env(), std::string("cannot use the '") + DistanceKernelsName(kind) +
                                           "' distance kernels: this CPU lacks AVX2 or FMA");
  }
  return info.Env().Undefined();
}

Napi::Value AvailableDistanceKernelsJs(const Napi::CallbackInfo& info) {
  Napi::Array kinds = Napi::Array::New(info.Env());
  for (const DistanceKernels kind : {DistanceKernels::kAvx2, DistanceKernels::kGeneric}) {
    if (DistanceKernelsSupported(kind)) kinds.Set(kinds.Length(), DistanceKernelsName(kind));
  }
  return kinds;
}

// Reports the OpenMP team size a worker actually gets, so tests can check that
// setNumThreads reaches libuv's pool threads.
class ProbeThreadsWorker : public PromiseWorker {
 public:
  explicit ProbeThreadsWorker(Napi::Env env) : PromiseWorker(env) {}

 private:
  void Run() override {
#pragma omp parallel
    {
#pragma omp single
      threads_ = omp_get_num_threads();
    }
  }
  Napi::Value Result(Napi::Env env) override { return Napi::Number::New(env, threads_); }
  int threads_ = 0;
};

Napi::Value ProbeWorkerThreadsJs(const Napi::CallbackInfo& info) {
  return (new ProbeThreadsWorker(info.Env()))->Start();
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  ConfigureBlasThreads();
  auto data = std::make_unique<AddonData>();
  data->indexConstructor = Napi::Persistent(IndexWrap::DefineClass(env));
  env.SetInstanceData(data.release());  // node-addon-api deletes it when the environment exits

  exports.Set("createIndex", Napi::Function::New<CreateIndexJs>(env, "createIndex"));
  exports.Set("indexFromBuffer", Napi::Function::New<IndexFromBufferJs>(env, "indexFromBuffer"));
  exports.Set("indexFromFile", Napi::Function::New<IndexFromFileJs>(env, "indexFromFile"));
  exports.Set("setNumThreads", Napi::Function::New<SetNumThreadsJs>(env, "setNumThreads"));
  exports.Set("getNumThreads", Napi::Function::New<GetNumThreadsJs>(env, "getNumThreads"));
  exports.Set("distanceKernels", Napi::Function::New<DistanceKernelsJs>(env, "distanceKernels"));
  exports.Set("setDistanceKernels", Napi::Function::New<SetDistanceKernelsJs>(env, "setDistanceKernels"));
  exports.Set("availableDistanceKernels",
              Napi::Function::New<AvailableDistanceKernelsJs>(env, "availableDistanceKernels"));
  exports.Set("rowDistances", Napi::Function::New<RowDistancesJs>(env, "rowDistances"));
  exports.Set("probeWorkerThreads", Napi::Function::New<ProbeWorkerThreadsJs>(env, "probeWorkerThreads"));
  exports.Set("faissVersion", Napi::String::New(env, std::to_string(FAISS_VERSION_MAJOR) + "." +
                                                         std::to_string(FAISS_VERSION_MINOR) + "." +
                                                         std::to_string(FAISS_VERSION_PATCH)));
  return exports;
}

}  // namespace
}  // namespace shoal

// NODE_API_MODULE needs an unqualified name.
static Napi::Object InitShoalFaiss(Napi::Env env, Napi::Object exports) { return shoal::Init(env, exports); }

NODE_API_MODULE(shoal_faiss, InitShoalFaiss)
