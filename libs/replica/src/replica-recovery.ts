import { rm } from 'node:fs/promises';
import type { CollectionManifest } from '@shoal/cluster-state';
import { Partition, type EngineBackend } from '@shoal/engine';
import type { SnapshotStore } from '@shoal/shard-log';
import type { Logger } from 'pino';
import { readCheckpoint, type ReplicaCheckpoint } from './replica-checkpoint.file';

/** The manifest fields a replica is built from. */
export type PlacedCollection = Pick<CollectionManifest, 'name' | 'dimension' | 'metric' | 'index' | 'generation' | 'createdAt'>;

export type SnapshotSource = Pick<SnapshotStore, 'latest' | 'download' | 'upload'>;

export interface RecoveryInput {
  collection: PlacedCollection;
  shard: number;
  /** The replica's local snapshot directory. */
  dir: string;
  backend: EngineBackend;
  snapshots: SnapshotSource;
  logger: Logger;
}

export interface RecoveredReplica {
  partition: Partition;
  checkpoint: ReplicaCheckpoint;
  source: 'local' | 'store' | 'empty';
  /** Sequence number of the newest snapshot known to be in the store; -1 when none or unknown. */
  storedSeq: number;
}

/**
 * Rebuilds a replica's partition: from its local snapshot directory when present, else from the
 * newest snapshot in the store (so an empty disk loses nothing), else empty. The caller then
 * replays the log after `checkpoint.appliedSeq`.
 */
export async function recoverReplica(input: RecoveryInput): Promise<RecoveredReplica> {
  const local = await loadVerified(input, 'local');
  if (local) {
    const latest = await input.snapshots.latest(input.collection.name, input.shard).catch(() => null);
    return { ...local, source: 'local', storedSeq: latest?.seq ?? -1 };
  }
  const pointer = await input.snapshots.latest(input.collection.name, input.shard);
  if (pointer) {
    await rm(input.dir, { recursive: true, force: true });
    await input.snapshots.download(input.collection.name, input.shard, pointer, input.dir);
    const stored = await loadVerified(input, 'store');
    if (stored) return { ...stored, source: 'store', storedSeq: pointer.seq };
  }
  const { dimension, metric, index, generation, createdAt } = input.collection;
  return {
    partition: Partition.create({ dimension, metric, index, backend: input.backend }),
    checkpoint: { appliedSeq: 0, generation, collectionCreatedAt: createdAt },
    source: 'empty',
    storedSeq: -1,
  };
}

/**
 * Loads the partition in `dir` when its checkpoint belongs to this collection; otherwise (no
 * checkpoint: an interrupted save; another `createdAt`: a deleted namesake; corrupt files) clears
 * the directory and resolves null.
 */
async function loadVerified(input: RecoveryInput, origin: 'local' | 'store'): Promise<Omit<RecoveredReplica, 'source' | 'storedSeq'> | null> {
  const { dir, collection, shard, logger } = input;
  const checkpoint = await readCheckpoint(dir);
  if (checkpoint?.collectionCreatedAt === collection.createdAt) {
    try {
      const partition = await Partition.load(dir, { backend: input.backend });
      return { partition, checkpoint };
    } catch (error) {
      logger.warn({ err: error, collection: collection.name, shard, origin }, 'snapshot cannot be loaded; ignoring it');
    }
  } else if (checkpoint) {
    logger.warn({ collection: collection.name, shard, origin }, 'snapshot belongs to an earlier collection of the same name; ignoring it');
  }
  await rm(dir, { recursive: true, force: true });
  return null;
}
