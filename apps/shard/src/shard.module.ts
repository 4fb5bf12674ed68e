import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { ClusterStateRepository } from '@shoal/cluster-state';
import { GenerationStore, ShardLogReader, SnapshotStore } from '@shoal/shard-log';
import { MetricsController } from '@shoal/metrics';
import { createObjectStore, type ObjectStore } from '@shoal/storage';
import type { Logger } from 'pino';
import { ApiErrorFilter } from './api/api-error.filter';
import { ClusterTokenGuard } from './api/cluster-token.guard';
import { HealthController } from '@shoal/health';
import { healthProviders } from './health/health.providers';
import { TerminusModule } from '@nestjs/terminus';
import { InternalController } from './api/internal.controller';
import { ShardQueryService } from './api/shard-query.service';
import { ClusterStateLifecycle } from './cluster-state.lifecycle';
import type { ShardConfig } from './config/shard.config';
import { PartitionHostService } from './host/partition-host.service';
import { PlacementWatcher } from './host/placement-watcher.service';
import { MembershipService } from './membership/membership.service';
import { shardMetricsProviders } from './metrics/shard-metrics.providers';
import { OBJECT_STORE, SHARD_CONFIG, SHARD_LOGGER } from './shard.tokens';

/** The shard worker: outside systems come from the libs' adapters, built here from the validated config. */
@Module({})
export class ShardModule {
  static forRoot(config: ShardConfig, logger: Logger): DynamicModule {
    return {
      module: ShardModule,
      imports: [TerminusModule],
      controllers: [InternalController, HealthController, MetricsController],
      providers: [
        { provide: SHARD_CONFIG, useValue: config },
        { provide: SHARD_LOGGER, useValue: logger },
        { provide: OBJECT_STORE, useFactory: () => createObjectStore(config.storage) },
        {
          provide: ClusterStateRepository,
          useFactory: () => ClusterStateRepository.connect({ redisUrl: config.redis.url, prefix: config.redis.prefix }),
        },
        {
          provide: ShardLogReader,
          useFactory: (store: ObjectStore) => new ShardLogReader(store, { holeMs: config.log.holeMs }),
          inject: [OBJECT_STORE],
        },
        { provide: SnapshotStore, useFactory: (store: ObjectStore) => new SnapshotStore(store), inject: [OBJECT_STORE] },
        { provide: GenerationStore, useFactory: (store: ObjectStore) => new GenerationStore(store), inject: [OBJECT_STORE] },
        { provide: APP_FILTER, useClass: ApiErrorFilter },
        ClusterStateLifecycle,
        ClusterTokenGuard,
        PartitionHostService,
        PlacementWatcher,
        MembershipService,
        ShardQueryService,
        ...healthProviders,
        ...shardMetricsProviders,
      ],
    };
  }
}
