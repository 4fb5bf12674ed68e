import { encodeLogSegment, type LogSegment } from '@shoal/contracts';
import { segmentKey, type ObjectStore } from '@shoal/storage';
import { ShardLogError, ShardLogErrorCode, messageOf, storageFailure } from './shard-log.error';
import { assertSegmentShape } from './stored-segment';

/** Allocates the next sequence number of a shard (in production `ClusterStateRepository.nextSeq`). */
export type SeqAllocator = (collection: string, shard: number) => Promise<number>;

/**
 * Appends write batches to a shard's durable log (ADR 0004): one immutable object per segment at
 * `collections/{c}/shards/{s}/log/{seq:020d}.seg`, where `seq` comes from a shared counter so that
 * any number of coordinators can write the same shard.
 */
export class ShardLogWriter {
  constructor(
    private readonly store: ObjectStore,
    private readonly allocateSeq: SeqAllocator,
  ) {}

  /**
   * Allocates a seq, encodes the segment and stores it with `putIfAbsent`; resolves only once the
   * segment is durable, with its seq (for the consistency token) and bytes (to notify replicas).
   * Rejects `SEGMENT_LOST` when a replica sealed the seq first, `UNAVAILABLE` when the allocator
   * or the store failed: either way the write must be reported failed, never acknowledged.
   */
  async append(segment: Omit<LogSegment, 'seq'>): Promise<{ seq: number; bytes: Buffer }> {
    const { collection, shard } = segment;
    // Check everything that can be checked before allocating: a rejected call must not leave a
    // hole that replicas then wait for.
    segmentKey(collection, shard, 0);
    assertSegmentShape(segment);
    let seq: number;
    try {
      seq = await this.allocateSeq(collection, shard);
    } catch (error) {
      throw new ShardLogError(ShardLogErrorCode.Unavailable, `Cannot allocate a log sequence number for ${collection}/${shard}: ${messageOf(error)}`, {
        collection,
        shard,
        cause: error,
      });
    }
    if (!Number.isSafeInteger(seq) || seq < 1) throw new RangeError(`the sequence allocator returned ${seq}, expected an integer ≥ 1`);
    const key = segmentKey(collection, shard, seq);
    const bytes = encodeLogSegment({ ...segment, seq });
    let stored: boolean;
    try {
      stored = await this.store.putIfAbsent(key, bytes);
    } catch (error) {
      // The seq stays a hole; replicas seal it after the hole timeout.
      throw storageFailure(error, `Cannot store log segment "${key}"`, { collection, shard, seq, key });
    }
    if (!stored) {
      throw new ShardLogError(ShardLogErrorCode.SegmentLost, `Log segment ${collection}/${shard}#${seq} was sealed by a replica before it was stored`, {
        collection,
        shard,
        seq,
        key,
      });
    }
    return { seq, bytes };
  }
}
