// A typed array a worker reads off the JS thread, kept alive (not copied) for the worker's lifetime.
#pragma once

#include <napi.h>

#include <cstddef>

namespace shoal {

template <typename T>
class PinnedArray {
 public:
  PinnedArray() = default;
  explicit PinnedArray(const Napi::TypedArrayOf<T>& array)
      : ref_(Napi::Persistent(static_cast<Napi::Object>(array))), data_(array.Data()), size_(array.ElementLength()) {}

  const T* data() const { return data_; }
  size_t size() const { return size_; }
  bool empty() const { return ref_.IsEmpty(); }

 private:
  // The reference stops GC from freeing the memory; it is released when the worker is
  // destroyed, which node-addon-api does on the JS thread after the promise settles.
  Napi::ObjectReference ref_;
  const T* data_ = nullptr;
  size_t size_ = 0;
};

}  // namespace shoal
