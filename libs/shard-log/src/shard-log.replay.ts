import type { LogSegment } from '@shoal/contracts';
import type { ShardLogReader } from './shard-log.reader';

/**
 * Applies every segment of the shard's log after `afterSeq`, in seq order, one at a time, reading
 * until the log has nothing more: its end, or a hole still young enough to wait for. Resolves the
 * last seq applied (`afterSeq` when none): the watermark the caller's state now reflects. A
 * rejection of `apply` stops the replay there and is passed on.
 */
export async function replayLog(
  reader: Pick<ShardLogReader, 'readAfter'>,
  collection: string,
  shard: number,
  afterSeq: number,
  apply: (segment: LogSegment) => Promise<void>,
): Promise<number> {
  let watermark = afterSeq;
  for (;;) {
    const segments = await reader.readAfter(collection, shard, watermark);
    if (segments.length === 0) return watermark;
    for (const segment of segments) {
      await apply(segment);
      watermark = segment.seq;
    }
  }
}
