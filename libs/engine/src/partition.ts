import { AsyncMutex } from './async-mutex.util';
import { createVectorIndex } from './create-index';
import { EngineError, EngineErrorCode } from './engine.error';
import { ExactFlatIndex } from './exact-flat.index';
import { FaissIvfPqIndex } from './faiss-ivf-pq.index';
import { type IndexSpec, minimumTrainingPoints, recommendedTrainingPoints, resolveIvfPqSpec } from './index-spec';
import { assertId, packRecords } from './partition-input.util';
import { readPartitionSnapshot, writePartitionSnapshot, type PartitionSnapshot } from './partition-snapshot';
import type {
  PartitionHit,
  PartitionOptions,
  PartitionRecord,
  PartitionSearchOptions,
  PartitionStats,
  VectorMetadata,
} from './partition.types';
import { RawVectorStore } from './raw-vector-store';
import { TopK } from './top-k.util';
import { assertDimension, assertK, assertMetric, assertVectors, normalizedCopy } from './vector-math.util';
import type { DistanceMetric, IndexSearchResult, VectorIndex } from './vector-index';

// Module-level aliases: hot loops avoid global lookups, which are very slow inside jest's vm sandbox.
const toNumber = Number;
const toBigInt = BigInt;

const ADD_CHUNK = 65536;
/** Bound on the over-fetch that hides replaced/deleted labels not yet purged from the index. */
const MAX_OVERFETCH = 1024;

export interface TrainReport {
  trainVectors: number;
  indexedVectors: number;
  trainSeconds: number;
  addSeconds: number;
}

export interface TemplateAdoptReport {
  /** Live vectors added to the index built from the template. */
  indexedVectors: number;
  addSeconds: number;
}

/**
 * What one shard replica holds: string ids over int64 labels (slots), raw vectors, metadata, an
 * index (IVF-PQ, Faiss flat, or the exact mock) and, for trained indexes, an exactly searched tail
 * of vectors not yet added to the index. Writes are serialised; searches run alongside them and
 * only ever return live ids.
 */
export class Partition {
  private readonly writes = new AsyncMutex();
  private readonly inFlight = new Map<VectorIndex, number>();
  private readonly retired = new Set<VectorIndex>();
  private readonly idToSlot = new Map<string, number>();
  private readonly metadata = new Map<string, VectorMetadata>();
  private readonly tailFlushThreshold: number;
  /** Labels present in an index whose slot is not live (being added or being purged). */
  private unpurged = 0;

  private constructor(
    readonly options: Required<PartitionOptions>,
    private main: VectorIndex,
    private tail: ExactFlatIndex | null,
    private store: RawVectorStore,
    private slotIds: (string | undefined)[],
    /** Live slots below this are inside `main` (when `main` needs training); the rest are in the tail. */
    private indexedUpTo: number,
  ) {
    this.tailFlushThreshold = options.tailFlushThreshold;
    slotIds.forEach((id, slot) => id !== undefined && store.isLive(slot) && this.idToSlot.set(id, slot));
  }

  static create(options: PartitionOptions): Partition {
    const resolved = Partition.resolveOptions(options);
    const main = createVectorIndex(resolved.backend, resolved.dimension, resolved.metric, resolved.index);
    const tail = main.requiresTraining ? new ExactFlatIndex(resolved.dimension, resolved.metric) : null;
    return new Partition(resolved, main, tail, new RawVectorStore(resolved.dimension), [], 0);
  }

  get dimension(): number {
    return this.options.dimension;
  }

  get metric(): DistanceMetric {
    return this.options.metric;
  }

  get size(): number {
    return this.idToSlot.size;
  }

  get isTrained(): boolean {
    return !this.main.requiresTraining || this.main.isTrained;
  }

  has(id: string): boolean {
    return this.idToSlot.has(id);
  }

  get(id: string): { id: string; values: Float32Array; metadata?: VectorMetadata } | undefined {
    const slot = this.idToSlot.get(id);
    if (slot === undefined) return undefined;
    return { id, values: this.store.vector(slot).slice(), metadata: this.metadata.get(id) };
  }

