import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { bullPrefix, JobQueues } from '@shoal/jobs';
import { Gauge, Registry } from '@shoal/metrics';
import type { Logger } from 'pino';
import type { WorkerConfig } from '../config/worker.config';
import { WORKER_CONFIG, WORKER_LOGGER } from '../worker.tokens';

/**
 * `shoal_queue_jobs{queue,state}`: BullMQ job counts read from Redis at scrape time, through a
 * producer connection of its own (the consumers' connections block on job fetches). Every worker
 * exports the same cluster-wide counts; dashboards take max() over instances, not sum().
 */
@Injectable()
export class QueueGaugesCollector implements OnModuleInit, OnApplicationShutdown {
  private queues?: JobQueues;

  constructor(
    @Inject(Registry) registry: Registry,
    @Inject(WORKER_CONFIG) private readonly config: WorkerConfig,
    @Inject(WORKER_LOGGER) private readonly logger: Logger,
  ) {
    const counts = () => this.counts();
    new Gauge({
      name: 'shoal_queue_jobs',
      help: 'Jobs per BullMQ queue and state (waiting, active, delayed, failed, completed); completed ones are capped at those kept',
      labelNames: ['queue', 'state'] as const,
      registers: [registry],
      async collect() {
        const byQueue = await counts();
        this.reset();
        for (const [queue, states] of Object.entries(byQueue)) for (const [state, n] of Object.entries(states)) this.set({ queue, state }, n);
      },
    });
  }

  async onModuleInit(): Promise<void> {
    this.queues = await JobQueues.connect({ redisUrl: this.config.redis.url, prefix: bullPrefix(this.config.redis.prefix) });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.queues?.close();
  }

  /** Empty when Redis cannot answer: the scrape still succeeds with the process's own metrics. */
  private async counts(): Promise<Record<string, Record<string, number>>> {
    try {
      return (await this.queues?.counts()) ?? {};
    } catch (error) {
      this.logger.warn({ err: error }, 'queue gauges left empty');
      return {};
    }
  }
}
