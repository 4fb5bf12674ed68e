import { Inject, Injectable, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { ClusterStateRepository } from '@shoal/cluster-state';
import { GenerationStore, ShardLogReader, SnapshotStore } from '@shoal/shard-log';
import { MetricsController } from '@shoal/metrics';
import { createObjectStore, type ObjectStore } from '@shoal/storage';
import type { Logger } from 'pino';
import type { WorkerConfig } from './config/worker.config';
import { HealthController } from '@shoal/health';
import { healthProviders } from './health/health.providers';
import { TerminusModule } from '@nestjs/terminus';
import { ImportHandler } from './imports/import.handler';
import { JobRunner } from './jobs/job-runner.service';
import { workerMetricsProviders } from './metrics/worker-metrics.providers';
import { BuildShardHandler } from './training/build-shard.handler';
import { CollectionGenerationService } from './training/collection-generation.service';
import { TrainHandler } from './training/train.handler';
import { OBJECT_STORE, WORKER_CONFIG, WORKER_LOGGER } from './worker.tokens';

/** Closes Redis last, after the job workers stopped. */
@Injectable()
class ClusterStateCloser implements OnApplicationShutdown {
  constructor(@Inject(ClusterStateRepository) private readonly repo: ClusterStateRepository) {}

  async onApplicationShutdown(): Promise<void> {
    await this.repo.close();
  }
}

/** The index worker: BullMQ consumers for training, shard builds and imports, over the cluster's Redis and object store. */
@Module({})
export class WorkerModule {
  static forRoot(config: WorkerConfig, logger: Logger): DynamicModule {
    return {
      module: WorkerModule,
      imports: [TerminusModule],
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: WORKER_CONFIG, useValue: config },
        { provide: WORKER_LOGGER, useValue: logger },
        { provide: OBJECT_STORE, useFactory: () => createObjectStore(config.storage) },
        { provide: ClusterStateRepository, useFactory: () => ClusterStateRepository.connect({ redisUrl: config.redis.url, prefix: config.redis.prefix }) },
        { provide: ShardLogReader, useFactory: (store: ObjectStore) => new ShardLogReader(store, { holeMs: config.logHoleMs }), inject: [OBJECT_STORE] },
        { provide: SnapshotStore, useFactory: (store: ObjectStore) => new SnapshotStore(store), inject: [OBJECT_STORE] },
        { provide: GenerationStore, useFactory: (store: ObjectStore) => new GenerationStore(store), inject: [OBJECT_STORE] },
        ClusterStateCloser,
        CollectionGenerationService,
        TrainHandler,
        BuildShardHandler,
        ImportHandler,
        JobRunner,
        ...healthProviders,
        ...workerMetricsProviders,
      ],
    };
  }
}
