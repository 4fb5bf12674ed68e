import { rm } from 'node:fs/promises';
import { ApiError, ApiErrorCode, type LogSegment, type PartitionStatus } from '@shoal/contracts';
import type { Partition, PartitionHit, PartitionSearchOptions } from '@shoal/engine';
import { applySegment, isRefusedSegmentError, recoverReplica, writeCheckpoint, type RecoveryInput, type ReplicaCheckpoint } from '@shoal/replica';
import type { ShardLogReader } from '@shoal/shard-log';
import type { Logger } from 'pino';
import { retryUntil, sleep } from './deadline.util';
import { loadGeneration, replayInto, type GenerationSource } from './generation-load';
import { uploadSnapshot } from './snapshot-upload';
import { SerialQueue } from './serial-queue.util';

export interface ReplicaPartitionOptions extends RecoveryInput {
  log: Pick<ShardLogReader, 'readAfter'>;
  /** Where the index generations' shard builds are downloaded from. */
  generations: GenerationSource;
  /** Snapshot after this many applied segments. */
  snapshotEvery: number;
  /** ...or this long after the last snapshot when anything changed. */
  snapshotIntervalMs: number;
  /** How often to list the log after `appliedSeq` (notifications and events are only hints). */
  pollMs: number;
}

/** Pause between catch-up attempts while a read waits for `minSeq` (a hole may need sealing first). */
const WAIT_RETRY_MS = 20;

/**
 * One replica of one shard: recovers its partition, applies the shard's log strictly in `seq`
 * order and snapshots it. Every change (recovery, segment apply, local save) runs on one serial
 * queue, so `appliedSeq` always matches the partition's content; searches run alongside.
 */
export class ReplicaPartition {
  private partition: Partition | null = null;
  private checkpoint: ReplicaCheckpoint;
  private current: PartitionStatus['state'] = 'recovering';
  private readonly applies = new SerialQueue();
  /** One snapshot (save + upload) at a time; uploads run outside `applies` so writes continue. */
  private readonly snapshots = new SerialQueue();
  private queuedCatchUp: Promise<void> | null = null;
  private snapshotQueued = false;
  private appliedSinceSnapshot = 0;
  private storedSeq = -1;
  private lastSnapshotAt = Date.now();
  private poller: NodeJS.Timeout | undefined;
  private closed = false;
  /** Searches in flight per partition: a partition swapped out is freed only after its last one. */
  private readonly reads = new Map<Partition, number>();
  private switching: Promise<void> | null = null;
  private readonly logger: Logger;

  constructor(private readonly options: ReplicaPartitionOptions) {
    const { collection, shard } = options;
    this.checkpoint = { appliedSeq: 0, generation: collection.generation, collectionCreatedAt: collection.createdAt };
    this.logger = options.logger.child({ collection: collection.name, shard });
  }

  get appliedSeq(): number {
    return this.checkpoint.appliedSeq;
  }

  get generation(): number {
    return this.checkpoint.generation;
  }

  get state(): PartitionStatus['state'] {
    return this.current;
  }

  status(): PartitionStatus {
    const stats = this.partition?.stats();
    return {
      collection: this.options.collection.name,
      shard: this.options.shard,
      appliedSeq: this.appliedSeq,
      vectors: stats?.vectors ?? 0,
      // The index's own name ("exact_mock" for the brute-force mock), never the requested one.
      backend: stats?.description.backend ?? this.options.backend,
      exact: stats ? stats.description.exact || !stats.trained : true,
      state: this.current,
      generation: this.generation,
      indexBytesPerVector: stats?.indexBytesPerVector ?? 0,
    };
  }

  /** Recovers (local snapshot → store snapshot → empty), replays the log until caught up, then serves. */
  async start(): Promise<void> {
    const source = await this.applies.run(async () => {
      const recovered = await recoverReplica(this.options);
      if (this.closed) {
        recovered.partition.dispose();
        return null;
      }
      this.partition = recovered.partition;
      this.checkpoint = recovered.checkpoint;
      this.storedSeq = recovered.storedSeq;
      return recovered.source;
    });
    if (source === null) return;
    const fromSeq = this.appliedSeq;
    await this.catchUp();
    if (this.closed) return;
    this.current = 'active';
    this.poller = setInterval(() => this.tick(), this.options.pollMs).unref();
    this.logger.info({ source, fromSeq, appliedSeq: this.appliedSeq, vectors: this.status().vectors }, 'partition recovered and active');
  }

