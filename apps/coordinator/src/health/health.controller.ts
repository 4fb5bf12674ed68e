import { Controller, Inject } from '@nestjs/common';
import { HealthCheckService, HealthIndicatorService, type HealthIndicatorFunction } from '@nestjs/terminus';
import { ClusterStateRepository } from '@shoal/cluster-state';
import { HealthEndpoints } from '@shoal/health';
import type { ObjectStore } from '@shoal/storage';
import { HEALTH_OBJECT_STORE } from './object-store.health';
import { ShardsHealthIndicator } from './shards.health';

/** `/health/live` and `/health/ready`: ready when Redis and the object store answer and every shard of every collection has a live active replica. */
@Controller('health')
export class HealthController extends HealthEndpoints {
  constructor(
    @Inject(HealthCheckService) health: HealthCheckService,
    @Inject(HealthIndicatorService) indicators: HealthIndicatorService,
    @Inject(ClusterStateRepository) repo: ClusterStateRepository,
    @Inject(HEALTH_OBJECT_STORE) store: ObjectStore,
    @Inject(ShardsHealthIndicator) private readonly shards: ShardsHealthIndicator,
  ) {
    super(health, indicators, { redis: repo, objectStore: store });
  }

  protected appChecks(): HealthIndicatorFunction[] {
    return [() => this.shards.check()];
  }
}
