#include "inspect.h"

#include <cxxabi.h>
#include <faiss/IndexFlat.h>
#include <faiss/IndexFlatCodes.h>
#include <faiss/IndexHNSW.h>
#include <faiss/IndexIDMap.h>
#include <faiss/IndexIVFFlat.h>
#include <faiss/IndexIVFPQ.h>
#include <faiss/IndexIVFPQFastScan.h>
#include <faiss/IndexPQ.h>
#include <faiss/IndexPQFastScan.h>
#include <faiss/IndexPreTransform.h>
#include <faiss/IndexRefine.h>
#include <faiss/IndexScalarQuantizer.h>
#include <faiss/VectorTransform.h>

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <typeinfo>

namespace shoal {
namespace {

template <typename T>
const T* As(const faiss::Index* index) {
  return dynamic_cast<const T*>(index);
}

// The index one wrapper level down, or null.
const faiss::Index* Inner(const faiss::Index* index) {
  if (auto map = As<faiss::IndexIDMap>(index)) return map->index;
  if (auto transform = As<faiss::IndexPreTransform>(index)) return transform->index;
  if (auto refine = As<faiss::IndexRefine>(index)) return refine->base_index;
  if (auto hnsw = As<faiss::IndexHNSW>(index)) return hnsw->storage;
  return nullptr;
}

std::string TypeName(const std::type_info& type) {
  int status = 0;
  std::unique_ptr<char, decltype(&std::free)> demangled(abi::__cxa_demangle(type.name(), nullptr, nullptr, &status),
                                                       &std::free);
  std::string name = status == 0 ? demangled.get() : type.name();
  const size_t colons = name.rfind("::");
  return colons == std::string::npos ? name : name.substr(colons + 2);
}

std::string PqName(const faiss::ProductQuantizer& pq, const char* suffix = "") {
  std::string name = "PQ" + std::to_string(pq.M);
  if (pq.nbits != 8 || *suffix) name += "x" + std::to_string(pq.nbits);
  return name + suffix;
}

std::string SqName(const faiss::ScalarQuantizer& sq) {
  switch (sq.qtype) {
    case faiss::ScalarQuantizer::QT_8bit: return "SQ8";
    case faiss::ScalarQuantizer::QT_4bit: return "SQ4";
    case faiss::ScalarQuantizer::QT_6bit: return "SQ6";
    case faiss::ScalarQuantizer::QT_fp16: return "SQfp16";
    case faiss::ScalarQuantizer::QT_8bit_direct: return "SQ8_direct";
    default: return "SQ(qtype=" + std::to_string(sq.qtype) + ")";
  }
}

std::string DescribeTransform(const faiss::VectorTransform& transform) {
  if (auto opq = dynamic_cast<const faiss::OPQMatrix*>(&transform)) {
    return "OPQ" + std::to_string(opq->M) + "_" + std::to_string(opq->d_out);
  }
  if (dynamic_cast<const faiss::PCAMatrix*>(&transform)) return "PCA" + std::to_string(transform.d_out);
  if (dynamic_cast<const faiss::RandomRotationMatrix*>(&transform)) return "RR" + std::to_string(transform.d_out);
  if (dynamic_cast<const faiss::NormalizationTransform*>(&transform)) return "L2norm";
  return TypeName(typeid(transform));
}

// The codec part of a description: "Flat", "PQ16", "SQ8".
std::string DescribeCodec(const faiss::Index& index) {
  if (auto pq = As<faiss::IndexPQ>(&index)) return PqName(pq->pq);
  if (auto pq = As<faiss::IndexPQFastScan>(&index)) return PqName(pq->pq, "fs");
  if (auto sq = As<faiss::IndexScalarQuantizer>(&index)) return SqName(sq->sq);
  if (As<faiss::IndexFlat>(&index)) return "Flat";
  return TypeName(typeid(index));
}

std::string DescribeIvf(const faiss::IndexIVF& ivf) {
  std::string name = "IVF" + std::to_string(ivf.nlist);
  if (auto hnsw = As<faiss::IndexHNSW>(ivf.quantizer)) name += "_HNSW" + std::to_string(hnsw->hnsw.nb_neighbors(1));
  if (auto pq = dynamic_cast<const faiss::IndexIVFPQ*>(&ivf)) return name + "," + PqName(pq->pq);
  if (auto pq = dynamic_cast<const faiss::IndexIVFPQFastScan*>(&ivf)) return name + "," + PqName(pq->pq, "fs");
  if (auto sq = dynamic_cast<const faiss::IndexIVFScalarQuantizer*>(&ivf)) return name + "," + SqName(sq->sq);
  if (dynamic_cast<const faiss::IndexIVFFlat*>(&ivf)) return name + ",Flat";
  return name + "," + TypeName(typeid(ivf));
}

void CollectTrainingNeeds(const faiss::Index* index, TrainingNeeds& needs) {
  if (index == nullptr) return;
  auto needBits = [&needs](int bits) { needs.pqBits = std::max(needs.pqBits, bits); };
  if (auto ivf = As<faiss::IndexIVF>(index)) {
    needs.nlist = std::max(needs.nlist, ivf->nlist);
    if (auto pq = As<faiss::IndexIVFPQ>(index)) needBits(static_cast<int>(pq->pq.nbits));
    if (auto pq = As<faiss::IndexIVFPQFastScan>(index)) needBits(static_cast<int>(pq->pq.nbits));
    return;
  }
  if (auto pq = As<faiss::IndexPQ>(index)) needBits(static_cast<int>(pq->pq.nbits));
  if (auto pq = As<faiss::IndexPQFastScan>(index)) needBits(static_cast<int>(pq->pq.nbits));
  if (auto transform = As<faiss::IndexPreTransform>(index)) {
    for (const faiss::VectorTransform* step : transform->chain) {
      if (dynamic_cast<const faiss::OPQMatrix*>(step)) needBits(8);  // OPQ trains 256-centroid codebooks
    }
  }
  if (auto refine = As<faiss::IndexRefine>(index)) CollectTrainingNeeds(refine->refine_index, needs);
  CollectTrainingNeeds(Inner(index), needs);
}

}  // namespace

size_t TrainingNeeds::Minimum() const { return std::max(nlist, pqBits > 0 ? size_t{1} << pqBits : 0); }

std::string TrainingNeeds::ShortfallMessage(size_t got) const {
  const size_t pqPoints = pqBits > 0 ? size_t{1} << pqBits : 0;
  if (nlist >= pqPoints) {
    return "training needs at least " + std::to_string(nlist) + " vectors for nlist=" + std::to_string(nlist) +
           ", got " + std::to_string(got) + " (Faiss recommends at least 39*nlist = " + std::to_string(39 * nlist) +
           ")";
  }
  const std::string bits = std::to_string(pqBits);
  return "training needs at least 2^" + bits + "=" + std::to_string(pqPoints) + " vectors for PQ nbits=" + bits +
         ", got " + std::to_string(got) + " (Faiss recommends at least 39*2^" + bits + " = " +
         std::to_string(39 * pqPoints) + ")";
}

const faiss::IndexIVF* FindIvf(const faiss::Index& index) {
  for (const faiss::Index* level = &index; level != nullptr; level = Inner(level)) {
    if (auto ivf = As<faiss::IndexIVF>(level)) return ivf;
  }
  return nullptr;
}

size_t CodeSize(const faiss::Index& index) {
  if (auto refine = As<faiss::IndexRefine>(&index)) return CodeSize(*refine->base_index) + CodeSize(*refine->refine_index);
  for (const faiss::Index* level = &index; level != nullptr; level = Inner(level)) {
    if (auto ivf = As<faiss::IndexIVF>(level)) return ivf->code_size;
    if (auto flat = As<faiss::IndexFlatCodes>(level)) return flat->code_size;
  }
  try {
    return index.sa_code_size();
  } catch (const std::exception&) {
    return 0;  // an index type with no per-vector code (reported as 0 rather than guessed)
  }
}

TrainingNeeds FindTrainingNeeds(const faiss::Index& index) {
  TrainingNeeds needs;
  CollectTrainingNeeds(&index, needs);
  return needs;
}

bool SupportsAddWithIds(const faiss::Index& index) {
  const faiss::Index* level = &index;
  while (auto transform = As<faiss::IndexPreTransform>(level)) level = transform->index;
  return As<faiss::IndexIVF>(level) != nullptr || As<faiss::IndexIDMap>(level) != nullptr;
}

std::string Describe(const faiss::Index& index) {
  // Shoal wraps id-less indexes in IndexIDMap2 itself, so the wrapper is not part of the name.
  if (auto map = As<faiss::IndexIDMap>(&index)) return Describe(*map->index);
  if (auto transform = As<faiss::IndexPreTransform>(&index)) {
    std::string name;
    for (const faiss::VectorTransform* step : transform->chain) name += DescribeTransform(*step) + ",";
    return name + Describe(*transform->index);
  }
  if (auto refine = As<faiss::IndexRefine>(&index)) {
    return Describe(*refine->base_index) + ",Refine(" + Describe(*refine->refine_index) + ")";
  }
  if (auto ivf = As<faiss::IndexIVF>(&index)) return DescribeIvf(*ivf);
  if (auto hnsw = As<faiss::IndexHNSW>(&index)) {
    const std::string name = "HNSW" + std::to_string(hnsw->hnsw.nb_neighbors(1));
    return As<faiss::IndexFlat>(hnsw->storage) ? name : name + "_" + DescribeCodec(*hnsw->storage);
  }
  return DescribeCodec(index);
}

}  // namespace shoal
