import { Inject, Injectable } from '@nestjs/common';
import { ApiError, ApiErrorCode, type JobInfo } from '@shoal/contracts';
import { JobQueues } from '@shoal/jobs';
import type { JobListQuery } from './job-list.query';
import { jobsUnavailable } from './jobs-api-error';

/** Reads jobs for `GET /v1/jobs`; jobs are added by the training and import services. */
@Injectable()
export class JobsService {
  constructor(@Inject(JobQueues) private readonly queues: JobQueues) {}

  async get(id: string): Promise<JobInfo> {
    const info = await this.queues.get(id).catch(jobsUnavailable);
    if (info === null) throw new ApiError(ApiErrorCode.NotFound, `job ${JSON.stringify(id)} does not exist`, { jobId: id });
    return info;
  }

  list(query: JobListQuery): Promise<JobInfo[]> {
    return this.queues.list(query).catch(jobsUnavailable);
  }
}
