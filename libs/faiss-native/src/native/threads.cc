#include "threads.h"

#include <omp.h>

#include <atomic>
#include <cstdlib>

// Weak: with another BLAS behind libblas.so the addon still loads and this is skipped.
extern "C" void openblas_set_num_threads(int threads) __attribute__((weak));

namespace shoal {
namespace {

std::atomic<int>& Setting() {
  // Defaults to what OpenMP would use anyway (OMP_NUM_THREADS or the core count).
  static std::atomic<int> threads{omp_get_max_threads()};
  return threads;
}

}  // namespace

int WorkerThreads() { return Setting().load(); }

void SetWorkerThreads(int threads) {
  Setting().store(threads);
  omp_set_num_threads(threads);
}

void ApplyWorkerThreads() { omp_set_num_threads(Setting().load()); }

void ConfigureBlasThreads() {
  if (openblas_set_num_threads != nullptr && std::getenv("OPENBLAS_NUM_THREADS") == nullptr) {
    openblas_set_num_threads(1);
  }
}

}  // namespace shoal
