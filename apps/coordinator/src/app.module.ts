import { Module, type DynamicModule } from '@nestjs/common';
import { ClusterStateCloser, clusterStateProvider } from './cluster/cluster-state.provider';
import { MembershipService } from './cluster/membership.service';
import { shardLogProvider } from './cluster/shard-log.repository';
import { CollectionsController } from './collections/collections.controller';
import { CollectionsService } from './collections/collections.service';
import { CoordinatorConfig } from './common/coordinator.config';
import { HealthController } from './health/health.controller';
import { SearchController } from './search/search.controller';
import { SearchService } from './search/search.service';
import { ShardClient } from './search/shard-client';
import { VectorsController } from './vectors/vectors.controller';
import { VectorsService } from './vectors/vectors.service';

/** The whole coordinator; the validated config is passed in so nothing below reads the environment. */
@Module({})
export class AppModule {
  static register(config: CoordinatorConfig): DynamicModule {
    return {
      module: AppModule,
      controllers: [CollectionsController, VectorsController, SearchController, HealthController],
      providers: [
        { provide: CoordinatorConfig, useValue: config },
        clusterStateProvider,
        ClusterStateCloser,
        shardLogProvider,
        MembershipService,
        ShardClient,
        CollectionsService,
        VectorsService,
        SearchService,
      ],
    };
  }
}
