// AsyncWorkers for the calls on an existing index. Arguments are validated on the JS thread
// before these are called; what needs a scan of the data (finiteness) or the lock runs in Run().
#pragma once

#include <napi.h>

#include <memory>
#include <optional>
#include <string>

#include "index_holder.h"

namespace shoal {

using HolderPtr = std::shared_ptr<IndexHolder>;

struct SearchArgs {
  Napi::TypedArrayOf<float> queries;
  size_t k = 0;
  size_t nprobe = 0;  // 0: index default
  std::optional<Napi::TypedArrayOf<int64_t>> allowedIds;
};

Napi::Promise StartTrain(Napi::Env env, HolderPtr holder, const Napi::TypedArrayOf<float>& vectors);
Napi::Promise StartAdd(Napi::Env env, HolderPtr holder, const Napi::TypedArrayOf<float>& vectors,
                       const Napi::TypedArrayOf<int64_t>& ids);
Napi::Promise StartSearch(Napi::Env env, HolderPtr holder, const SearchArgs& args);
// The same search on the JS thread, or null when a writer holds the index now (never waits).
Napi::Value SearchNow(Napi::Env env, const HolderPtr& holder, const SearchArgs& args);
Napi::Promise StartRemove(Napi::Env env, HolderPtr holder, const Napi::TypedArrayOf<int64_t>& ids);
Napi::Promise StartCompact(Napi::Env env, HolderPtr holder);
Napi::Promise StartSerialize(Napi::Env env, HolderPtr holder);
Napi::Promise StartWriteFile(Napi::Env env, HolderPtr holder, std::string path);

}  // namespace shoal
