// The JS-visible native index object. It holds a std::shared_ptr to the IndexHolder; every
// worker it starts holds another, so the index lives until the last of them lets go.
#pragma once

#include <napi.h>

#include <memory>

#include "index_holder.h"

namespace shoal {

class IndexWrap : public Napi::ObjectWrap<IndexWrap> {
 public:
  static Napi::Function DefineClass(Napi::Env env);
  static Napi::Object NewInstance(Napi::Env env, std::shared_ptr<IndexHolder> holder);

  explicit IndexWrap(const Napi::CallbackInfo& info);

 private:
  Napi::Value Dimension(const Napi::CallbackInfo& info);
  Napi::Value Metric(const Napi::CallbackInfo& info);
  Napi::Value Descriptor(const Napi::CallbackInfo& info);
  Napi::Value Ntotal(const Napi::CallbackInfo& info);
  Napi::Value IsTrained(const Napi::CallbackInfo& info);
  Napi::Value CodeSize(const Napi::CallbackInfo& info);
  Napi::Value Nlist(const Napi::CallbackInfo& info);
  Napi::Value MemoryUsage(const Napi::CallbackInfo& info);
  Napi::Value Train(const Napi::CallbackInfo& info);
  Napi::Value AddWithIds(const Napi::CallbackInfo& info);
  Napi::Value Search(const Napi::CallbackInfo& info);
  Napi::Value SearchSync(const Napi::CallbackInfo& info);
  Napi::Value RemoveIds(const Napi::CallbackInfo& info);
  Napi::Value Compact(const Napi::CallbackInfo& info);
  Napi::Value ToBuffer(const Napi::CallbackInfo& info);
  Napi::Value WriteFile(const Napi::CallbackInfo& info);
  Napi::Value Dispose(const Napi::CallbackInfo& info);

  // The holder, or a JS Error "index disposed".
  const std::shared_ptr<IndexHolder>& Live(const Napi::Env& env) const;

  std::shared_ptr<IndexHolder> holder_;
};

}  // namespace shoal
