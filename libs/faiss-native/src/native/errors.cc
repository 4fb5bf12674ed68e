#include "errors.h"

#include <cmath>
#include <limits>
#include <new>
#include <regex>
#include <stdexcept>

namespace shoal {
namespace {

const char* TypedArrayName(napi_typedarray_type type) {
  switch (type) {
    case napi_int8_array: return "Int8Array";
    case napi_uint8_array: return "Uint8Array";
    case napi_uint8_clamped_array: return "Uint8ClampedArray";
    case napi_int16_array: return "Int16Array";
    case napi_uint16_array: return "Uint16Array";
    case napi_int32_array: return "Int32Array";
    case napi_uint32_array: return "Uint32Array";
    case napi_float32_array: return "Float32Array";
    case napi_float64_array: return "Float64Array";
    case napi_bigint64_array: return "BigInt64Array";
    case napi_biguint64_array: return "BigUint64Array";
    default: return "TypedArray";
  }
}

bool IsTypedArrayOf(const Napi::Value& value, napi_typedarray_type type) {
  return value.IsTypedArray() && value.As<Napi::TypedArray>().TypedArrayType() == type;
}

[[noreturn]] void ThrowWrongType(const Napi::Value& value, const char* name, const char* expected) {
  throw Napi::TypeError::New(value.Env(), std::string(name) + " must be " + expected + ", got " +
                                              DescribeJsType(value));
}

}  // namespace

std::string DescribeJsType(const Napi::Value& value) {
  if (value.IsTypedArray()) return TypedArrayName(value.As<Napi::TypedArray>().TypedArrayType());
  if (value.IsArray()) return "Array";
  if (value.IsArrayBuffer()) return "ArrayBuffer";
  if (value.IsDataView()) return "DataView";
  if (value.IsNull()) return "null";
  if (value.IsUndefined()) return "undefined";
  if (value.IsNumber()) return "number";
  if (value.IsString()) return "string";
  if (value.IsBoolean()) return "boolean";
  if (value.IsBigInt()) return "bigint";
  if (value.IsFunction()) return "function";
  return "object";
}

std::string CleanMessage(const std::exception& error) {
  if (dynamic_cast<const std::bad_alloc*>(&error) != nullptr) return "out of memory (std::bad_alloc)";
  // Also "Error: 'f' failed: " from FAISS_THROW_IF_NOT_MSG, when a readable message follows.
  static const std::regex faissPrefix(R"(^Error in .*? at \S+:\d+: (?:Error: '.*?' failed: (?=.))?)");
  const std::string message = error.what();
  std::smatch match;
  if (std::regex_search(message, match, faissPrefix)) return message.substr(match.length());
  return message;
}

Napi::TypedArrayOf<float> RequireFloat32Array(const Napi::Value& value, const char* name) {
  if (!IsTypedArrayOf(value, napi_float32_array)) ThrowWrongType(value, name, "a Float32Array");
  return value.As<Napi::TypedArrayOf<float>>();
}

Napi::TypedArrayOf<int64_t> RequireBigInt64Array(const Napi::Value& value, const char* name) {
  if (!IsTypedArrayOf(value, napi_bigint64_array)) ThrowWrongType(value, name, "a BigInt64Array");
  return value.As<Napi::TypedArrayOf<int64_t>>();
}

Napi::TypedArrayOf<uint8_t> RequireUint8Array(const Napi::Value& value, const char* name) {
  if (!IsTypedArrayOf(value, napi_uint8_array)) ThrowWrongType(value, name, "a Uint8Array or Buffer");
  return value.As<Napi::TypedArrayOf<uint8_t>>();
}

std::string RequireString(const Napi::Value& value, const char* name) {
  if (!value.IsString()) ThrowWrongType(value, name, "a string");
  return value.As<Napi::String>().Utf8Value();
}

uint32_t RequirePositiveInt(const Napi::Value& value, const char* name, uint32_t max) {
  const std::string bound = max == std::numeric_limits<uint32_t>::max() ? "" : " <= " + std::to_string(max);
  if (!value.IsNumber()) ThrowWrongType(value, name, ("a positive integer" + bound).c_str());
  const double number = value.As<Napi::Number>().DoubleValue();
  if (!(number >= 1 && number <= max && std::floor(number) == number)) {
    throw Napi::RangeError::New(value.Env(), std::string(name) + " must be a positive integer" + bound + ", got " +
                                                 value.ToString().Utf8Value());
  }
  return static_cast<uint32_t>(number);
}

size_t RequireRows(const Napi::Env& env, size_t length, int dimension, const char* name) {
  const size_t d = static_cast<size_t>(dimension);
  if (length % d != 0) {
    throw Napi::RangeError::New(env, std::string(name) + " length " + std::to_string(length) +
                                         " is not a multiple of dimension " + std::to_string(d));
  }
  return length / d;
}

void CheckFinite(const float* values, size_t count, const char* name) {
  // Scan in blocks with a branch-free inner loop (it vectorizes); locate the culprit only on failure.
  constexpr size_t kBlock = 4096;
  for (size_t start = 0; start < count; start += kBlock) {
    const size_t end = std::min(count, start + kBlock);
    bool bad = false;
    for (size_t i = start; i < end; ++i) bad |= !std::isfinite(values[i]);
    if (!bad) continue;
    for (size_t i = start; i < end; ++i) {
      if (!std::isfinite(values[i])) {
        throw std::invalid_argument(std::string(name) + " contain a non-finite value (NaN or Infinity) at index " +
                                    std::to_string(i));
      }
    }
  }
}

}  // namespace shoal
