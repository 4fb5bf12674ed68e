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
    const result = await this.native.search(this.prepare(queries), k, {
      nprobe: options.nprobe ?? this.defaultNprobe(),
      allowedIds: options.allowedLabels,
    });
    this.toEngineDistances(result.distances, result.labels);
    return result;
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
