import { Module, type DynamicModule } from '@nestjs/common';
import { ClusterStateCloser, clusterStateProvider } from './cluster/cluster-state.provider';
import { MembershipService } from './cluster/membership.service';
import { shardLogProvider } from './cluster/shard-log.repository';
import { CollectionsController } from './collections/collections.controller';
import { CollectionsService } from './collections/collections.service';
import { CoordinatorConfig } from './common/coordinator.config';
import { DocsController } from './docs/docs.controller';
import { dashboardControllers, dashboardProviders } from './dashboard/dashboard.providers';
import { HealthController } from '@shoal/health';
import { healthProviders } from './health/health.providers';
import { TerminusModule } from '@nestjs/terminus';
import { importSourceCheckerProvider } from './imports/import-source.checker';
import { ImportsController } from './imports/imports.controller';
import { ImportsService } from './imports/imports.service';
import { JobQueuesCloser, jobQueuesProvider } from './jobs/job-queues.provider';
import { JobsController } from './jobs/jobs.controller';
import { JobsService } from './jobs/jobs.service';
import { SearchController } from './search/search.controller';
import { SearchService } from './search/search.service';
import { ShardClient } from './search/shard-client';
import { ShardSearchBatcher } from './search/shard-search.batcher';
import { AutoTrainerService } from './training/auto-trainer.service';
import { TrainingController } from './training/training.controller';
import { TrainingService } from './training/training.service';
import { VectorsController } from './vectors/vectors.controller';
import { VectorsService } from './vectors/vectors.service';
import { InfoController } from './info/info.controller';
import { InfoService } from './info/info.service';
import { coordinatorMetricsProviders } from './metrics/coordinator-metrics.providers';
import { MetricsController } from '@shoal/metrics';

/** The whole coordinator; the validated config is passed in so nothing below reads the environment. */
@Module({})
export class AppModule {
  static register(config: CoordinatorConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [TerminusModule],
      controllers: [CollectionsController, VectorsController, SearchController, HealthController, TrainingController, ImportsController, JobsController, InfoController, MetricsController, DocsController, ...dashboardControllers],
      providers: [
        { provide: CoordinatorConfig, useValue: config },
        clusterStateProvider,
        ClusterStateCloser,
        shardLogProvider,
        MembershipService,
        ShardClient,
        { provide: ShardSearchBatcher, useFactory: (client: ShardClient) => new ShardSearchBatcher((url, request, timeoutMs) => client.search(url, request, timeoutMs)), inject: [ShardClient] },
        CollectionsService,
        VectorsService,
        SearchService,
        jobQueuesProvider,
        JobQueuesCloser,
        JobsService,
        TrainingService,
        AutoTrainerService,
        importSourceCheckerProvider,
        ImportsService,
        ...healthProviders,
        InfoService,
        ...coordinatorMetricsProviders,
        ...dashboardProviders,
      ],
    };
  }
}
