import { Inject, Injectable } from '@nestjs/common';
import { ApiError, ApiErrorCode, type ShardSearchResponse, type ShardStatus } from '@shoal/contracts';
import type { VectorMetadata } from '@shoal/engine';
import type { ShardConfig } from '../config/shard.config';
import { PartitionHostService } from '../host/partition-host.service';
import type { ReplicaPartition } from '../replica/replica-partition';
import { SHARD_CONFIG } from '../shard.tokens';
import { parseSearchFrame, parseSegmentFrame } from './shard-frames.validator';

/** How long a vector read may wait for `minSeq` (the route carries no deadline of its own). */
export const VECTOR_READ_WAIT_MS = 5000;

export interface VectorResponse {
  id: string;
  values: number[];
  metadata?: VectorMetadata;
}

/** The internal API's use cases: decode, route to the replica, enforce read-your-writes. */
@Injectable()
export class ShardQueryService {
  constructor(
    @Inject(PartitionHostService) private readonly host: PartitionHostService,
    @Inject(SHARD_CONFIG) private readonly config: ShardConfig,
  ) {}

  async search(body: Buffer): Promise<ShardSearchResponse> {
    const request = parseSearchFrame(body);
    const replica = this.activeReplica(request.collection, request.shard);
    if (request.dimension !== replica.dimension) {
      throw ApiError.invalid('dimension', `must be ${replica.dimension} for collection "${request.collection}", got ${request.dimension}`);
    }
    await this.awaitSeq(replica, request.minSeq, request.timeoutMs);
    // Read before searching: the search reflects at least this much of the log.
    const appliedSeq = replica.appliedSeq;
    const results = await replica.search(request.queries, { k: request.k, nprobe: request.nprobe, includeMetadata: request.includeMetadata });
    return { results, appliedSeq, generation: replica.generation };
  }

  async applySegment(collection: string, shard: number, body: Buffer): Promise<{ appliedSeq: number }> {
    const segment = parseSegmentFrame(body, collection, shard);
    return { appliedSeq: await this.host.require(collection, shard).notify(segment) };
  }

  async vector(collection: string, shard: number, id: string, minSeq: number | undefined): Promise<VectorResponse> {
    const replica = this.activeReplica(collection, shard);
    await this.awaitSeq(replica, minSeq, VECTOR_READ_WAIT_MS);
    const found = replica.get(id);
    if (found === undefined) throw new ApiError(ApiErrorCode.NotFound, `vector "${id}" is not in shard ${shard} of "${collection}"`, { id });
    const response: VectorResponse = { id, values: Array.from(found.values) };
    if (found.metadata !== undefined) response.metadata = found.metadata;
    return response;
  }

  async snapshot(collection: string, shard: number): Promise<{ seq: number }> {
    return { seq: await this.activeReplica(collection, shard).snapshot() };
  }

  status(): ShardStatus {
    return { workerId: this.config.workerId, partitions: this.host.statuses() };
  }

  /** 404 when not held here; 503 while recovering, so the coordinator tries another replica. */
  private activeReplica(collection: string, shard: number): ReplicaPartition {
    const replica = this.host.require(collection, shard);
    if (replica.state !== 'active') {
      throw new ApiError(ApiErrorCode.Unavailable, `shard ${shard} of "${collection}" is still recovering on this worker`, { collection, shard });
    }
    return replica;
  }

  private async awaitSeq(replica: ReplicaPartition, minSeq: number | undefined, timeoutMs: number): Promise<void> {
    if (minSeq === undefined || minSeq <= replica.appliedSeq) return;
    if (!(await replica.waitForSeq(minSeq, timeoutMs))) {
      throw new ApiError(ApiErrorCode.DeadlineExceeded, `not caught up to seq ${minSeq} within ${timeoutMs} ms (applied ${replica.appliedSeq})`, {
        minSeq,
        appliedSeq: replica.appliedSeq,
      });
    }
  }
}
