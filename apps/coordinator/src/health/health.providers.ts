import type { Provider } from '@nestjs/common';
import { HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { ClusterStateRepository } from '@shoal/cluster-state';
import { Readiness } from '@shoal/health';
import type { ObjectStore } from '@shoal/storage';
import { HEALTH_OBJECT_STORE, healthObjectStoreProvider } from './object-store.health';
import { ShardsHealthIndicator } from './shards.health';

/**
 * The coordinator's readiness (`/health/ready`, and the dashboard's health section): Redis and the
 * object store answer, and every shard of every collection has a live active replica. Registered
 * in AppModule beside TerminusModule.
 */
export const healthProviders: Provider[] = [
  healthObjectStoreProvider,
  ShardsHealthIndicator,
  {
    provide: Readiness,
    useFactory: (health: HealthCheckService, indicators: HealthIndicatorService, repo: ClusterStateRepository, store: ObjectStore, shards: ShardsHealthIndicator) =>
      new Readiness(health, indicators, { redis: repo, objectStore: store }, [() => shards.check()]),
    inject: [HealthCheckService, HealthIndicatorService, ClusterStateRepository, HEALTH_OBJECT_STORE, ShardsHealthIndicator],
  },
];
