import { Controller, Inject } from '@nestjs/common';
import { HealthCheckService, HealthIndicatorService, type HealthIndicatorFunction } from '@nestjs/terminus';
import { ClusterStateRepository } from '@shoal/cluster-state';
import { HealthEndpoints } from '@shoal/health';
import type { ObjectStore } from '@shoal/storage';
import { OBJECT_STORE } from '../worker.tokens';
import { QueuesHealthIndicator } from './queues.health';

/** `/health/live` and `/health/ready`: ready when Redis and the object store answer and this worker's queue consumers run. */
@Controller('health')
export class HealthController extends HealthEndpoints {
  constructor(
    @Inject(HealthCheckService) health: HealthCheckService,
    @Inject(HealthIndicatorService) indicators: HealthIndicatorService,
    @Inject(ClusterStateRepository) repo: ClusterStateRepository,
    @Inject(OBJECT_STORE) store: ObjectStore,
    @Inject(QueuesHealthIndicator) private readonly queues: QueuesHealthIndicator,
  ) {
    super(health, indicators, { redis: repo, objectStore: store });
  }

  protected appChecks(): HealthIndicatorFunction[] {
    return [() => this.queues.check()];
  }
}
