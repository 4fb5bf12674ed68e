import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import type { JobInfo, JobList } from '@shoal/contracts';
import { parseJobListQuery } from './job-list.query';
import { JobsService } from './jobs.service';

@Controller('v1/jobs')
export class JobsController {
  constructor(@Inject(JobsService) private readonly jobs: JobsService) {}

  @Get()
  async list(@Query() query: Record<string, unknown>): Promise<JobList> {
    return { jobs: await this.jobs.list(parseJobListQuery(query)) };
  }

  @Get(':id')
  get(@Param('id') id: string): Promise<JobInfo> {
    return this.jobs.get(id);
  }
}
