import { Inject, Injectable } from '@nestjs/common';
import type { JobRunEvent } from '@shoal/jobs';
import { Histogram, Registry } from '@shoal/metrics';

/** Seconds; from an import batch to a training of millions of vectors. */
const JOB_BUCKETS = [0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600, 4 * 3600];

/** `shoal_job_duration_seconds{name,outcome}`, fed by JobWorkers' `onJobRun` hook. */
@Injectable()
export class JobRunMetrics {
  private readonly duration: Histogram<'name' | 'outcome'>;

  constructor(@Inject(Registry) registry: Registry) {
    this.duration = new Histogram({
      name: 'shoal_job_duration_seconds',
      help: 'Duration of each run of a job handler by job name and outcome (completed, failed, suspended, requeued)',
      labelNames: ['name', 'outcome'],
      buckets: JOB_BUCKETS,
      registers: [registry],
    });
  }

  record(run: JobRunEvent): void {
    this.duration.observe({ name: run.name, outcome: run.outcome }, run.durationMs / 1000);
  }
}
