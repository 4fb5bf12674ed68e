// Hand-written types of build/Release/shoal_faiss.node (src/native/addon.cc).
// Only load-native.ts and faiss-index.ts use them; everyone else uses FaissIndex.
import type { FaissDistanceKernels } from './faiss-distance-kernels.type';
import type { FaissMemoryUsage } from './faiss-memory-usage.interface';
import type { FaissMetric } from './faiss-metric.type';
import type { FaissSearchOptions } from './faiss-search-options.interface';
import type { FaissSearchResult } from './faiss-search-result.interface';
import type { RowDistanceMetric } from './row-distances';

/** An index object; all methods validate their arguments in C++. */
export interface NativeIndex {
  readonly dimension: number;
  readonly metric: FaissMetric;
  readonly descriptor: string;
  readonly ntotal: number;
  readonly isTrained: boolean;
  readonly codeSize: number;
  readonly nlist: number | null;
  memoryUsage(): FaissMemoryUsage;
  train(vectors: Float32Array): Promise<void>;
  addWithIds(vectors: Float32Array, ids: BigInt64Array): Promise<void>;
  search(queries: Float32Array, k: number, options?: FaissSearchOptions): Promise<FaissSearchResult>;
  /** The same search on the calling thread; null when a write holds the index now. */
  searchSync(queries: Float32Array, k: number, options?: FaissSearchOptions): FaissSearchResult | null;
  removeIds(ids: BigInt64Array): Promise<number>;
  compact(): Promise<void>;
  toBuffer(): Promise<Buffer>;
  writeFile(path: string): Promise<void>;
  dispose(): void;
}

export interface NativeModule {
  readonly faissVersion: string;
  createIndex(dimension: number, descriptor: string, metric: FaissMetric): NativeIndex;
  indexFromBuffer(bytes: Uint8Array): Promise<NativeIndex>;
  indexFromFile(path: string): Promise<NativeIndex>;
  setNumThreads(threads: number): void;
  getNumThreads(): number;
  distanceKernels(): FaissDistanceKernels;
  /** Throws RangeError for an unknown kind, Error for 'avx2' on a CPU without AVX2+FMA. */
  setDistanceKernels(kind: FaissDistanceKernels): void;
  availableDistanceKernels(): FaissDistanceKernels[];
  /** Writes the distance from `query` to each of `base`'s `rows` into `out` (see row-distances.ts). */
  rowDistances(metric: RowDistanceMetric, query: Float32Array, base: Float32Array, rows: Int32Array, out: Float32Array): void;
  /** OpenMP team size a worker thread gets (checks that setNumThreads reaches the pool). */
  probeWorkerThreads(): Promise<number>;
}
