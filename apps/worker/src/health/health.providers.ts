import type { Provider } from '@nestjs/common';
import { HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { ClusterStateRepository } from '@shoal/cluster-state';
import { Readiness } from '@shoal/health';
import type { ObjectStore } from '@shoal/storage';
import { OBJECT_STORE } from '../worker.tokens';
import { QueuesHealthIndicator } from './queues.health';

/**
 * The index worker's readiness (`/health/ready`): Redis and the object store answer, and this
 * worker's queue consumers run. Registered in WorkerModule beside TerminusModule.
 */
export const healthProviders: Provider[] = [
  QueuesHealthIndicator,
  {
    provide: Readiness,
    useFactory: (health: HealthCheckService, indicators: HealthIndicatorService, repo: ClusterStateRepository, store: ObjectStore, queues: QueuesHealthIndicator) =>
      new Readiness(health, indicators, { redis: repo, objectStore: store }, [() => queues.check()]),
    inject: [HealthCheckService, HealthIndicatorService, ClusterStateRepository, OBJECT_STORE, QueuesHealthIndicator],
  },
];
