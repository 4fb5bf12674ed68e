/**
 * How the engine measures similarity. Every backend reports a *distance* where lower is better:
 * l2 = squared euclidean, ip = -dot(q, x), cosine = 1 - cos(q, x). One convention lets shards and the
 * coordinator merge results from any backend with the same ascending heap.
 */
export type DistanceMetric = 'l2' | 'ip' | 'cosine';

/** Which implementation really answers searches. Shown verbatim in /v1/info, logs and metrics. */
export type IndexBackend = 'exact_mock' | 'faiss_ivfpq' | 'faiss_flat';

export interface IndexDescription {
  backend: IndexBackend;
  /** Human-readable, honest summary, e.g. "exact brute force, O(N) per query, for development". */
  summary: string;
  exact: boolean;
  /** Per-query cost model in terms of n, d and the index parameters. */
  costModel: string;
  params: Record<string, number | string | boolean>;
}

export interface IndexSearchOptions {
  /** IVF probes for this request; ignored by exact backends. */
  nprobe?: number;
  /** Only these labels may be returned. */
  allowedLabels?: BigInt64Array;
}

/** Row-major nq×k; label -1n marks an empty slot (fewer than k vectors matched). */
export interface IndexSearchResult {
  distances: Float32Array;
  labels: BigInt64Array;
}

export interface IndexMemoryUsage {
  /** Everything the index holds (codes, ids, quantizers, lookup tables), excluding raw vectors kept elsewhere. */
  indexBytes: number;
  /** The part that grows with n: codes + ids (for the mock: float vectors + labels), allocated capacity. */
  payloadBytes: number;
  /** payloadBytes / n: what each vector costs. The rest of indexBytes is a fixed cost per index. */
  bytesPerVector: number;
}

/** One in-memory ANN (or exact) index over int64 labels. Partition maps string ids to labels. */
export interface VectorIndex {
  readonly backend: IndexBackend;
  readonly dimension: number;
  readonly metric: DistanceMetric;
  /** Number of vectors currently searchable. */
  readonly size: number;
  readonly requiresTraining: boolean;
  readonly isTrained: boolean;
  describe(): IndexDescription;
  train(vectors: Float32Array): Promise<void>;
  add(vectors: Float32Array, labels: BigInt64Array): Promise<void>;
  remove(labels: BigInt64Array): Promise<number>;
  search(queries: Float32Array, k: number, options?: IndexSearchOptions): Promise<IndexSearchResult>;
  memoryUsage(): IndexMemoryUsage;
  /** Gives back over-allocated capacity after bulk adds. */
  compact(): Promise<void>;
  serialize(): Promise<Buffer>;
  dispose(): void;
}
