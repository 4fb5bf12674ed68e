import type { Provider } from '@nestjs/common';
import { ClusterStateRepository } from '@shoal/cluster-state';
import { readinessProvider } from '@shoal/health';
import { OBJECT_STORE } from '../shard.tokens';
import { PartitionsHealthIndicator } from './partitions.health';

/**
 * The shard worker's readiness (`/health/ready`): Redis and the object store answer, and every
 * partition placed here is loaded and caught up with its log. Registered in ShardModule beside
 * TerminusModule.
 */
export const healthProviders: Provider[] = [
  PartitionsHealthIndicator,
  readinessProvider({ redis: ClusterStateRepository, objectStore: OBJECT_STORE, indicator: PartitionsHealthIndicator }),
];
