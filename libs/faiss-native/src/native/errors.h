// Argument validation on the JS thread and error-message helpers shared by all entry points.
// Messages say what to fix; the TypeScript specs assert them verbatim.
#pragma once

#include <napi.h>

#include <cstdint>
#include <exception>
#include <string>

namespace shoal {

// "Float64Array", "Array", "string", ... for "got X" in messages.
std::string DescribeJsType(const Napi::Value& value);

// Faiss prefixes messages with "Error in <C++ signature> at <file>:<line>: "; callers need the rest.
std::string CleanMessage(const std::exception& error);

Napi::TypedArrayOf<float> RequireFloat32Array(const Napi::Value& value, const char* name);
Napi::TypedArrayOf<int64_t> RequireBigInt64Array(const Napi::Value& value, const char* name);
Napi::TypedArrayOf<uint8_t> RequireUint8Array(const Napi::Value& value, const char* name);
std::string RequireString(const Napi::Value& value, const char* name);

// A positive integer <= max; TypeError when not a number, RangeError otherwise.
uint32_t RequirePositiveInt(const Napi::Value& value, const char* name, uint32_t max);

// Rows in a flat array of `length` floats; throws unless it is a whole number of rows.
size_t RequireRows(const Napi::Env& env, size_t length, int dimension, const char* name);

// Runs on a worker thread (scanning large inputs there keeps the event loop free).
void CheckFinite(const float* values, size_t count, const char* name);

}  // namespace shoal
