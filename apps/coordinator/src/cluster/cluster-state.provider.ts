import { Inject, Injectable, type FactoryProvider, type OnApplicationShutdown } from '@nestjs/common';
import { ClusterStateRepository } from '@shoal/cluster-state';
import { CoordinatorConfig } from '../common/coordinator.config';

/** The Redis-backed cluster state, connected once at boot; the repository class is the DI token. */
export const clusterStateProvider: FactoryProvider<Promise<ClusterStateRepository>> = {
  provide: ClusterStateRepository,
  useFactory: (config: CoordinatorConfig) => ClusterStateRepository.connect({ redisUrl: config.redisUrl, prefix: config.redisPrefix }),
  inject: [CoordinatorConfig],
};

/** Closes Redis last: `onApplicationShutdown` runs after every service's `onModuleDestroy` (heartbeat leave). */
@Injectable()
export class ClusterStateCloser implements OnApplicationShutdown {
  constructor(@Inject(ClusterStateRepository) private readonly repo: ClusterStateRepository) {}

  async onApplicationShutdown(): Promise<void> {
    await this.repo.close();
  }
}
