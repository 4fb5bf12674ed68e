import type { FaissDistanceKernels } from './faiss-distance-kernels.type';
import { nativeModule } from './load-native';

/** The distance kernels Faiss calls now (process-wide); `'avx2'` by default on a CPU with AVX2 and FMA. */
export function distanceKernels(): FaissDistanceKernels {
  return nativeModule().distanceKernels();
}

/**
 * Switches Faiss's distance kernels, process-wide, for A/B measurements and tests. Calls already
 * running finish with the previous kernels.
 * @throws RangeError unless `kind` is `'avx2'` or `'generic'`
 * @throws Error for `'avx2'` on a CPU without AVX2 and FMA
 */
export function setDistanceKernels(kind: FaissDistanceKernels): void {
  nativeModule().setDistanceKernels(kind);
}

/** The kernels this CPU can run: `['avx2', 'generic']` or `['generic']`. */
export function availableDistanceKernels(): FaissDistanceKernels[] {
  return nativeModule().availableDistanceKernels();
}
