import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { CollectionManifest, MemberPartition } from '@shoal/cluster-state';
import { ApiError, ApiErrorCode, type PartitionStatus } from '@shoal/contracts';
import { GenerationStore, ShardLogReader, SnapshotStore } from '@shoal/shard-log';
import type { Logger } from 'pino';
import type { ShardConfig } from '../config/shard.config';
import { ReplicaPartition } from '../replica/replica-partition';
import { SHARD_CONFIG, SHARD_LOGGER } from '../shard.tokens';
import { partitionKey, placedShards, type PlacedShard } from './placed-shards.util';

interface Hosted {
  replica: ReplicaPartition;
  /** Tells a re-created collection of the same name apart from the one this replica holds. */
  createdAt: string;
}

/** Longest wait before retrying a partition whose recovery failed (store or disk trouble). */
const MAX_RETRY_MS = 30_000;

/**
 * The partitions this worker holds: opens the ones placed on it, closes (and deletes the local
 * files of) the ones no longer placed, and routes requests to them.
 */
@Injectable()
export class PartitionHostService implements OnApplicationShutdown {
  private readonly hosted = new Map<string, Hosted>();
  private readonly failures = new Map<string, { attempts: number; retryAt: number }>();
  private straysPruned = false;

  constructor(
    @Inject(SHARD_CONFIG) private readonly config: ShardConfig,
    @Inject(SHARD_LOGGER) private readonly logger: Logger,
    @Inject(ShardLogReader) private readonly logReader: ShardLogReader,
    @Inject(SnapshotStore) private readonly snapshots: SnapshotStore,
    @Inject(GenerationStore) private readonly generations: GenerationStore,
  ) {}

  /** Brings the hosted set in line with the manifests' placement. */
  async reconcile(manifests: readonly CollectionManifest[]): Promise<void> {
    const placed = placedShards(manifests, this.config.workerId);
    for (const [key, hosted] of [...this.hosted]) {
      const wanted = placed.get(key);
      if (wanted === undefined || wanted.collection.createdAt !== hosted.createdAt) await this.drop(key, hosted);
    }
    if (!this.straysPruned) {
      // Once, before anything is opened: files of partitions that went away while this worker was down.
      await this.pruneStrays(placed);
      this.straysPruned = true;
    }
    for (const [key, wanted] of placed) {
      const failure = this.failures.get(key);
      if (failure !== undefined && failure.retryAt > Date.now()) continue;
      const hosted = this.hosted.get(key);
      if (hosted === undefined) this.open(wanted);
      else if (wanted.collection.generation > hosted.replica.generation) this.adoptGeneration(key, hosted.replica, wanted.collection.generation);
    }
  }

  /** The hosted replica, or 404 when this worker does not hold the shard. */
  require(collection: string, shard: number): ReplicaPartition {
    const hosted = this.hosted.get(partitionKey(collection, shard));
    if (hosted === undefined) {
      throw new ApiError(ApiErrorCode.NotFound, `shard ${shard} of collection "${collection}" is not held by worker ${this.config.workerId}`, {
        collection,
        shard,
      });
    }
    return hosted.replica;
  }

  /** A `segment-written` event: catch up when it is news. */
  segmentWritten(collection: string, shard: number, seq: number): void {
    const replica = this.hosted.get(partitionKey(collection, shard))?.replica;
    if (replica?.state === 'active' && seq > replica.appliedSeq) {
      replica.catchUp().catch((error: unknown) => this.logger.warn({ err: error, collection, shard }, 'catch-up failed'));
    }
  }

  statuses(): PartitionStatus[] {
    return [...this.hosted.values()].map(({ replica }) => replica.status());
  }

  /** Progress per partition, as announced in heartbeats. */
  memberPartitions(): Record<string, MemberPartition> {
    const partitions: Record<string, MemberPartition> = {};
    for (const [key, { replica }] of this.hosted) {
      const { appliedSeq, vectors, state, generation, backend, indexBytesPerVector } = replica.status();
      partitions[key] = { appliedSeq, vectors, state, generation, backend, indexBytesPerVector };
    }
    return partitions;
  }

  async onApplicationShutdown(): Promise<void> {
    const all = [...this.hosted.values()];
    this.hosted.clear();
    await Promise.all(all.map(({ replica }) => replica.close()));
  }

  private open({ key, collection, shard }: PlacedShard): void {
    const replica = new ReplicaPartition({
      collection,
      shard,
      dir: join(this.config.dataDir, collection.name, String(shard)),
      backend: this.config.backend,
      snapshots: this.snapshots,
      generations: this.generations,
      log: this.logReader,
      logger: this.logger,
      snapshotEvery: this.config.snapshot.everySegments,
      snapshotIntervalMs: this.config.snapshot.intervalMs,
      pollMs: this.config.log.pollMs,
    });
    this.hosted.set(key, { replica, createdAt: collection.createdAt });
    this.logger.info({ collection: collection.name, shard }, 'opening partition');
    replica.start().then(
      () => this.failures.delete(key),
      async (error: unknown) => {
        const delay = this.backoff(key);
        this.logger.error({ err: error, collection: collection.name, shard, retryInMs: delay }, 'partition recovery failed');
        if (this.hosted.get(key)?.replica === replica) this.hosted.delete(key);
        await replica.close();
      },
    );
  }

  /** In the background; a failure (a build not downloadable yet, the store down) is retried with backoff. */
  private adoptGeneration(key: string, replica: ReplicaPartition, generation: number): void {
    replica.adoptGeneration(generation).then(
      () => this.failures.delete(key),
      (error: unknown) => {
        const delay = this.backoff(key);
        this.logger.error({ err: error, partition: key, generation, retryInMs: delay }, 'index generation could not be loaded; still serving the previous one');
      },
    );
  }

  /** Records one more failure of `key`; resolves the delay before the next attempt. */
  private backoff(key: string): number {
    const attempts = (this.failures.get(key)?.attempts ?? 0) + 1;
    const delay = Math.min(MAX_RETRY_MS, 1000 * 2 ** (attempts - 1));
    this.failures.set(key, { attempts, retryAt: Date.now() + delay });
    return delay;
  }

  private async drop(key: string, hosted: Hosted): Promise<void> {
    this.hosted.delete(key);
    this.failures.delete(key);
    this.logger.info({ partition: key }, 'partition no longer placed here; closing and deleting its local files');
    await hosted.replica.destroy();
  }

  private async pruneStrays(placed: Map<string, PlacedShard>): Promise<void> {
    const keep = new Set([...placed.values()].map((p) => p.collection.name));
    for (const collection of await listDir(this.config.dataDir)) {
      const dir = join(this.config.dataDir, collection);
      const shards = keep.has(collection) ? await listDir(dir) : [''];
      for (const shard of shards) {
        if (shard !== '' && placed.has(`${collection}/${shard}`)) continue;
        this.logger.info({ path: join(dir, shard) }, 'deleting local files of a partition not placed here');
        await rm(join(dir, shard), { recursive: true, force: true });
      }
    }
  }
}

async function listDir(dir: string): Promise<string[]> {
  return readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
}
