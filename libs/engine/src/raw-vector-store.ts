import { isFaissAvailable, rowDistances } from '@shoal/faiss-native';
import { dot, squaredL2 } from './vector-math.util';
import type { DistanceMetric } from './vector-index';

/** Whether re-ranks go through the addon's SIMD kernels (checked once; the mock works without it). */
let nativeRowDistances: boolean | undefined;

// Module-level aliases: hot loops avoid global lookups, which are very slow inside jest's vm sandbox.
const sqrt = Math.sqrt;

/**
 * Raw float vectors by slot (slot = the int64 label handed to the index). Slots are append-only:
 * an upsert takes a new slot and the old one turns dead, so a label never changes meaning while a
 * search that started before the write is still running.
 */
export class RawVectorStore {
  private data: Float32Array;
  private alive: Uint8Array;
  private next = 0;

  constructor(
    readonly dimension: number,
    initialCapacity = 1024,
  ) {
    this.data = new Float32Array(initialCapacity * dimension);
    this.alive = new Uint8Array(initialCapacity);
  }

  /** Number of slots ever used (live or dead). */
  get slots(): number {
    return this.next;
  }

  /** Appends vectors (not yet live) and returns the first slot. */
  append(vectors: Float32Array): number {
    const n = vectors.length / this.dimension;
    this.ensureCapacity(this.next + n);
    const first = this.next;
    this.data.set(vectors, first * this.dimension);
    this.next += n;
    return first;
  }

  isLive(slot: number): boolean {
    return slot >= 0 && slot < this.next && this.alive[slot] === 1;
  }

  setLive(slot: number, live: boolean): void {
    this.alive[slot] = live ? 1 : 0;
  }

  vector(slot: number): Float32Array {
    return this.data.subarray(slot * this.dimension, (slot + 1) * this.dimension);
  }

  /** Copies the given slots into one row-major array. */
  gather(slots: ArrayLike<number>): Float32Array {
    const d = this.dimension;
    const out = new Float32Array(slots.length * d);
    for (let i = 0; i < slots.length; i++) out.set(this.data.subarray(slots[i] * d, (slots[i] + 1) * d), i * d);
    return out;
  }

  /** Exact engine distance (lower is better); `query` must be unit-normalised for cosine. */
  distance(metric: DistanceMetric, query: Float32Array, queryOffset: number, slot: number): number {
    const d = this.dimension;
    const off = slot * d;
    switch (metric) {
      case 'l2':
        return squaredL2(query, queryOffset, this.data, off, d);
      case 'ip':
        return -dot(query, queryOffset, this.data, off, d);
      case 'cosine': {
        const norm = sqrt(dot(this.data, off, this.data, off, d));
        return norm > 0 ? 1 - dot(query, queryOffset, this.data, off, d) / norm : 1;
      }
    }
  }

  /**
   * {@link distance} for many slots at once, into `out`: through the Faiss addon's SIMD kernels
   * when it loads (float32, a few µs for 100 rows of 784), else in JavaScript (float64).
   */
  distances(metric: DistanceMetric, query: Float32Array, slots: Int32Array, out: Float32Array): void {
    nativeRowDistances ??= isFaissAvailable().ok;
    if (nativeRowDistances) {
      rowDistances(metric, query, this.data, slots, out);
      return;
    }
    for (let i = 0; i < slots.length; i++) out[i] = this.distance(metric, query, 0, slots[i]);
  }

  /** The bytes behind slots [0, slots): vectors and liveness, for snapshots. */
  exportState(): { vectors: Float32Array; alive: Uint8Array } {
    return { vectors: this.data.subarray(0, this.next * this.dimension), alive: this.alive.subarray(0, this.next) };
  }

  static fromState(dimension: number, vectors: Float32Array, alive: Uint8Array): RawVectorStore {
    const store = new RawVectorStore(dimension, Math.max(alive.length, 1));
    store.data.set(vectors);
    store.alive.set(alive);
    store.next = alive.length;
    return store;
  }

  private ensureCapacity(slots: number): void {
    if (slots <= this.alive.length) return;
    const capacity = Math.max(slots, this.alive.length * 2);
    const data = new Float32Array(capacity * this.dimension);
    data.set(this.data.subarray(0, this.next * this.dimension));
    const alive = new Uint8Array(capacity);
    alive.set(this.alive.subarray(0, this.next));
    this.data = data;
    this.alive = alive;
  }
}
