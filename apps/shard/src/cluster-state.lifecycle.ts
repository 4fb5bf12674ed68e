import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { ClusterStateRepository } from '@shoal/cluster-state';

/** Closes the Redis connections last, after membership has left and the partitions are closed. */
@Injectable()
export class ClusterStateLifecycle implements OnApplicationShutdown {
  constructor(@Inject(ClusterStateRepository) private readonly clusterState: ClusterStateRepository) {}

  async onApplicationShutdown(): Promise<void> {
    await this.clusterState.close();
  }
}
