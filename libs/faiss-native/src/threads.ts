import { nativeModule } from './load-native';

/**
 * OpenMP threads each Faiss call may use (process-wide; applied by every worker before it calls
 * Faiss). Calls also run concurrently on libuv's pool (UV_THREADPOOL_SIZE, default 4), so the
 * CPU use of concurrent calls is up to pool size × threads.
 * @throws RangeError unless `threads` is an integer in [1, 1024]
 */
export function setNumThreads(threads: number): void {
  nativeModule().setNumThreads(threads);
}

/** The current setting; defaults to OMP_NUM_THREADS or the core count. */
export function getNumThreads(): number {
  return nativeModule().getNumThreads();
}
