// Plain-C++ baseline for the binding's batch search: loads an index file written by
// FaissIndex.writeFile, runs one batch search of all queries `runs` times, prints JSON.
// It links the addon's own shoal_faiss_core.so, so it runs the same Faiss machine code at the
// same alignment and with the same thread policy (threads.h) as the binding.
#include <faiss/IndexIVF.h>
#include <faiss/IndexPreTransform.h>
#include <faiss/index_io.h>
#include <omp.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "threads.h"

namespace {

struct Options {
  std::string index;
  std::string queries;
  int k = 10;
  int nprobe = 0;  // 0: the index's own setting
  int threads = 0;  // 0: OpenMP default
  int runs = 5;
};

[[noreturn]] void Usage(const char* problem) {
  std::fprintf(stderr,
               "%s\nusage: search_bench --index FILE --queries FILE.fvecs [--k 10] [--nprobe N] "
               "[--threads N] [--runs 5]\n",
               problem);
  std::exit(2);
}

Options ParseOptions(int argc, char** argv) {
  Options options;
  for (int i = 1; i < argc; i += 2) {
    if (i + 1 >= argc) Usage("missing value");
    const std::string flag = argv[i];
    const char* value = argv[i + 1];
    if (flag == "--index") options.index = value;
    else if (flag == "--queries") options.queries = value;
    else if (flag == "--k") options.k = std::atoi(value);
    else if (flag == "--nprobe") options.nprobe = std::atoi(value);
    else if (flag == "--threads") options.threads = std::atoi(value);
    else if (flag == "--runs") options.runs = std::atoi(value);
    else Usage(("unknown flag " + flag).c_str());
  }
  if (options.index.empty() || options.queries.empty()) Usage("--index and --queries are required");
  if (options.k < 1 || options.runs < 1 || options.nprobe < 0 || options.threads < 0) Usage("bad number");
  return options;
}

// fvecs: each vector is an int32 dimension followed by that many float32 values.
std::vector<float> ReadFvecs(const std::string& path, int dimension) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + path);
  std::vector<float> values;
  int32_t d = 0;
  while (in.read(reinterpret_cast<char*>(&d), sizeof d)) {
    if (d != dimension) {
      throw std::runtime_error(path + ": vector of dimension " + std::to_string(d) + ", index has " +
                               std::to_string(dimension));
    }
    const size_t offset = values.size();
    values.resize(offset + d);
    if (!in.read(reinterpret_cast<char*>(values.data() + offset), d * sizeof(float))) {
      throw std::runtime_error(path + ": truncated vector");
    }
  }
  return values;
}

// The IVF level nprobe applies to: the index itself or behind IndexPreTransform, exactly where
// the binding passes SearchParametersIVF (an IndexIDMap rejects search params in faiss 1.7.3).
const faiss::IndexIVF* FindIvf(const faiss::Index* index) {
  while (auto transform = dynamic_cast<const faiss::IndexPreTransform*>(index)) index = transform->index;
  return dynamic_cast<const faiss::IndexIVF*>(index);
}

double Seconds(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

int main(int argc, char** argv) {
  const Options options = ParseOptions(argc, argv);
  try {
    shoal::ConfigureBlasThreads();
    if (options.threads > 0) shoal::SetWorkerThreads(options.threads);

    std::unique_ptr<faiss::Index> index(faiss::read_index(options.index.c_str()));
    const std::vector<float> queries = ReadFvecs(options.queries, static_cast<int>(index->d));
    const faiss::Index::idx_t nq = static_cast<faiss::Index::idx_t>(queries.size() / index->d);

    // Same per-request parameters the binding passes (search.cc).
    const faiss::IndexIVF* ivf = FindIvf(index.get());
    faiss::SearchParametersIVF ivfParams;
    faiss::SearchParametersPreTransform transformParams;
    const faiss::SearchParameters* params = nullptr;
    if (ivf != nullptr && options.nprobe > 0) {
      ivfParams.nprobe = options.nprobe;
      ivfParams.max_codes = ivf->max_codes;
      transformParams.index_params = &ivfParams;
      const bool transformed = dynamic_cast<const faiss::IndexPreTransform*>(index.get()) != nullptr;
      params = transformed ? static_cast<const faiss::SearchParameters*>(&transformParams) : &ivfParams;
    }

    std::vector<float> distances(static_cast<size_t>(nq) * options.k);
    std::vector<faiss::Index::idx_t> labels(distances.size());
    auto search = [&] { index->search(nq, queries.data(), options.k, distances.data(), labels.data(), params); };

    search();  // warm-up: page in the index, start the OpenMP team
    std::vector<double> times;
    for (int run = 0; run < options.runs; ++run) {
      const auto start = std::chrono::steady_clock::now();
      search();
      times.push_back(Seconds(start));
    }
    std::sort(times.begin(), times.end());
    const double median = times.size() % 2 ? times[times.size() / 2]
                                           : (times[times.size() / 2 - 1] + times[times.size() / 2]) / 2;
    const int nprobe = ivf == nullptr ? 0 : (options.nprobe > 0 ? options.nprobe : static_cast<int>(ivf->nprobe));
    std::printf("{\"nq\":%ld,\"k\":%d,\"nprobe\":%s,\"threads\":%d,\"best_s\":%.6f,\"median_s\":%.6f,\"qps\":%.1f}\n",
                static_cast<long>(nq), options.k, ivf == nullptr ? "null" : std::to_string(nprobe).c_str(),
                omp_get_max_threads(), times.front(), median, nq / median);
    return 0;
  } catch (const std::exception& error) {
    std::fprintf(stderr, "search_bench: %s\n", error.what());
    return 1;
  }
}
