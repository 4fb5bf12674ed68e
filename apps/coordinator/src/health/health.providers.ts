import type { Provider } from '@nestjs/common';
import { ClusterStateRepository } from '@shoal/cluster-state';
import { readinessProvider } from '@shoal/health';
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
  readinessProvider({ redis: ClusterStateRepository, objectStore: HEALTH_OBJECT_STORE, indicator: ShardsHealthIndicator }),
];
