import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { bullPrefix, JobName, JobWorkers, QueueName } from '@shoal/jobs';
import type { Logger } from 'pino';
import type { WorkerConfig } from '../config/worker.config';
import { JobRunMetrics } from '../metrics/job-run.metrics';
import { ImportHandler } from '../imports/import.handler';
import { BuildShardHandler } from '../training/build-shard.handler';
import { TrainHandler } from '../training/train.handler';
import { WORKER_CONFIG, WORKER_LOGGER } from '../worker.tokens';

/**
 * Binds every job name to its handler and consumes the queues. `register` refuses a job name with
 * no handler or two, so a worker that could not run some job fails at start-up, not when one arrives.
 */
@Injectable()
export class JobRunner implements OnApplicationBootstrap, OnModuleDestroy {
  private workers: JobWorkers | undefined;

  constructor(
    @Inject(TrainHandler) private readonly train: TrainHandler,
    @Inject(BuildShardHandler) private readonly buildShard: BuildShardHandler,
    @Inject(ImportHandler) private readonly importer: ImportHandler,
    @Inject(JobRunMetrics) private readonly jobRuns: JobRunMetrics,
    @Inject(WORKER_CONFIG) private readonly config: WorkerConfig,
    @Inject(WORKER_LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { redis, jobs } = this.config;
    this.workers = new JobWorkers({
      redisUrl: redis.url,
      prefix: bullPrefix(redis.prefix),
      concurrency: { [QueueName.Index]: jobs.indexConcurrency, [QueueName.Import]: jobs.importConcurrency },
      lockDurationMs: jobs.lockMs,
      // BullMQ's defaults keep both at 30 s: a dead worker's job is handed on within about two lock periods.
      stalledIntervalMs: jobs.lockMs,
      onJobRun: (run) => this.jobRuns.record(run),
    });
    this.workers.register([
      { name: JobName.Train, handle: (job) => this.train.handle(job) },
      { name: JobName.BuildShard, handle: (job) => this.buildShard.handle(job) },
      { name: JobName.Import, handle: (job) => this.importer.handle(job) },
    ]);
    await this.workers.start();
    this.logger.info({ queues: Object.values(QueueName) }, 'consuming job queues');
  }

  /** Readiness: rejects unless every queue's consumer runs on a ready Redis connection. */
  async ping(): Promise<void> {
    if (this.workers === undefined) throw new Error('the job workers are not started');
    await this.workers.ping();
  }

  async onModuleDestroy(): Promise<void> {
    await this.workers?.close();
  }
}
