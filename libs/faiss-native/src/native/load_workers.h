// AsyncWorkers that deserialize an index into a new JS FaissIndex object.
#pragma once

#include <napi.h>

#include <string>

namespace shoal {

Napi::Promise StartLoadFromBuffer(Napi::Env env, const Napi::TypedArrayOf<uint8_t>& bytes);
Napi::Promise StartLoadFromFile(Napi::Env env, std::string path);

}  // namespace shoal
