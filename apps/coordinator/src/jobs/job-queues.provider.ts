import { Inject, Injectable, Logger, type FactoryProvider, type OnApplicationShutdown } from '@nestjs/common';
import { bullPrefix, JobQueues } from '@shoal/jobs';
import { CoordinatorConfig } from '../common/coordinator.config';

const logger = new Logger('JobQueues');

/** The producer side of the job queues, in the cluster's Redis under `{SHOAL_REDIS_PREFIX}bull`; the class is the DI token. */
export const jobQueuesProvider: FactoryProvider<Promise<JobQueues>> = {
  provide: JobQueues,
  useFactory: (config: CoordinatorConfig) =>
    JobQueues.connect({
      redisUrl: config.redisUrl,
      prefix: bullPrefix(config.redisPrefix),
      attempts: config.jobAttempts,
      onError: (error) => logger.warn(`job queue connection: ${error.message}`),
    }),
  inject: [CoordinatorConfig],
};

/** Closes the queues once every service stopped using them (`onApplicationShutdown` runs after `onModuleDestroy`). */
@Injectable()
export class JobQueuesCloser implements OnApplicationShutdown {
  constructor(@Inject(JobQueues) private readonly queues: JobQueues) {}

  async onApplicationShutdown(): Promise<void> {
    await this.queues.close();
  }
}
