import { ShardLogError, ShardLogErrorCode } from '@shoal/shard-log';
import type { Logger } from 'pino';
import type { RecoveryInput } from '@shoal/replica';

/**
 * Uploads a replica's saved snapshot directory as snapshot `seq`; resolves the seq now committed
 * in the store (newer when another replica got further first).
 */
export async function uploadSnapshot(input: RecoveryInput, seq: number, logger: Logger): Promise<number> {
  const { collection, shard, dir, backend } = input;
  try {
    const committed = await input.snapshots.upload(collection.name, shard, seq, dir, backend);
    if (committed.seq === seq) logger.info({ seq }, 'snapshot uploaded');
    return committed.seq;
  } catch (error) {
    if (!(error instanceof ShardLogError && error.code === ShardLogErrorCode.SnapshotConflict)) throw error;
    // Another replica of this shard is uploading the same seq: the same log position, so its snapshot serves as ours.
    logger.debug({ seq }, 'another replica is uploading this snapshot');
    return seq;
  }
}