  /** Inserts or replaces vectors by id. The whole batch is validated first. */
  upsert(records: PartitionRecord[]): Promise<{ upserted: number }> {
    const packed = packRecords(records, this.dimension);
    return this.writes.run(async () => {
      const n = records.length;
      if (n === 0) return { upserted: 0 };
      const first = this.store.append(packed);
      this.unpurged += n;
      await this.writeTarget().add(packed, labelRange(first, n));
      const replaced: number[] = [];
      records.forEach((record, i) => {
        const old = this.idToSlot.get(record.id);
        if (old !== undefined) {
          this.store.setLive(old, false);
          this.slotIds[old] = undefined;
          replaced.push(old);
        }
        this.store.setLive(first + i, true);
        this.slotIds[first + i] = record.id;
        this.idToSlot.set(record.id, first + i);
        if (record.metadata) this.metadata.set(record.id, record.metadata);
        else this.metadata.delete(record.id);
      });
      this.unpurged += replaced.length - n;
      await this.purge(replaced);
      if (this.tail && this.main.isTrained && this.tail.size >= this.tailFlushThreshold) await this.flushLocked();
      return { upserted: n };
    });
  }

  /** Deletes ids; unknown ids are ignored. Deleted ids vanish from searches at once and are purged from the index. */
  delete(ids: string[]): Promise<{ deleted: number }> {
    if (!Array.isArray(ids)) throw new EngineError(EngineErrorCode.InvalidArgument, 'ids must be an array of strings');
    ids.forEach((id, i) => assertId(id, `ids[${i}]`));
    return this.writes.run(async () => {
      const dead: number[] = [];
      for (const id of new Set(ids)) {
        const slot = this.idToSlot.get(id);
        if (slot === undefined) continue;
        this.store.setLive(slot, false);
        this.slotIds[slot] = undefined;
        this.idToSlot.delete(id);
        this.metadata.delete(id);
        dead.push(slot);
      }
      this.unpurged += dead.length;
      await this.purge(dead);
      return { deleted: dead.length };
    });
  }

  /**
   * Trains a fresh index on a uniform sample of the live vectors, adds every live vector, then swaps
   * it in. Searches keep using the previous index and tail until the swap.
   */
  train(options: { sampleSize?: number; seed?: number } = {}): Promise<TrainReport> {
    return this.writes.run(async () => {
      if (!this.main.requiresTraining) return { trainVectors: 0, indexedVectors: this.size, trainSeconds: 0, addSeconds: 0 };
      const spec = resolveIvfPqSpec(this.ivfSpec(), this.dimension);
      const live = this.liveSlots(0);
      const needed = minimumTrainingPoints(spec);
      if (live.length < needed) {
        throw new EngineError(
          EngineErrorCode.InvalidArgument,
          `training needs at least ${needed} vectors for nlist=${spec.nlist}, nbits=${spec.nbits}; the partition has ` +
            `${live.length} (Faiss recommends ${recommendedTrainingPoints(spec)})`,
        );
      }
      const sample = sampleSlots(live, Math.max(needed, Math.min(options.sampleSize ?? live.length, live.length)), options.seed ?? 1);
      const fresh = createVectorIndex(this.options.backend, this.dimension, this.metric, this.options.index);
      const t0 = process.hrtime.bigint();
      try {
        await fresh.train(this.store.gather(sample));
      } catch (error) {
        fresh.dispose();
        throw error;
      }
      const t1 = process.hrtime.bigint();
      const indexedVectors = await this.fillAndSwap(fresh);
      const t2 = process.hrtime.bigint();
      return {
        trainVectors: sample.length,
        indexedVectors,
        trainSeconds: Number(t1 - t0) / 1e9,
        addSeconds: Number(t2 - t1) / 1e9,
      };
    });
  }

  /**
   * Builds the index from a collection-wide template (`trainIvfPqTemplate`) instead of training
   * one on this partition: every shard built from the same template shares its coarse centroids
   * and PQ codebooks, so the shards' distances are comparable and their merged top-k equals that
   * of one index holding every vector. The template is checked first (trained, empty, this
   * dimension, metric and layout), then every live vector is added and the index swapped in;
   * searches keep using the previous index and tail until the swap. IVF-PQ on Faiss only.
   */
  adoptTemplate(template: Uint8Array): Promise<TemplateAdoptReport> {
    return this.writes.run(async () => {
      const spec = this.options.index;
      if (this.options.backend !== 'faiss' || spec.type !== 'ivf_pq') {
        throw new EngineError(
          EngineErrorCode.InvalidArgument,
          `adoptTemplate needs an IVF-PQ partition on the Faiss backend; this one is ${spec.type} on ${this.options.backend}`,
        );
      }
      const fresh = await FaissIvfPqIndex.fromTemplate(template, this.dimension, this.metric, spec);
      const t0 = process.hrtime.bigint();
      const indexedVectors = await this.fillAndSwap(fresh);
      return { indexedVectors, addSeconds: Number(process.hrtime.bigint() - t0) / 1e9 };
    });
  }

