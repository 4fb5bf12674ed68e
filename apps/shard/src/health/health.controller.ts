import { Controller, Inject } from '@nestjs/common';
import { HealthCheckService, HealthIndicatorService, type HealthIndicatorFunction } from '@nestjs/terminus';
import { ClusterStateRepository } from '@shoal/cluster-state';
import { HealthEndpoints } from '@shoal/health';
import type { ObjectStore } from '@shoal/storage';
import { OBJECT_STORE } from '../shard.tokens';
import { PartitionsHealthIndicator } from './partitions.health';

/** `/health/live` and `/health/ready`: ready when Redis and the object store answer and every partition placed here is loaded and caught up with its log. */
@Controller('health')
export class HealthController extends HealthEndpoints {
  constructor(
    @Inject(HealthCheckService) health: HealthCheckService,
    @Inject(HealthIndicatorService) indicators: HealthIndicatorService,
    @Inject(ClusterStateRepository) repo: ClusterStateRepository,
    @Inject(OBJECT_STORE) store: ObjectStore,
    @Inject(PartitionsHealthIndicator) private readonly partitions: PartitionsHealthIndicator,
  ) {
    super(health, indicators, { redis: repo, objectStore: store });
  }

  protected appChecks(): HealthIndicatorFunction[] {
    return [() => this.partitions.check()];
  }
}
