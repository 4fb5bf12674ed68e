#include "index_wrap.h"

#include <string>
#include <utility>

#include "addon_data.h"
#include "errors.h"
#include "factory.h"
#include "index_workers.h"

namespace shoal {
namespace {

// Faiss 1.7.3 on CPU has no k limit; Shoal caps it like GPU Faiss does (2048), which also
// bounds the result buffers (nq * k * 12 bytes) a single call can allocate.
constexpr uint32_t kMaxK = 2048;

SearchArgs ParseSearchArgs(const Napi::CallbackInfo& info, int dimension) {
  SearchArgs args;
  args.queries = RequireFloat32Array(info[0], "queries");
  RequireRows(info.Env(), args.queries.ElementLength(), dimension, "queries");
  args.k = RequirePositiveInt(info[1], "k", kMaxK);
  const Napi::Value options = info[2];
  if (options.IsUndefined() || options.IsNull()) return args;
  if (!options.IsObject() || options.IsArray()) {
    throw Napi::TypeError::New(info.Env(), "options must be an object, got " + DescribeJsType(options));
  }
  const Napi::Object object = options.As<Napi::Object>();
  const Napi::Value nprobe = object.Get("nprobe");
  if (!nprobe.IsUndefined()) args.nprobe = RequirePositiveInt(nprobe, "nprobe", UINT32_MAX);
  const Napi::Value allowedIds = object.Get("allowedIds");
  if (!allowedIds.IsUndefined()) args.allowedIds = RequireBigInt64Array(allowedIds, "allowedIds");
  return args;
}

}  // namespace

Napi::Function IndexWrap::DefineClass(Napi::Env env) {
  return ObjectWrap<IndexWrap>::DefineClass(
      env, "NativeFaissIndex",
      {
          InstanceAccessor<&IndexWrap::Dimension>("dimension"),
          InstanceAccessor<&IndexWrap::Metric>("metric"),
          InstanceAccessor<&IndexWrap::Descriptor>("descriptor"),
          InstanceAccessor<&IndexWrap::Ntotal>("ntotal"),
          InstanceAccessor<&IndexWrap::IsTrained>("isTrained"),
          InstanceAccessor<&IndexWrap::CodeSize>("codeSize"),
          InstanceAccessor<&IndexWrap::Nlist>("nlist"),
          InstanceMethod<&IndexWrap::MemoryUsage>("memoryUsage"),
          InstanceMethod<&IndexWrap::Train>("train"),
          InstanceMethod<&IndexWrap::AddWithIds>("addWithIds"),
          InstanceMethod<&IndexWrap::Search>("search"),
          InstanceMethod<&IndexWrap::SearchSync>("searchSync"),
          InstanceMethod<&IndexWrap::RemoveIds>("removeIds"),
          InstanceMethod<&IndexWrap::Compact>("compact"),
          InstanceMethod<&IndexWrap::ToBuffer>("toBuffer"),
          InstanceMethod<&IndexWrap::WriteFile>("writeFile"),
          InstanceMethod<&IndexWrap::Dispose>("dispose"),
      });
}

Napi::Object IndexWrap::NewInstance(Napi::Env env, std::shared_ptr<IndexHolder> holder) {
  // The constructor only accepts this External, so JS cannot build an index without a holder.
  return AddonData::Of(env).indexConstructor.New({Napi::External<std::shared_ptr<IndexHolder>>::New(env, &holder)});
}

IndexWrap::IndexWrap(const Napi::CallbackInfo& info) : Napi::ObjectWrap<IndexWrap>(info) {
  if (info.Length() != 1 || !info[0].IsExternal()) {
    throw Napi::TypeError::New(info.Env(), "use createIndex(), indexFromBuffer() or indexFromFile()");
  }
  holder_ = *info[0].As<Napi::External<std::shared_ptr<IndexHolder>>>().Data();
}

const std::shared_ptr<IndexHolder>& IndexWrap::Live(const Napi::Env& env) const {
  if (holder_->disposed()) throw Napi::Error::New(env, "index disposed");
  return holder_;
}

Napi::Value IndexWrap::Dimension(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), holder_->facts().dimension);
}