  /** Adds the exact tail to the trained index now (normally done when the tail reaches its threshold). */
  flushTail(): Promise<void> {
    return this.writes.run(() => this.flushLocked());
  }

  async search(queries: Float32Array, options: PartitionSearchOptions): Promise<PartitionHit[][]> {
    const { k } = options;
    assertK(k);
    const nq = assertVectors(queries, this.dimension, 'queries');
    const main = this.main;
    const tail = this.tail;
    const refine = main.requiresTraining ? Math.max(1, options.refine ?? this.ivfSpec().refine ?? 1) : 1;
    const extra = Math.min(this.unpurged, MAX_OVERFETCH);
    const allowedLabels = options.allowedIds ? this.labelsOf(options.allowedIds) : undefined;
    const mainK = Math.min(2048, k * refine + extra);
    const searchable = main.size > 0 && (!main.requiresTraining || main.isTrained);
    const tailResult = tail && tail.size > 0 ? tail.searchSync(queries, Math.min(2048, k + extra), { allowedLabels }) : null;
    const mainResult = searchable
      ? await this.track(main, () => main.search(queries, mainK, { nprobe: options.nprobe, allowedLabels }))
      : null;
    const q = this.metric === 'cosine' ? normalizedCopy(queries, this.dimension) : queries;
    const hits: PartitionHit[][] = [];
    for (let qi = 0; qi < nq; qi++) {
      const best = new TopK(k);
      const seen = new Set<bigint>();
      if (mainResult) this.collect(best, seen, mainResult, mainK, qi, refine > 1 ? q : null);
      if (tailResult) this.collect(best, seen, tailResult, tailResult.labels.length / nq, qi, null);
      hits.push(this.toHits(best, options.includeMetadata === true));
    }
    return hits;
  }

  describe() {
    return this.main.describe();
  }

  stats(): PartitionStats {
    const memory = this.main.memoryUsage();
    const tail = this.tail?.size ?? 0;
    const trainedIndex = !this.main.requiresTraining || this.main.isTrained;
    return {
      vectors: this.size,
      indexed: trainedIndex ? this.size - tail : 0,
      tail: trainedIndex ? tail : this.size,
      deadSlots: this.store.slots - this.size,
      trained: trainedIndex,
      description: this.main.describe(),
      indexBytes: memory.indexBytes,
      indexBytesPerVector: memory.bytesPerVector,
    };
  }

  /** Writes the whole state (index bytes, ids, raw vectors, liveness, metadata) atomically into `dir`. */
  save(dir: string): Promise<void> {
    return this.writes.run(async () => {
      const hasIndex = !this.main.requiresTraining || this.main.isTrained;
      const snapshot: PartitionSnapshot = {
        options: this.options,
        indexedUpTo: this.indexedUpTo,
        slotIds: this.slotIds,
        metadata: [...this.metadata],
        store: this.store.exportState(),
        indexBytes: hasIndex ? await this.main.serialize() : null,
      };
      await writePartitionSnapshot(dir, snapshot);
    });
  }

