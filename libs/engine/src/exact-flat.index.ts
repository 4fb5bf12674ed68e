import { EngineError, EngineErrorCode } from './engine.error';
import { TopK } from './top-k.util';
import { assertK, assertVectors, dot, normalizedCopy, squaredL2 } from './vector-math.util';
import type {
  DistanceMetric,
  IndexDescription,
  IndexMemoryUsage,
  IndexSearchOptions,
  IndexSearchResult,
  VectorIndex,
} from './vector-index';

const MAGIC = 0x46585348; // "HSXF" little-endian: Shoal eXact Flat
const METRICS: DistanceMetric[] = ['l2', 'ip', 'cosine'];

/**
 * The mock backend: exact brute force in TypeScript. Every query scans every vector, O(N·d).
 * It is correct by construction and needs no Faiss, which makes it the reference for tests and
 * the development backend — and it must never be mistaken for an ANN index, hence its labels.
 */
export class ExactFlatIndex implements VectorIndex {
  static readonly SUMMARY = 'exact brute force, O(N) per query, for development';
  readonly backend = 'exact_mock' as const;
  readonly requiresTraining = false;
  readonly isTrained = true;
  private data: Float32Array;
  private labels: BigInt64Array;
  private readonly rowOf = new Map<bigint, number>();
  private count = 0;

  constructor(
    readonly dimension: number,
    readonly metric: DistanceMetric,
    initialCapacity = 1024,
  ) {
    if (!Number.isInteger(dimension) || dimension < 1) {
      throw new EngineError(EngineErrorCode.InvalidArgument, `dimension must be a positive integer, got ${dimension}`);
    }
    this.data = new Float32Array(initialCapacity * dimension);
    this.labels = new BigInt64Array(initialCapacity);
  }

  get size(): number {
    return this.count;
  }

  describe(): IndexDescription {
    return {
      backend: this.backend,
      summary: ExactFlatIndex.SUMMARY,
      exact: true,
      costModel: 'n·d multiply-adds per query (every vector is scanned)',
      params: { dimension: this.dimension, metric: this.metric },
    };
  }

  async train(): Promise<void> {
    // Brute force has nothing to learn.
  }

  async add(vectors: Float32Array, labels: BigInt64Array): Promise<void> {
    this.addSync(vectors, labels);
  }

  /** Adds (or replaces, for a label already present) vectors. */
  addSync(vectors: Float32Array, labels: BigInt64Array): void {
    const n = assertVectors(vectors, this.dimension);
    if (!(labels instanceof BigInt64Array) || labels.length !== n) {
      throw new EngineError(EngineErrorCode.InvalidArgument, `labels length ${labels.length} does not match the ${n} vectors given`);
    }
    const rows = this.metric === 'cosine' ? normalizedCopy(vectors, this.dimension) : vectors;
    this.ensureCapacity(this.count + n);
    const d = this.dimension;
    for (let i = 0; i < n; i++) {
      const existing = this.rowOf.get(labels[i]);
      const row = existing ?? this.count++;
      this.data.set(rows.subarray(i * d, (i + 1) * d), row * d);
      this.labels[row] = labels[i];
      this.rowOf.set(labels[i], row);
    }
  }

  async remove(labels: BigInt64Array): Promise<number> {
    return this.removeSync(labels);
  }

  /** Swap-remove: O(d) per label, keeps the rows dense. */
  removeSync(labels: BigInt64Array): number {
    let removed = 0;
    const d = this.dimension;
    for (const label of labels) {
      const row = this.rowOf.get(label);
      if (row === undefined) continue;
      const last = --this.count;
      if (row !== last) {
        this.data.copyWithin(row * d, last * d, (last + 1) * d);
        this.labels[row] = this.labels[last];
        this.rowOf.set(this.labels[row], row);
      }
      this.rowOf.delete(label);
      removed++;
    }
    return removed;
  }

  has(label: bigint): boolean {
    return this.rowOf.has(label);
  }

  async search(queries: Float32Array, k: number, options: IndexSearchOptions = {}): Promise<IndexSearchResult> {
    return this.searchSync(queries, k, options);
  }

