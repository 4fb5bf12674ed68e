import type { FactoryProvider } from '@nestjs/common';
import { ClusterStateRepository } from '@shoal/cluster-state';
import type { LogOp } from '@shoal/contracts';
import { ShardLogWriter } from '@shoal/shard-log';
import { collectionPrefix, createObjectStore, type ObjectStore } from '@shoal/storage';
import { CoordinatorConfig } from '../common/coordinator.config';

/** One durable write: the segment's sequence number and its encoded bytes (sent inline to replicas). */
export interface AppendedSegment {
  seq: number;
  bytes: Uint8Array;
}

/**
 * The coordinator's side of the object store: appending segments to shard logs (sequence numbers
 * from Redis) and removing a deleted collection's objects. The only file that builds the store.
 */
export class ShardLogRepository {
  private readonly writer: ShardLogWriter;

  constructor(
    private readonly store: ObjectStore,
    repo: ClusterStateRepository,
  ) {
    this.writer = new ShardLogWriter(store, (collection, shard) => repo.nextSeq(collection, shard));
  }

  /** Resolves once the segment is stored (durable); rejects when it could not be (the write failed). */
  async append(collection: string, shard: number, dimension: number, ops: LogOp[], values: Float32Array): Promise<AppendedSegment> {
    const { seq, bytes } = await this.writer.append({ collection, shard, dimension, ops, values });
    return { seq, bytes };
  }

  /** Whether any object of a collection of this name exists (a deleted one's, while its purge runs). */
  async hasObjects(name: string): Promise<boolean> {
    return (await this.store.list(collectionPrefix(name), { limit: 1 })).length > 0;
  }

  /** Deletes every object of a collection (log, snapshots, generations); resolves how many. */
  purgeCollection(name: string): Promise<number> {
    return this.store.deletePrefix(collectionPrefix(name));
  }
}

export const shardLogProvider: FactoryProvider<Promise<ShardLogRepository>> = {
  provide: ShardLogRepository,
  useFactory: async (config: CoordinatorConfig, repo: ClusterStateRepository) => new ShardLogRepository(await createObjectStore(config.storage), repo),
  inject: [CoordinatorConfig, ClusterStateRepository],
};