  /**
   * Restores a partition saved by `save`. With another backend than the one that saved it, the index
   * is rebuilt from the raw vectors (the mock at once; Faiss IVF-PQ starts untrained, searching exactly).
   */
  static async load(dir: string, overrides: Partial<Pick<PartitionOptions, 'backend' | 'tailFlushThreshold'>> = {}): Promise<Partition> {
    const snapshot = await readPartitionSnapshot(dir);
    const options = Partition.resolveOptions({ ...snapshot.options, ...overrides });
    const store = RawVectorStore.fromState(options.dimension, snapshot.store.vectors, snapshot.store.alive);
    const sameBackend = options.backend === snapshot.options.backend;
    const main =
      sameBackend && snapshot.indexBytes
        ? await snapshot.deserializeIndex(options.backend)
        : createVectorIndex(options.backend, options.dimension, options.metric, options.index);
    const trained = !main.requiresTraining || main.isTrained;
    const indexedUpTo = sameBackend && snapshot.indexBytes ? snapshot.indexedUpTo : main.requiresTraining ? 0 : store.slots;
    const partition = new Partition(options, main, null, store, snapshot.slotIds, indexedUpTo);
    snapshot.metadata.forEach(([id, value]) => partition.metadata.set(id, value));
    if (main.requiresTraining) {
      partition.tail = new ExactFlatIndex(options.dimension, options.metric);
      const tailSlots = partition.liveSlots(trained ? indexedUpTo : 0);
      if (tailSlots.length) partition.tail.addSync(store.gather(tailSlots), slotLabels(tailSlots));
    } else if (!(sameBackend && snapshot.indexBytes)) {
      const live = partition.liveSlots(0);
      if (live.length) await main.add(store.gather(live), slotLabels(live));
    }
    return partition;
  }

  dispose(): void {
    this.main.dispose();
    this.tail?.dispose();
  }

  private static resolveOptions(options: PartitionOptions): Required<PartitionOptions> {
    const { dimension, metric, index, backend } = options;
    assertDimension(dimension);
    assertMetric(metric);
    if (backend !== 'faiss' && backend !== 'mock') {
      throw new EngineError(EngineErrorCode.InvalidArgument, `backend must be "faiss" or "mock", got ${JSON.stringify(backend)}`);
    }
    const type: unknown = index?.type;
    if (type !== 'ivf_pq' && type !== 'flat') {
      throw new EngineError(EngineErrorCode.InvalidArgument, `index.type must be "flat" or "ivf_pq", got ${JSON.stringify(type)}`);
    }
    const resolvedIndex: IndexSpec = index.type === 'ivf_pq' ? resolveIvfPqSpec(index, dimension) : { type: 'flat' };
    return { dimension, metric, index: resolvedIndex, backend, tailFlushThreshold: options.tailFlushThreshold ?? 10000 };
  }

  private ivfSpec() {
    const spec = this.options.index;
    if (spec.type !== 'ivf_pq') throw new EngineError(EngineErrorCode.InvalidArgument, 'this partition has no IVF-PQ index');
    return spec;
  }

  private writeTarget(): VectorIndex {
    return this.tail ?? this.main;
  }

  /** Removes dead slots from whichever index holds them. */
  private async purge(slots: number[]): Promise<void> {
    if (!slots.length) return;
    const inMain = this.tail ? slots.filter((s) => s < this.indexedUpTo && this.main.isTrained) : slots;
    const inTail = this.tail ? slots.filter((s) => !(s < this.indexedUpTo && this.main.isTrained)) : [];
    if (inTail.length) this.tail?.removeSync(slotLabels(Int32Array.from(inTail)));
    if (inMain.length) await this.main.remove(slotLabels(Int32Array.from(inMain)));
    this.unpurged -= slots.length;
  }

  private async flushLocked(): Promise<void> {
    if (!this.tail || !this.main.isTrained || this.tail.size === 0) return;
    const slots = this.liveSlots(this.indexedUpTo);
    const upTo = this.store.slots;
    for (let i = 0; i < slots.length; i += ADD_CHUNK) {
      const chunk = slots.subarray(i, i + ADD_CHUNK);
      await this.main.add(this.store.gather(chunk), slotLabels(chunk));
    }
    await this.main.compact();
    // Searches running during the adds saw some labels in both places; the merge de-duplicates.
    this.indexedUpTo = upTo;
    this.tail = new ExactFlatIndex(this.dimension, this.metric);
  }

  /** Adds every live vector to the trained `fresh` index and swaps it in; `fresh` is disposed if that fails. */
  private async fillAndSwap(fresh: VectorIndex): Promise<number> {
    const live = this.liveSlots(0);
    try {
      for (let i = 0; i < live.length; i += ADD_CHUNK) {
        const chunk = live.subarray(i, i + ADD_CHUNK);
        await fresh.add(this.store.gather(chunk), slotLabels(chunk));
      }
      await fresh.compact();
    } catch (error) {
      fresh.dispose();
      throw error;
    }
    this.swapMain(fresh, this.store.slots);
    return live.length;
  }

