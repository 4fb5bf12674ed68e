// Base for every heavy call: runs off the JS thread and settles a Promise.
#pragma once

#include <napi.h>

namespace shoal {

class PromiseWorker : public Napi::AsyncWorker {
 public:
  // Queues the worker. node-addon-api deletes it on the JS thread once the promise settles,
  // which is why workers are created with `new` and never deleted by hand.
  Napi::Promise Start();

 protected:
  explicit PromiseWorker(Napi::Env env);

  // Worker thread. Any std::exception (faiss::FaissException included) rejects the promise.
  virtual void Run() = 0;
  // JS thread. Builds the value the promise resolves with.
  virtual Napi::Value Result(Napi::Env env);

 private:
  void Execute() final;
  void OnOK() final;
  void OnError(const Napi::Error& error) final;

  Napi::Promise::Deferred deferred_;
};

}  // namespace shoal
