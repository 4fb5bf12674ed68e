import { encodeLogSegment, type LogSegment } from '@shoal/contracts';
import { isStorageError, parseSegmentKey, segmentKey, segmentPrefix, StorageErrorCode, type ObjectStore } from '@shoal/storage';
import { LogHoleTracker } from './log-hole.tracker';
import { mapLimit } from './map-limit.util';
import { ShardLogError, ShardLogErrorCode, storageFailure } from './shard-log.error';
import { decodeStoredSegment, emptySegment } from './stored-segment';

/** Settings of {@link ShardLogReader}. */
export interface ShardLogReaderOptions {
  /**
   * How long a hole (a missing seq with a later segment present) is waited for before the reader
   * seals it with an empty segment (`SHOAL_LOG_HOLE_MS`). It must exceed the longest time a
   * writer may take between allocating a seq and storing its segment, or healthy writes get lost.
   * @defaultValue 5000
   */
  holeMs?: number;
  /** Clock used to age holes; tests pass a fake one. @defaultValue Date.now */
  now?: () => number;
  /** Most segments one `readAfter` returns (also the size of one listing page). @defaultValue 1000 */
  batchLimit?: number;
}

/** Segments fetched from the store at once while catching up. */
const FETCH_CONCURRENCY = 8;

type PlannedSeq = { seq: number; stored: boolean };

/**
 * Reads a shard's log in seq order for replicas (ADR 0004), sealing holes left by writers that
 * allocated a seq but never stored it, so that every replica applies exactly the same log.
 * Keeps the age of the holes it saw: use one reader per process, for the process's lifetime.
 */
export class ShardLogReader {
  private readonly holeMs: number;
  private readonly now: () => number;
  private readonly batchLimit: number;
  private readonly holes = new LogHoleTracker();

  constructor(
    private readonly store: ObjectStore,
    options: ShardLogReaderOptions = {},
  ) {
    this.holeMs = options.holeMs ?? 5000;
    this.now = options.now ?? Date.now;
    this.batchLimit = options.batchLimit ?? 1000;
    if (!Number.isFinite(this.holeMs) || this.holeMs < 0) throw new RangeError(`holeMs must be ≥ 0, got ${this.holeMs}`);
    if (!Number.isInteger(this.batchLimit) || this.batchLimit < 1) throw new RangeError(`batchLimit must be a positive integer, got ${this.batchLimit}`);
  }

  /**
   * The segments after `afterSeq`, in seq order, at most `batchLimit`. Stops before the first
   * missing seq unless that hole is older than `holeMs`; then seals it (putIfAbsent of an empty
   * segment) and continues with whatever is stored there now: the empty segment, or the real one
   * if its writer won. A missing seq with nothing after it is not a hole, just the end of the log.
   */
  async readAfter(collection: string, shard: number, afterSeq: number): Promise<LogSegment[]> {
    const shardKey = `${collection}/${shard}`;
    const plan = this.cutAtYoungHole(shardKey, await this.plan(collection, shard, afterSeq));
    // Fetched concurrently, but failures are reported in seq order: the error a caller sees is the
    // one that stops the log (the lowest bad seq), whichever request happened to fail first.
    const settled = await mapLimit(plan, FETCH_CONCURRENCY, ({ seq, stored }) =>
      (stored ? this.readListed(collection, shard, seq) : this.seal(collection, shard, seq)).then(
        (segment) => ({ ok: true as const, segment }),
        (error: unknown) => ({ ok: false as const, error }),
      ),
    );
    const segments: LogSegment[] = [];
    for (const result of settled) {
      if (!result.ok) throw result.error;
      segments.push(result.segment);
    }
    if (segments.length > 0) this.holes.forgetThrough(shardKey, segments[segments.length - 1].seq);
    return segments;
  }

  /** Segment `seq`, or `null` when it is not stored (yet). */
  async read(collection: string, shard: number, seq: number): Promise<LogSegment | null> {
    const key = segmentKey(collection, shard, seq);
    let bytes: Buffer;
    try {
      bytes = await this.store.get(key);
    } catch (error) {
      if (isStorageError(error, StorageErrorCode.NotFound)) return null;
      throw storageFailure(error, `Cannot read log segment "${key}"`, { collection, shard, seq, key });
    }
    return decodeStoredSegment(bytes, { collection, shard, seq, key });
  }

  /** Lists one page after `afterSeq` and lays out every seq up to the last listed one, stored or missing. */
  private async plan(collection: string, shard: number, afterSeq: number): Promise<PlannedSeq[]> {
    const prefix = segmentPrefix(collection, shard);
    const startAfter = segmentKey(collection, shard, afterSeq);
    let keys: string[];
    try {
      keys = await this.store.list(prefix, { startAfter, limit: this.batchLimit });
    } catch (error) {
      throw storageFailure(error, `Cannot list the log of ${collection}/${shard}`, { collection, shard });
    }
    const plan: PlannedSeq[] = [];
    let expected = afterSeq + 1;
    for (const key of keys) {
      const seq = segmentSeqOf(key);
      if (seq === null || seq < expected) continue;
      for (; expected < seq && plan.length < this.batchLimit; expected++) plan.push({ seq: expected, stored: false });
      if (plan.length >= this.batchLimit) break;
      plan.push({ seq, stored: true });
      expected = seq + 1;
    }
    return plan;
  }

  /** Keeps the plan up to the first hole that is still young enough to wait for. */
  private cutAtYoungHole(shardKey: string, plan: PlannedSeq[]): PlannedSeq[] {
    const now = this.now();
    // Age every hole of the page now, so that consecutive holes time out together, not one by one.
    const young = plan.map(({ seq, stored }) => !stored && this.holes.age(shardKey, seq, now) < this.holeMs);
    const cut = young.indexOf(true);
    return cut === -1 ? plan : plan.slice(0, cut);
  }

  private async readListed(collection: string, shard: number, seq: number): Promise<LogSegment> {
    const segment = await this.read(collection, shard, seq);
    // Segments are never deleted while their collection exists: a listed one that vanished means
    // the collection is being deleted under us.
    if (segment === null) throw vanished(collection, shard, seq);
    return segment;
  }

  private async seal(collection: string, shard: number, seq: number): Promise<LogSegment> {
    const key = segmentKey(collection, shard, seq);
    try {
      await this.store.putIfAbsent(key, encodeLogSegment(emptySegment(collection, shard, seq)));
    } catch (error) {
      throw storageFailure(error, `Cannot seal the hole at "${key}"`, { collection, shard, seq, key });
    }
    // Read back rather than trust our own putIfAbsent: if the writer won, its segment is applied;
    // on stores whose putIfAbsent is not atomic (s3rver), the object that stayed is the truth.
    const segment = await this.read(collection, shard, seq);
    if (segment === null) throw vanished(collection, shard, seq);
    return segment;
  }
}

function segmentSeqOf(key: string): number | null {
  try {
    return parseSegmentKey(key).seq;
  } catch {
    // Not a segment (a stray object under log/): never part of the log.
    return null;
  }
}

function vanished(collection: string, shard: number, seq: number): ShardLogError {
  return new ShardLogError(ShardLogErrorCode.Unavailable, `Log segment ${collection}/${shard}#${seq} disappeared while being read (collection deleted?)`, {
    collection,
    shard,
    seq,
  });
}
