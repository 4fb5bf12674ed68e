import type { Provider } from '@nestjs/common';
import { HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { ClusterStateRepository } from '@shoal/cluster-state';
import { Readiness } from '@shoal/health';
import type { ObjectStore } from '@shoal/storage';
import { OBJECT_STORE } from '../shard.tokens';
import { PartitionsHealthIndicator } from './partitions.health';

/**
 * The shard worker's readiness (`/health/ready`): Redis and the object store answer, and every
 * partition placed here is loaded and caught up with its log. Registered in ShardModule beside
 * TerminusModule.
 */
export const healthProviders: Provider[] = [
  PartitionsHealthIndicator,
  {
    provide: Readiness,
    useFactory: (health: HealthCheckService, indicators: HealthIndicatorService, repo: ClusterStateRepository, store: ObjectStore, partitions: PartitionsHealthIndicator) =>
      new Readiness(health, indicators, { redis: repo, objectStore: store }, [() => partitions.check()]),
    inject: [HealthCheckService, HealthIndicatorService, ClusterStateRepository, OBJECT_STORE, PartitionsHealthIndicator],
  },
];
