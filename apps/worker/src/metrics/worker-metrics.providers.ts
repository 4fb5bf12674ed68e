import type { Provider } from '@nestjs/common';
import { createMetricsRegistry, Registry } from '@shoal/metrics';
import type { WorkerConfig } from '../config/worker.config';
import { WORKER_CONFIG } from '../worker.tokens';
import { JobRunMetrics } from './job-run.metrics';
import { QueueGaugesCollector } from './queue-gauges.collector';

/** What `GET /metrics` (libs/metrics MetricsController) of an index worker needs. */
export const workerMetricsProviders: Provider[] = [
  { provide: Registry, useFactory: (config: WorkerConfig) => createMetricsRegistry({ app: 'worker', instance: config.workerId }), inject: [WORKER_CONFIG] },
  QueueGaugesCollector,
  JobRunMetrics,
];
