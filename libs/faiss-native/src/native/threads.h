// Process-wide OpenMP thread count for Faiss calls made by the addon.
#pragma once

namespace shoal {

int WorkerThreads();
void SetWorkerThreads(int threads);

// libgomp keeps the thread count per calling thread, so omp_set_num_threads on the JS thread
// would not reach libuv's pool threads: every worker applies the setting before calling Faiss.
void ApplyWorkerThreads();

// Makes OpenBLAS single-threaded unless OPENBLAS_NUM_THREADS is set. Faiss parallelizes with
// OpenMP itself; Debian's pthread OpenBLAS adds a second spinning pool that fights it for cores
// (measured on 2 cores: IVF-PQ training 2.0 s instead of 5 s, flat batch search 0.21 s
// instead of 0.3-0.43 s, IVF-PQ search unchanged).
void ConfigureBlasThreads();

}  // namespace shoal
