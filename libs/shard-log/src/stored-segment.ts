import { decodeLogSegment, type LogSegment } from '@shoal/contracts';
import { ShardLogError, ShardLogErrorCode, messageOf } from './shard-log.error';

/** What a replica writes into a hole it seals: applies as a no-op, so every replica advances past it. */
export function emptySegment(collection: string, shard: number, seq: number): LogSegment {
  return { collection, shard, seq, dimension: 0, ops: [], values: new Float32Array(0) };
}

/** Throws `RangeError` unless the upserts' values fill exactly `upserts × dimension` floats. */
export function assertSegmentShape(segment: Pick<LogSegment, 'dimension' | 'ops' | 'values'>): void {
  const upserts = segment.ops.filter((op) => op.op === 'upsert').length;
  if (segment.values.length !== upserts * segment.dimension) {
    throw new RangeError(`segment values hold ${segment.values.length} floats, expected ${upserts} upserts × ${segment.dimension}`);
  }
}

/**
 * Decodes the object stored at `key` and checks it is the segment the key names: a CRC error, a
 * truncated object or a segment stored under the wrong key must never be applied.
 */
export function decodeStoredSegment(bytes: Uint8Array, expected: { collection: string; shard: number; seq: number; key: string }): LogSegment {
  const { collection, shard, seq, key } = expected;
  const corrupt = (why: string, cause?: unknown) =>
    new ShardLogError(ShardLogErrorCode.Corrupt, `Log segment "${key}" is corrupt: ${why}`, { collection, shard, seq, key, cause });
  let segment: LogSegment;
  try {
    segment = decodeLogSegment(bytes);
    assertSegmentShape(segment);
  } catch (error) {
    throw corrupt(messageOf(error), error);
  }
  if (segment.collection !== collection || segment.shard !== shard || segment.seq !== seq) {
    throw corrupt(`it holds ${segment.collection}/${segment.shard}#${segment.seq}`);
  }
  return segment;
}