  /**
   * Replays every segment after `appliedSeq` that the log holds. Calls made while one is queued
   * share it, so a burst of notifications costs one listing.
   */
  catchUp(): Promise<void> {
    if (this.queuedCatchUp) return this.queuedCatchUp;
    const run = this.applies.run(async () => {
      this.queuedCatchUp = null;
      await this.replayLog();
    });
    this.queuedCatchUp = run;
    return run;
  }

  /** A segment pushed by the coordinator: applied at once when it is the next one, else a catch-up is started. */
  async notify(segment: LogSegment): Promise<number> {
    if (this.current === 'active' && segment.seq > this.appliedSeq) {
      await this.applies.run(async () => {
        if (!this.closed && !(await this.applyNext(segment))) void this.catchUp().catch((error) => this.warn(error, 'catch-up failed'));
      });
    }
    return this.appliedSeq;
  }

  /** Resolves true once `appliedSeq ≥ minSeq`, catching up from the store; false when `timeoutMs` runs out first. */
  waitForSeq(minSeq: number, timeoutMs: number): Promise<boolean> {
    // A hole before minSeq is sealed only after SHOAL_LOG_HOLE_MS, hence the retries.
    const attempt = () => this.catchUp().catch((error) => this.warn(error, 'catch-up failed'));
    return retryUntil(() => this.appliedSeq >= minSeq || this.closed, attempt, timeoutMs, WAIT_RETRY_MS).then(() => this.appliedSeq >= minSeq);
  }

  async search(queries: Float32Array, options: PartitionSearchOptions): Promise<PartitionHit[][]> {
    return this.reading((partition) => partition.search(queries, options));
  }

  get(id: string): ReturnType<Partition['get']> {
    const partition = this.serving();
    return partition.get(id);
  }

  get dimension(): number {
    return this.options.collection.dimension;
  }

  /**
   * Saves the partition with its checkpoint locally, then uploads it; resolves the sequence number
   * of the newest snapshot in the store. Nothing new since the last upload: nothing is redone.
   */
  snapshot(): Promise<number> {
    return this.snapshots.run(async () => {
      const seq = await this.applies.run(async () => {
        if (this.partition === null || this.closed || this.appliedSeq <= this.storedSeq) return null;
        await this.partition.save(this.options.dir);
        await writeCheckpoint(this.options.dir, this.checkpoint);
        this.appliedSinceSnapshot = 0;
        return this.appliedSeq;
      });
      this.lastSnapshotAt = Date.now();
      if (seq !== null) this.storedSeq = Math.max(this.storedSeq, await uploadSnapshot(this.options, seq, this.logger));
      return this.storedSeq;
    });
  }

  /**
   * Moves this replica to index generation `generation` with no downtime: downloads the shard's
   * build, replays the log after its watermark beside the serving partition, then (on the apply
   * queue, so no write slips between) replays what is left, swaps, saves locally and frees the old
   * partition after its last search. Calls while one runs share it; older generations are ignored.
   */
  adoptGeneration(generation: number): Promise<void> {
    if (this.switching) return this.switching;
    if (generation <= this.generation || this.closed || this.current !== 'active') return Promise.resolve();
    const run = this.switchTo(generation).finally(() => {
      if (this.switching === run) this.switching = null;
    });
    this.switching = run;
    return run;
  }

  /** Stops polling, lets queued work finish and in-flight searches end, then frees the partition. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.poller);
    await this.applies.idle();
    await this.switching?.catch(() => undefined);
    const partition = this.partition;
    this.partition = null;
    if (partition !== null) await this.retire(partition);
  }

  /** Closes and deletes the local snapshot directory (the collection is gone or placed elsewhere). */
  async destroy(): Promise<void> {
    await this.close();
    await rm(this.options.dir, { recursive: true, force: true });
  }

