import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { ClusterStateRepository } from '@shoal/cluster-state';
import type { ShardConfig } from '../config/shard.config';
import { PartitionHostService } from '../host/partition-host.service';
import { partitionKey, placedShards } from '../host/placed-shards.util';
import { SHARD_CONFIG } from '../shard.tokens';
import { NotReadyError, probe } from '@shoal/health';
import { unreadyPartitions } from './unready-partitions.util';

/**
 * `partitions`: every partition placed on this worker (by the manifests in Redis, not by what it
 * happens to host) is open, active and caught up. Recovering partitions keep the worker unready, so
 * a balancer sends it nothing before its index is loaded.
 */
@Injectable()
export class PartitionsHealthIndicator {
  constructor(
    @Inject(HealthIndicatorService) private readonly indicators: HealthIndicatorService,
    @Inject(ClusterStateRepository) private readonly repo: ClusterStateRepository,
    @Inject(PartitionHostService) private readonly host: PartitionHostService,
    @Inject(SHARD_CONFIG) private readonly config: ShardConfig,
  ) {}

  check(key = 'partitions') {
    return probe(this.indicators.check(key), async () => {
      const placed = [...placedShards(await this.repo.listCollections(), this.config.workerId).values()];
      const seqs = await Promise.all(placed.map(({ collection, shard }) => this.repo.currentSeq(collection.name, shard)));
      const hosted = new Map(this.host.statuses().map((status) => [partitionKey(status.collection, status.shard), status]));
      const notReady = unreadyPartitions(
        placed.map(({ key }, i) => ({ key, allocatedSeq: seqs[i] })),
        hosted,
        this.config.readyMaxLag,
      );
      if (notReady.length > 0) throw new NotReadyError(`${notReady.length} of ${placed.length} placed partitions not ready`, { notReady });
      return { placed: placed.length };
    });
  }
}
