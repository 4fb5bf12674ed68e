// Hands std::vector results to JS without copying: the JS buffer takes ownership of the vector.
#pragma once

#include <napi.h>

#include <memory>
#include <utility>
#include <vector>

namespace shoal {

template <typename T>
Napi::Buffer<uint8_t> MoveToBuffer(Napi::Env env, std::vector<T>&& values) {
  auto owner = std::make_unique<std::vector<T>>(std::move(values));
  const size_t bytes = owner->size() * sizeof(T);
  if (bytes == 0) return Napi::Buffer<uint8_t>::New(env, 0);
  auto* data = reinterpret_cast<uint8_t*>(owner->data());
  // NewOrCopy copies (and finalizes at once) in runtimes that forbid external buffers.
  auto buffer = Napi::Buffer<uint8_t>::NewOrCopy(
      env, data, bytes, [](Napi::Env, uint8_t*, std::vector<T>* hint) { std::unique_ptr<std::vector<T>> free(hint); },
      owner.get());
  owner.release();  // now owned by the finalizer
  return buffer;
}

template <typename T>
Napi::TypedArrayOf<T> MoveToTypedArray(Napi::Env env, std::vector<T>&& values) {
  const size_t length = values.size();
  Napi::Buffer<uint8_t> buffer = MoveToBuffer(env, std::move(values));
  return Napi::TypedArrayOf<T>::New(env, length, buffer.ArrayBuffer(), buffer.ByteOffset());
}

}  // namespace shoal