  private async switchTo(generation: number): Promise<void> {
    const staging = `${this.options.dir}.generation-${generation}`;
    const started = Date.now();
    const loaded = await loadGeneration(this.options, generation, staging);
    try {
      const swapped = await this.applies.run(async () => {
        if (this.closed) return false;
        await replayInto(loaded, this.options, this.appliedSeq, (error, seq) => this.logger.error({ err: error, seq }, 'log segment refused; skipped'));
        if (loaded.checkpoint.appliedSeq < this.appliedSeq) throw new Error(`the log ends at ${loaded.checkpoint.appliedSeq}, before the applied seq ${this.appliedSeq}`);
        const old = this.partition;
        this.partition = loaded.partition;
        this.checkpoint = loaded.checkpoint;
        // The local directory must describe the new generation before anything else is saved there.
        await loaded.partition.save(this.options.dir);
        await writeCheckpoint(this.options.dir, this.checkpoint);
        this.storedSeq = -1;
        if (old !== null) void this.retire(old);
        return true;
      });
      if (!swapped) loaded.partition.dispose();
      else this.logger.info({ generation, appliedSeq: this.appliedSeq, ms: Date.now() - started }, 'index generation swapped in');
    } catch (error) {
      if (this.partition !== loaded.partition) loaded.partition.dispose();
      throw error;
    } finally {
      await rm(staging, { recursive: true, force: true });
    }
  }

  private async replayLog(): Promise<void> {
    const { collection, shard, log } = this.options;
    while (this.partition !== null && !this.closed) {
      const segments = await log.readAfter(collection.name, shard, this.appliedSeq);
      if (segments.length === 0) return;
      for (const segment of segments) {
        if (this.closed || !(await this.applyNext(segment))) return;
      }
    }
  }

  /** Applies `segment` if it is the next one; true when it is applied or already was. */
  private async applyNext(segment: LogSegment): Promise<boolean> {
    if (segment.seq <= this.appliedSeq) return true;
    if (segment.seq !== this.appliedSeq + 1 || this.partition === null) return false;
    try {
      await applySegment(this.partition, segment);
    } catch (error) {
      if (!isRefusedSegmentError(error)) throw error;
      // Every replica refuses the same bytes the same way, so skipping keeps them identical; stopping would stall the shard forever.
      this.logger.error({ err: error, seq: segment.seq }, 'log segment refused; skipped');
    }
    this.checkpoint = { ...this.checkpoint, appliedSeq: segment.seq };
    if (++this.appliedSinceSnapshot >= this.options.snapshotEvery) this.snapshotSoon();
    return true;
  }

  private tick(): void {
    void this.catchUp().catch((error) => this.warn(error, 'catch-up failed'));
    const due = Date.now() - this.lastSnapshotAt >= this.options.snapshotIntervalMs;
    if (due && this.appliedSeq > this.storedSeq) this.snapshotSoon();
  }

  private snapshotSoon(): void {
    if (this.snapshotQueued || this.closed) return;
    this.snapshotQueued = true;
    void this.snapshot()
      .catch((error) => this.warn(error, 'snapshot failed'))
      .finally(() => (this.snapshotQueued = false));
  }

  private serving(): Partition {
    if (this.closed) throw new ApiError(ApiErrorCode.Unavailable, `partition ${this.key} is closing`);
    if (this.current !== 'active' || this.partition === null) throw new ApiError(ApiErrorCode.Unavailable, `partition ${this.key} is still recovering`);
    return this.partition;
  }

  private async reading<T>(read: (partition: Partition) => Promise<T>): Promise<T> {
    const partition = this.serving();
    this.reads.set(partition, (this.reads.get(partition) ?? 0) + 1);
    try {
      return await read(partition);
    } finally {
      const left = (this.reads.get(partition) ?? 1) - 1;
      if (left > 0) this.reads.set(partition, left);
      else this.reads.delete(partition);
    }
  }

  /** Frees a partition that no longer serves, once the searches still reading it have ended. */
  private async retire(partition: Partition): Promise<void> {
    while (this.reads.has(partition)) await sleep(5);
    partition.dispose();
  }

  private get key(): string {
    return `${this.options.collection.name}/${this.options.shard}`;
  }

  private warn(error: unknown, message: string): void {
    if (!this.closed) this.logger.warn({ err: error }, message);
  }
}
