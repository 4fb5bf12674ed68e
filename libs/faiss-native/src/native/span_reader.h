// faiss::IOReader over memory owned elsewhere. faiss::VectorIOReader would need a copy of the
// whole serialized index in a std::vector; this reads the caller's Uint8Array in place.
#pragma once

#include <faiss/impl/io.h>

#include <algorithm>
#include <cstdint>
#include <cstring>

namespace shoal {

class SpanReader : public faiss::IOReader {
 public:
  SpanReader(const uint8_t* data, size_t size) : data_(data), size_(size) { name = "buffer"; }

  // fread semantics, as faiss::VectorIOReader implements them.
  size_t operator()(void* ptr, size_t size, size_t nitems) override {
    if (size == 0 || nitems == 0) return 0;
    if (position_ >= size_) return 0;
    nitems = std::min(nitems, (size_ - position_) / size);
    std::memcpy(ptr, data_ + position_, size * nitems);
    position_ += size * nitems;
    return nitems;
  }

 private:
  const uint8_t* data_;
  size_t size_;
  size_t position_ = 0;
};

}  // namespace shoal
