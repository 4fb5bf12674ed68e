import type { Provider } from '@nestjs/common';
import { createMetricsRegistry, Registry } from '@shoal/metrics';
import { CoordinatorConfig } from '../common/coordinator.config';
import { CollectionGaugesCollector } from './collection-gauges.collector';
import { ShardRpcMetrics } from './shard-rpc.metrics';

/** What `GET /metrics` (libs/metrics MetricsController) of the coordinator needs. */
export const coordinatorMetricsProviders: Provider[] = [
  { provide: Registry, useFactory: (config: CoordinatorConfig) => createMetricsRegistry({ app: 'coordinator', instance: config.coordinatorId }), inject: [CoordinatorConfig] },
  ShardRpcMetrics,
  CollectionGaugesCollector,
];