  searchSync(queries: Float32Array, k: number, options: IndexSearchOptions = {}): IndexSearchResult {
    assertK(k);
    const nq = assertVectors(queries, this.dimension, 'queries');
    const q = this.metric === 'cosine' ? normalizedCopy(queries, this.dimension) : queries;
    const allowed = options.allowedLabels ? new Set(options.allowedLabels) : null;
    const distances = new Float32Array(nq * k).fill(Infinity);
    const labels = new BigInt64Array(nq * k).fill(-1n);
    for (let qi = 0; qi < nq; qi++) {
      const best = this.scan(q, qi * this.dimension, k, allowed);
      const found = best.drain();
      distances.set(found.distances, qi * k);
      labels.set(found.labels, qi * k);
    }
    return { distances, labels };
  }

  memoryUsage(): IndexMemoryUsage {
    const indexBytes = this.data.byteLength + this.labels.byteLength;
    return { indexBytes, payloadBytes: indexBytes, bytesPerVector: this.count ? indexBytes / this.count : 0 };
  }

  async compact(): Promise<void> {
    this.data = this.data.slice(0, Math.max(this.count, 1) * this.dimension);
    this.labels = this.labels.slice(0, Math.max(this.count, 1));
  }

  async serialize(): Promise<Buffer> {
    const d = this.dimension;
    const header = Buffer.alloc(16);
    header.writeUInt32LE(MAGIC, 0);
    header.writeUInt32LE(d, 4);
    header.writeUInt32LE(METRICS.indexOf(this.metric), 8);
    header.writeUInt32LE(this.count, 12);
    const labels = Buffer.from(this.labels.buffer, this.labels.byteOffset, this.count * 8);
    const data = Buffer.from(this.data.buffer, this.data.byteOffset, this.count * d * 4);
    return Buffer.concat([header, labels, data]);
  }

  static deserialize(bytes: Uint8Array): ExactFlatIndex {
    const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (buf.length < 16 || buf.readUInt32LE(0) !== MAGIC) {
      throw new EngineError(EngineErrorCode.CorruptSnapshot, 'not an exact flat index snapshot (bad magic)');
    }
    const d = buf.readUInt32LE(4);
    const metric = METRICS[buf.readUInt32LE(8)];
    const n = buf.readUInt32LE(12);
    if (!metric || buf.length !== 16 + n * 8 + n * d * 4) {
      throw new EngineError(EngineErrorCode.CorruptSnapshot, `exact flat snapshot is truncated or corrupt (${buf.length} bytes for n=${n}, d=${d})`);
    }
    const index = new ExactFlatIndex(d, metric, Math.max(n, 1));
    const labels = new BigInt64Array(buf.buffer.slice(buf.byteOffset + 16, buf.byteOffset + 16 + n * 8));
    const data = new Float32Array(buf.buffer.slice(buf.byteOffset + 16 + n * 8, buf.byteOffset + buf.length));
    index.data.set(data);
    index.labels.set(labels);
    index.count = n;
    for (let i = 0; i < n; i++) index.rowOf.set(labels[i], i);
    return index;
  }

  dispose(): void {
    this.data = new Float32Array(0);
    this.labels = new BigInt64Array(0);
    this.rowOf.clear();
    this.count = 0;
  }

  private scan(q: Float32Array, qOff: number, k: number, allowed: Set<bigint> | null): TopK {
    const best = new TopK(k);
    for (let row = 0; row < this.count; row++) {
      if (allowed && !allowed.has(this.labels[row])) continue;
      const dist = this.distance(q, qOff, row);
      if (dist <= best.threshold) best.push(dist, this.labels[row]);
    }
    return best;
  }

  private distance(q: Float32Array, qOff: number, row: number): number {
    const d = this.dimension;
    switch (this.metric) {
      case 'l2':
        return squaredL2(q, qOff, this.data, row * d, d);
      case 'ip':
        return -dot(q, qOff, this.data, row * d, d);
      case 'cosine':
        return 1 - dot(q, qOff, this.data, row * d, d);
    }
  }

  private ensureCapacity(rows: number): void {
    if (rows <= this.labels.length) return;
    const capacity = Math.max(rows, Math.ceil(this.labels.length * 1.5));
    const data = new Float32Array(capacity * this.dimension);
    data.set(this.data.subarray(0, this.count * this.dimension));
    const labels = new BigInt64Array(capacity);
    labels.set(this.labels.subarray(0, this.count));
    this.data = data;
    this.labels = labels;
  }
}
