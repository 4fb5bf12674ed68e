import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { JobRunner } from '../jobs/job-runner.service';
import { probe } from '@shoal/health';

/** `queues`: the BullMQ workers of every queue run, and their own Redis connections answer a PING. */
@Injectable()
export class QueuesHealthIndicator {
  constructor(
    @Inject(HealthIndicatorService) private readonly indicators: HealthIndicatorService,
    @Inject(JobRunner) private readonly runner: JobRunner,
  ) {}

  check(key = 'queues') {
    return probe(this.indicators.check(key), async () => {
      await this.runner.ping();
      return {};
    });
  }
}
