// Per-environment state (one per Node.js main thread or worker_thread that loads the addon).
#pragma once

#include <napi.h>

namespace shoal {

struct AddonData {
  Napi::FunctionReference indexConstructor;

  static AddonData& Of(Napi::Env env) { return *env.GetInstanceData<AddonData>(); }
};

}  // namespace shoal