Napi::Value IndexWrap::Metric(const Napi::CallbackInfo& info) {
  return Napi::String::New(info.Env(), MetricName(holder_->facts().metric));
}

Napi::Value IndexWrap::Descriptor(const Napi::CallbackInfo& info) {
  return Napi::String::New(info.Env(), holder_->facts().descriptor);
}

Napi::Value IndexWrap::Ntotal(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), static_cast<double>(Live(info.Env())->snapshot().ntotal));
}

Napi::Value IndexWrap::IsTrained(const Napi::CallbackInfo& info) {
  return Napi::Boolean::New(info.Env(), Live(info.Env())->snapshot().isTrained);
}

Napi::Value IndexWrap::CodeSize(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), static_cast<double>(Live(info.Env())->facts().codeSize));
}

Napi::Value IndexWrap::Nlist(const Napi::CallbackInfo& info) {
  const int64_t nlist = Live(info.Env())->facts().nlist;
  return nlist < 0 ? info.Env().Null() : Napi::Number::New(info.Env(), static_cast<double>(nlist));
}

Napi::Value IndexWrap::MemoryUsage(const Napi::CallbackInfo& info) {
  const shoal::MemoryUsage memory = Live(info.Env())->snapshot().memory;
  Napi::Object result = Napi::Object::New(info.Env());
  result.Set("codesBytes", static_cast<double>(memory.codes));
  result.Set("idsBytes", static_cast<double>(memory.ids));
  result.Set("quantizerBytes", static_cast<double>(memory.quantizer));
  result.Set("otherBytes", static_cast<double>(memory.other));
  result.Set("totalBytes", static_cast<double>(memory.Total()));
  return result;
}

Napi::Value IndexWrap::Train(const Napi::CallbackInfo& info) {
  const auto& holder = Live(info.Env());
  const auto vectors = RequireFloat32Array(info[0], "vectors");
  RequireRows(info.Env(), vectors.ElementLength(), holder->facts().dimension, "vectors");
  return StartTrain(info.Env(), holder, vectors);
}

Napi::Value IndexWrap::AddWithIds(const Napi::CallbackInfo& info) {
  const auto& holder = Live(info.Env());
  const auto vectors = RequireFloat32Array(info[0], "vectors");
  const auto ids = RequireBigInt64Array(info[1], "ids");
  const size_t n = RequireRows(info.Env(), vectors.ElementLength(), holder->facts().dimension, "vectors");
  if (ids.ElementLength() != n) {
    throw Napi::RangeError::New(info.Env(), "ids length " + std::to_string(ids.ElementLength()) +
                                                " does not match the " + std::to_string(n) + " vectors given");
  }
  return StartAdd(info.Env(), holder, vectors, ids);
}

Napi::Value IndexWrap::Search(const Napi::CallbackInfo& info) {
  const auto& holder = Live(info.Env());
  return StartSearch(info.Env(), holder, ParseSearchArgs(info, holder->facts().dimension));
}

Napi::Value IndexWrap::SearchSync(const Napi::CallbackInfo& info) {
  const auto& holder = Live(info.Env());
  return SearchNow(info.Env(), holder, ParseSearchArgs(info, holder->facts().dimension));
}

Napi::Value IndexWrap::RemoveIds(const Napi::CallbackInfo& info) {
  const auto& holder = Live(info.Env());
  return StartRemove(info.Env(), holder, RequireBigInt64Array(info[0], "ids"));
}

Napi::Value IndexWrap::Compact(const Napi::CallbackInfo& info) { return StartCompact(info.Env(), Live(info.Env())); }

Napi::Value IndexWrap::ToBuffer(const Napi::CallbackInfo& info) {
  return StartSerialize(info.Env(), Live(info.Env()));
}

Napi::Value IndexWrap::WriteFile(const Napi::CallbackInfo& info) {
  const auto& holder = Live(info.Env());
  return StartWriteFile(info.Env(), holder, RequireString(info[0], "path"));
}

Napi::Value IndexWrap::Dispose(const Napi::CallbackInfo& info) {
  try {
    holder_->Dispose();
  } catch (const std::logic_error& error) {
    throw Napi::Error::New(info.Env(), error.what());
  }
  return info.Env().Undefined();
}

}  // namespace shoal