  private swapMain(fresh: VectorIndex, indexedUpTo: number): void {
    const old = this.main;
    this.main = fresh;
    this.indexedUpTo = indexedUpTo;
    this.tail = new ExactFlatIndex(this.dimension, this.metric);
    if (this.inFlight.get(old)) this.retired.add(old);
    else old.dispose();
  }

  /** Counts searches per index so a swapped-out index is disposed only after its last search. */
  private async track(index: VectorIndex, search: () => Promise<IndexSearchResult>): Promise<IndexSearchResult> {
    this.inFlight.set(index, (this.inFlight.get(index) ?? 0) + 1);
    try {
      return await search();
    } finally {
      const left = (this.inFlight.get(index) ?? 1) - 1;
      if (left > 0) this.inFlight.set(index, left);
      else {
        this.inFlight.delete(index);
        if (this.retired.delete(index)) index.dispose();
      }
    }
  }

  /**
   * Query `qi`'s live candidates not seen yet, into `best`: with the index's distances, or with exact
   * distances computed in one call (SIMD when Faiss loads) when `rerankQueries` is given.
   */
  private collect(best: TopK, seen: Set<bigint>, result: IndexSearchResult, stride: number, qi: number, rerankQueries: Float32Array | null): void {
    // Candidates to re-rank are gathered first and measured in one call; without a re-rank each goes straight in.
    const rerank = rerankQueries
      ? { query: rerankQueries.subarray(qi * this.dimension, (qi + 1) * this.dimension), labels: new BigInt64Array(stride), slots: new Int32Array(stride), n: 0 }
      : null;
    for (let j = qi * stride; j < (qi + 1) * stride; j++) {
      const label = result.labels[j];
      if (label < 0n || seen.has(label)) continue;
      const slot = toNumber(label);
      if (!this.store.isLive(slot)) continue;
      seen.add(label);
      if (rerank === null) {
        best.push(result.distances[j], label);
        continue;
      }
      rerank.labels[rerank.n] = label;
      rerank.slots[rerank.n++] = slot;
    }
    if (rerank === null) return;
    const { query, labels, slots, n } = rerank;
    const distances = new Float32Array(n);
    this.store.distances(this.metric, query, slots.subarray(0, n), distances);
    for (let i = 0; i < n; i++) best.push(distances[i], labels[i]);
  }

  private toHits(best: TopK, includeMetadata: boolean): PartitionHit[] {
    const { distances, labels } = best.drain();
    const hits: PartitionHit[] = [];
    labels.forEach((label, i) => {
      const id = this.slotIds[Number(label)] as string;
      const hit: PartitionHit = { id, distance: distances[i] };
      const meta = includeMetadata ? this.metadata.get(id) : undefined;
      if (meta) hit.metadata = meta;
      hits.push(hit);
    });
    return hits;
  }

  private labelsOf(ids: string[]): BigInt64Array {
    const labels: bigint[] = [];
    for (const id of ids) {
      const slot = this.idToSlot.get(id);
      if (slot !== undefined) labels.push(BigInt(slot));
    }
    return BigInt64Array.from(labels);
  }

  private liveSlots(from: number): Int32Array {
    const out: number[] = [];
    for (let s = from; s < this.store.slots; s++) if (this.store.isLive(s)) out.push(s);
    return Int32Array.from(out);
  }
}

function labelRange(first: number, n: number): BigInt64Array {
  const labels = new BigInt64Array(n);
  for (let i = 0; i < n; i++) labels[i] = toBigInt(first + i);
  return labels;
}

function slotLabels(slots: ArrayLike<number>): BigInt64Array {
  const labels = new BigInt64Array(slots.length);
  for (let i = 0; i < slots.length; i++) labels[i] = toBigInt(slots[i]);
  return labels;
}

/** Uniform sample without replacement (partial Fisher–Yates with a seeded xorshift). */
function sampleSlots(slots: Int32Array, count: number, seed: number): Int32Array {
  if (count >= slots.length) return slots;
  const pool = slots.slice();
  let state = seed >>> 0 || 1;
  for (let i = 0; i < count; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    const j = i + ((state >>> 0) % (pool.length - i));
    const t = pool[i];
    pool[i] = pool[j];
    pool[j] = t;
  }
  return pool.subarray(0, count);
}
