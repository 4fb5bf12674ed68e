import type { Provider } from '@nestjs/common';
import { ClusterStateRepository } from '@shoal/cluster-state';
import { readinessProvider } from '@shoal/health';
import { OBJECT_STORE } from '../worker.tokens';
import { QueuesHealthIndicator } from './queues.health';

/**
 * The index worker's readiness (`/health/ready`): Redis and the object store answer, and this
 * worker's queue consumers run. Registered in WorkerModule beside TerminusModule.
 */
export const healthProviders: Provider[] = [
  QueuesHealthIndicator,
  readinessProvider({ redis: ClusterStateRepository, objectStore: OBJECT_STORE, indicator: QueuesHealthIndicator }),
];
