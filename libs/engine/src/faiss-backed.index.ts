import { FaissIndex, FaissUnavailableError, loadFaissNative, type FaissMetric } from '@shoal/faiss-native';
import { EngineError, EngineErrorCode } from './engine.error';
import { assertK, assertVectors, normalizedCopy } from './vector-math.util';
import type {
  DistanceMetric,
  IndexBackend,
  IndexDescription,
  IndexMemoryUsage,
  IndexSearchOptions,
  IndexSearchResult,
  VectorIndex,
} from './vector-index';

/** Loads the addon or fails with the reason: asking for Faiss never silently falls back to the mock. */
export function requireFaiss(): void {
  try {
    loadFaissNative();
  } catch (error) {
    const reason = error instanceof FaissUnavailableError ? error.message : String(error);
    throw new EngineError(
      EngineErrorCode.BackendUnavailable,
      `the Faiss backend was requested but cannot load: ${reason}`,
      { cause: error },
    );
  }
}

/**
 * Most multiply-adds (estimated) a search may cost to run on the calling thread instead of a worker
 * thread: well under a millisecond with the AVX2 kernels. The worker hop (a thread wake-up there and
 * back, and an OpenMP team) adds two scheduling points, and where processes share cores each can
 * wait behind another process: with single-query IVF-PQ searches (0.8 M multiply-adds per shard) run
 * inline, the coordinator's added p50 at one client fell by about 0.28 ms (docs/benchmarks.md, ADR 0001).
 */
export const SYNC_SEARCH_MAX_WORK = 4_000_000;

/**
 * A search runs inline only when the index is otherwise idle: no search on a worker thread and none
 * started within this many milliseconds. Concurrent searches keep going to worker threads, so they
 * use every core (inline, they would take turns on the event loop's one).
 */
export const SYNC_SEARCH_IDLE_MS = 0.5;

/**
 * Faiss computes the distances of 20 queries or more through BLAS (`distance_compute_blas_threshold`),
 * whose float rounding depends on the thread count: inline (one thread) and on a worker (the pool's
 * threads) the same batch could differ in the last bits. Below it both give identical results.
 */
export const SYNC_SEARCH_MAX_QUERIES = 19;

/**
 * The work of a search, as multiply-adds: the coarse step plus the code scan for IVF indexes
 * (nlist·d + nprobe·(n/nlist)·code bytes per query), every vector for flat ones (n·d per query).
 */
export function estimatedSearchWork(index: { dimension: number; ntotal: number; nlist: number | null; codeSize: number }, nq: number, nprobe: number | undefined): number {
  const { dimension: d, ntotal: n, nlist } = index;
  if (nlist === null || nlist === 0) return nq * n * d;
  const probed = Math.min(nprobe ?? 1, nlist);
  return nq * (nlist * d + probed * Math.ceil(n / nlist) * index.codeSize);
}

export function faissMetric(metric: DistanceMetric): FaissMetric {
  // Cosine is inner product over unit vectors.
  return metric === 'l2' ? 'l2' : 'ip';
}

/**
 * Shared plumbing for indexes held by the Faiss addon: cosine normalisation, the engine's
 * lower-is-better distance convention, validation before any native call.
 */
export abstract class FaissBackedIndex implements VectorIndex {
  abstract readonly backend: IndexBackend;
  abstract describe(): IndexDescription;

  /** Searches running on worker threads now, and when the last search started (performance.now()). */
  private searchesOnWorkers = 0;
  private lastSearchAt = Number.NEGATIVE_INFINITY;

  protected constructor(
    protected readonly native: FaissIndex,
    readonly metric: DistanceMetric,
  ) {}

  get dimension(): number {
    return this.native.dimension;
  }

  get size(): number {
    return this.native.ntotal;
  }

  get requiresTraining(): boolean {
    return true;
  }

  get isTrained(): boolean {
    return this.native.isTrained;
  }

  async train(vectors: Float32Array): Promise<void> {
    assertVectors(vectors, this.dimension);
    await this.native.train(this.prepare(vectors));
  }

  async add(vectors: Float32Array, labels: BigInt64Array): Promise<void> {
    const n = assertVectors(vectors, this.dimension);
    if (!(labels instanceof BigInt64Array) || labels.length !== n) {
      throw new EngineError(EngineErrorCode.InvalidArgument, `labels length ${labels.length} does not match the ${n} vectors given`);
    }
    this.assertTrained();
    await this.native.addWithIds(this.prepare(vectors), labels);
  }

  remove(labels: BigInt64Array): Promise<number> {
    return this.native.removeIds(labels);
  }

  async search(queries: Float32Array, k: number, options: IndexSearchOptions = {}): Promise<IndexSearchResult> {
    assertK(k);
    assertVectors(queries, this.dimension, 'queries');
    this.assertTrained();
    const faissOptions = { nprobe: options.nprobe ?? this.defaultNprobe(), allowedIds: options.allowedLabels };
    const prepared = this.prepare(queries);
    const now = performance.now();
    const idle = this.searchesOnWorkers === 0 && now - this.lastSearchAt > SYNC_SEARCH_IDLE_MS;
    this.lastSearchAt = now;
    // A small search on an idle index runs here (never waiting: null while a write holds the index).
    const nq = queries.length / this.dimension;
    const inline = idle && nq <= SYNC_SEARCH_MAX_QUERIES && options.allowedLabels === undefined && estimatedSearchWork(this.native, nq, faissOptions.nprobe) <= SYNC_SEARCH_MAX_WORK;
    const result = (inline ? this.native.searchSync(prepared, k, faissOptions) : null) ?? (await this.onWorker(prepared, k, faissOptions));
    this.toEngineDistances(result.distances, result.labels);
    return result;
  }

  private async onWorker(queries: Float32Array, k: number, options: { nprobe?: number; allowedIds?: BigInt64Array }): Promise<IndexSearchResult> {
    this.searchesOnWorkers++;
    try {
      return await this.native.search(queries, k, options);
    } finally {
      this.searchesOnWorkers--;
    }
  }

  memoryUsage(): IndexMemoryUsage {
    const usage = this.native.memoryUsage();
    const n = this.native.ntotal;
    const payloadBytes = usage.codesBytes + usage.idsBytes;
    return { indexBytes: usage.totalBytes, payloadBytes, bytesPerVector: n ? payloadBytes / n : 0 };
  }

  /** Releases over-allocated inverted-list capacity after bulk adds. */
  compact(): Promise<void> {
    return this.native.compact();
  }

  serialize(): Promise<Buffer> {
    return this.native.toBuffer();
  }

  dispose(): void {
    this.native.dispose();
  }

  protected defaultNprobe(): number | undefined {
    return undefined;
  }

  private assertTrained(): void {
    if (!this.native.isTrained) {
      throw new EngineError(EngineErrorCode.NotTrained, 'index is not trained: call train() first');
    }
  }

  private prepare(vectors: Float32Array): Float32Array {
    return this.metric === 'cosine' ? normalizedCopy(vectors, this.dimension) : vectors;
  }

  /** Faiss returns inner products (higher is better) for ip; the engine reports -ip and 1 - cos. */
  private toEngineDistances(distances: Float32Array, labels: BigInt64Array): void {
    for (let i = 0; i < distances.length; i++) {
      if (labels[i] < 0n) distances[i] = Infinity;
      else if (this.metric === 'ip') distances[i] = -distances[i];
      else if (this.metric === 'cosine') distances[i] = 1 - distances[i];
    }
  }
}
