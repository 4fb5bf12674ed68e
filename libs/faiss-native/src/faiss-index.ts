import type { FaissMemoryUsage } from './faiss-memory-usage.interface';
import type { FaissMetric } from './faiss-metric.type';
import type { FaissSearchOptions } from './faiss-search-options.interface';
import type { FaissSearchResult } from './faiss-search-result.interface';
import { nativeModule } from './load-native';
import type { NativeIndex } from './native';

/**
 * A Faiss index in native memory. Heavy calls run on libuv's thread pool and return promises;
 * a reader/writer lock per index lets searches (and toBuffer/writeFile) run together while
 * train/addWithIds/removeIds/compact/dispose run alone. Do not modify an input array until
 * the call's promise settles: it is read in place, not copied.
 *
 * Methods returning promises reject (never throw) on bad input; `create`, the getters,
 * `memoryUsage` and `dispose` throw.
 */
export class FaissIndex {
  /** Vector dimension. */
  readonly dimension: number;
  readonly metric: FaissMetric;
  /** The index_factory descriptor as created; for a loaded index, a description of its type. */
  readonly descriptor: string;

  private constructor(private readonly native: NativeIndex) {
    this.dimension = native.dimension;
    this.metric = native.metric;
    this.descriptor = native.descriptor;
  }

  /**
   * A new empty index from a faiss index_factory descriptor ("IVF1024,PQ16",
   * "IVF65536_HNSW32,PQ32", "Flat", "HNSW32"...). Indexes that cannot store ids themselves
   * are wrapped in IndexIDMap2, so `addWithIds` works for every descriptor.
   * @throws FaissUnavailableError when the addon cannot load; TypeError/RangeError/Error on bad arguments
   */
  static create(dimension: number, descriptor: string, metric: FaissMetric): FaissIndex {
    return new FaissIndex(nativeModule().createIndex(dimension, descriptor, metric));
  }

  /** Loads an index serialized by {@link toBuffer} (or faiss `write_index`). The bytes are read in place. */
  static async fromBuffer(bytes: Uint8Array): Promise<FaissIndex> {
    return new FaissIndex(await nativeModule().indexFromBuffer(bytes));
  }

  /** Loads an index file written by {@link writeFile} (or faiss `write_index`). */
  static async readFile(path: string): Promise<FaissIndex> {
    return new FaissIndex(await nativeModule().indexFromFile(path));
  }

  /** Vectors stored, as of the last completed mutation (getters never wait for a running call). */
  get ntotal(): number {
    return this.native.ntotal;
  }

  get isTrained(): boolean {
    return this.native.isTrained;
  }

  /** Bytes per stored vector code (IVF code_size, or the flat codec's code size). */
  get codeSize(): number {
    return this.native.codeSize;
  }

  /** Number of IVF lists, or null when the index has no IVF level. */
  get nlist(): number | null {
    return this.native.nlist;
  }

  /**
   * Trains on `vectors` (n × dimension, row-major). Needs at least nlist vectors (IVF) and
   * 2^nbits (PQ); Faiss recommends 39 × that. Rejected once the index holds vectors.
   */
  async train(vectors: Float32Array): Promise<void> {
    await this.native.train(vectors);
  }

  /** Adds n vectors (n × dimension) with their n ids. Ids are not checked for uniqueness. */
  async addWithIds(vectors: Float32Array, ids: BigInt64Array): Promise<void> {
    await this.native.addWithIds(vectors, ids);
  }

  /**
   * The k nearest stored vectors for each of the nq queries (nq × dimension).
   * @param k integer in [1, 2048]
   */
  async search(queries: Float32Array, k: number, options?: FaissSearchOptions): Promise<FaissSearchResult> {
    return this.native.search(queries, k, options);
  }

  /**
   * {@link search} on the calling (JavaScript) thread, with one Faiss thread, for searches too small
   * to be worth a worker-thread hop. Never waits: answers null while a write (train, add, remove,
   * compact) holds the index, so the caller can fall back to {@link search}.
   * @param k integer in [1, 2048]
   */
  searchSync(queries: Float32Array, k: number, options?: FaissSearchOptions): FaissSearchResult | null {
    return this.native.searchSync(queries, k, options);
  }

  /** Removes every vector with one of `ids`; resolves with the count removed. Memory is kept until {@link compact}. */
  async removeIds(ids: BigInt64Array): Promise<number> {
    return this.native.removeIds(ids);
  }

  /** Serializes the index (faiss `write_index` format). The Buffer owns native memory, not copied again. */
  async toBuffer(): Promise<Buffer> {
    return this.native.toBuffer();
  }

  /** Writes the index to `path` atomically (a temporary file beside it, then rename). */
  async writeFile(path: string): Promise<void> {
    await this.native.writeFile(path);
  }

  /** See {@link FaissMemoryUsage}. */
  memoryUsage(): FaissMemoryUsage {
    return this.native.memoryUsage();
  }

  /** Releases the slack capacity of inverted lists and id maps (codes+ids ≈ ntotal × (codeSize + 8)). */
  async compact(): Promise<void> {
    await this.native.compact();
  }

  /**
   * Frees the native index now. Blocks until running calls on this index finish (it takes the
   * exclusive lock); queued ones then reject with 'index disposed', as does any later call.
   */
  dispose(): void {
    this.native.dispose();
  }
}
