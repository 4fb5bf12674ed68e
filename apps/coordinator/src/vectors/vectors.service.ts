import { Inject, Injectable, Logger } from '@nestjs/common';
import { deleteBatchesByShard, encodeConsistencyToken, shardOf, upsertBatchesByShard, type ShardBatch } from '@shoal/cluster';
import { ClusterStateRepository, type CollectionManifest } from '@shoal/cluster-state';
import { ApiError, ApiErrorCode, type UpsertVectorsRequest, type WriteResponse } from '@shoal/contracts';
import { MembershipService } from '../cluster/membership.service';
import { ShardLogRepository, type AppendedSegment } from '../cluster/shard-log.repository';
import { CollectionsService } from '../collections/collections.service';
import { CoordinatorConfig } from '../common/coordinator.config';
import { callShard, unansweredError } from '../search/search-fanout';
import { ShardClient, type StoredVector } from '../search/shard-client';
import { validateUpsertBatch } from './upsert-batch.validation';

/** Replicas also poll the log every second, so a notification that takes longer is not worth waiting for. */
const NOTIFY_TIMEOUT_MS = 500;

@Injectable()
export class VectorsService {
  private readonly logger = new Logger('VectorsService');

  constructor(
    @Inject(CollectionsService) private readonly collections: CollectionsService,
    @Inject(ClusterStateRepository) private readonly repo: ClusterStateRepository,
    @Inject(ShardLogRepository) private readonly log: ShardLogRepository,
    @Inject(MembershipService) private readonly membership: MembershipService,
    @Inject(ShardClient) private readonly client: ShardClient,
    @Inject(CoordinatorConfig) private readonly config: CoordinatorConfig,
  ) {}

  /** Validates the whole batch, then acknowledges once every touched shard's segment is durable. */
  async upsert(name: string, request: UpsertVectorsRequest): Promise<WriteResponse> {
    const manifest = await this.collections.require(name);
    const packed = validateUpsertBatch(request.vectors, manifest.dimension);
    const token = await this.write(manifest, upsertBatchesByShard(request.vectors, (i) => packed.subarray(i * manifest.dimension, (i + 1) * manifest.dimension), manifest.dimension, manifest.shards));
    return { upserted: request.vectors.length, token };
  }

  /**
   * Logs a delete of each id on its shard. `deleted` counts the distinct ids routed: whether an id
   * existed is known only to the replicas, which apply deletes of absent ids as no-ops.
   */
  async delete(name: string, ids: readonly string[]): Promise<WriteResponse> {
    const manifest = await this.collections.require(name);
    const batches = deleteBatchesByShard(ids, manifest.shards);
    const token = await this.write(manifest, batches);
    return { deleted: batches.reduce((n, b) => n + b.ops.length, 0), token };
  }

  /** Reads a vector from a live replica of its shard once that replica applied every write allocated so far. */
  async get(name: string, id: string): Promise<StoredVector> {
    const manifest = await this.collections.require(name);
    const shard = shardOf(id, manifest.shards);
    const minSeq = await this.repo.currentSeq(name, shard);
    const deadline = { at: Date.now() + this.config.searchTimeoutMs, now: Date.now };
    const outcome = await callShard(shard, this.membership.picker(name), deadline, ({ replica, timeoutMs }) =>
      this.client.getVector(this.urlOf(replica), name, shard, id, minSeq, timeoutMs),
    );
    if (!outcome.ok) throw unansweredError([outcome]);
    if (outcome.value === null) throw new ApiError(ApiErrorCode.NotFound, `vector ${JSON.stringify(id)} does not exist in collection ${name}`, { id, collection: name });
    return outcome.value;
  }

  /**
   * Appends one segment per shard in parallel and returns the consistency token. When any append
   * fails the write is not acknowledged (503) although other shards' segments may be stored:
   * retrying the same batch is safe, because upserts and deletes by id are idempotent.
   */
  private async write(manifest: CollectionManifest, batches: ShardBatch[]): Promise<string> {
    const { name, dimension } = manifest;
    const settled = await Promise.allSettled(batches.map((b) => this.log.append(name, b.shard, dimension, b.ops, b.values)));
    const failures = settled.flatMap((s, i) => (s.status === 'rejected' ? [{ shard: batches[i].shard, reason: s.reason as unknown }] : []));
    if (failures.length > 0) {
      const firstError = `shard ${failures[0].shard}: ${failures[0].reason instanceof Error ? failures[0].reason.message : String(failures[0].reason)}`;
      this.logger.warn(`write to ${name} not acknowledged: ${firstError}`);
      throw new ApiError(
        ApiErrorCode.Unavailable,
        `the write was not acknowledged: ${failures.length} of ${batches.length} shard segments could not be stored; retrying the same request is safe`,
        { shardsTotal: batches.length, shardsFailed: failures.length, firstError },
      );
    }
    const seqs: Record<number, number> = {};
    settled.forEach((s, i) => {
      if (s.status !== 'fulfilled') return;
      seqs[batches[i].shard] = s.value.seq;
      this.notify(name, batches[i].shard, s.value);
    });
    return encodeConsistencyToken({ collection: name, seqs });
  }

  /** Best effort, not awaited: the write is already durable and replicas also find it by polling the log. */
  private notify(collection: string, shard: number, segment: AppendedSegment): void {
    for (const replica of this.membership.replicas(collection, shard)) {
      this.client
        .sendSegment(replica.url, collection, shard, segment.bytes, NOTIFY_TIMEOUT_MS)
        .catch((error: unknown) => this.logger.debug(`segment ${collection}/${shard}#${segment.seq} not delivered to ${replica.id}: ${String(error)}`));
    }
    this.repo
      .publish({ type: 'segment-written', collection, shard, seq: segment.seq })
      .catch((error: unknown) => this.logger.debug(`segment-written event not published: ${String(error)}`));
  }

  private urlOf(replica: string): string {
    const url = this.membership.urlOf(replica);
    if (url === undefined) throw new Error(`replica ${replica} left the cluster`);
    return url;
  }
}
