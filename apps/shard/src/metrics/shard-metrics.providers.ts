import { Inject, Injectable, type Provider } from '@nestjs/common';
import { createMetricsRegistry, Registry } from '@shoal/metrics';
import type { ShardConfig } from '../config/shard.config';
import { PartitionHostService } from '../host/partition-host.service';
import { SHARD_CONFIG } from '../shard.tokens';
import { registerPartitionGauges } from './partition-gauges';

/** Registers the per-partition gauges on the worker's registry when Nest builds it. */
@Injectable()
export class PartitionGaugesCollector {
  constructor(@Inject(Registry) registry: Registry, @Inject(PartitionHostService) host: PartitionHostService) {
    registerPartitionGauges(registry, () => host.statuses());
  }
}

/** What `GET /metrics` (libs/metrics MetricsController) of a shard worker needs. */
export const shardMetricsProviders: Provider[] = [
  { provide: Registry, useFactory: (config: ShardConfig) => createMetricsRegistry({ app: 'shard', instance: config.workerId }), inject: [SHARD_CONFIG] },
  PartitionGaugesCollector,
];
