#include "promise_worker.h"

#include "errors.h"
#include "threads.h"

namespace shoal {

PromiseWorker::PromiseWorker(Napi::Env env)
    : Napi::AsyncWorker(env, "shoal_faiss"), deferred_(Napi::Promise::Deferred::New(env)) {}

Napi::Promise PromiseWorker::Start() {
  Napi::Promise promise = deferred_.Promise();
  Queue();
  return promise;
}

Napi::Value PromiseWorker::Result(Napi::Env env) { return env.Undefined(); }

void PromiseWorker::Execute() {
  try {
    ApplyWorkerThreads();
    Run();
  } catch (const std::exception& error) {
    SetError(CleanMessage(error));
  } catch (...) {
    SetError("unknown native error");
  }
}

void PromiseWorker::OnOK() {
  try {
    deferred_.Resolve(Result(Env()));
  } catch (const Napi::Error& error) {
    deferred_.Reject(error.Value());
  }
}

void PromiseWorker::OnError(const Napi::Error& error) { deferred_.Reject(error.Value()); }

}  // namespace shoal
