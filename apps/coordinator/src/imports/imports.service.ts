import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ImportRequest, JobAccepted } from '@shoal/contracts';
import { importJobId, JobName, JobQueues, type ImportJobData } from '@shoal/jobs';
import { CollectionsService } from '../collections/collections.service';
import { jobsUnavailable } from '../jobs/jobs-api-error';
import { ImportSourceChecker } from './import-source.checker';

/**
 * Queues bulk imports. The job id is a hash of the collection incarnation, the source and the id
 * prefix: the same request answers the same job. Asked again after that job failed, the job runs
 * again, resuming from the offset it committed.
 */
@Injectable()
export class ImportsService {
  private readonly logger = new Logger('ImportsService');

  constructor(
    @Inject(CollectionsService) private readonly collections: CollectionsService,
    @Inject(ImportSourceChecker) private readonly sources: ImportSourceChecker,
    @Inject(JobQueues) private readonly queues: JobQueues,
  ) {}

  async start(name: string, request: ImportRequest): Promise<JobAccepted> {
    const manifest = await this.collections.require(name);
    await this.sources.check(request.source);
    const { source, idPrefix } = request;
    const data: ImportJobData = { collection: name, collectionCreatedAt: manifest.createdAt, source, ...(idPrefix === undefined ? {} : { idPrefix }) };
    const jobId = importJobId(name, manifest.createdAt, source, idPrefix);
    const { created } = await this.queues.add(JobName.Import, data, jobId).catch(jobsUnavailable);
    if (created) this.logger.log(`collection ${name}: import of ${source.key} queued as ${jobId}`);
    else if (await this.queues.retry(jobId).catch(jobsUnavailable)) this.logger.log(`collection ${name}: failed import ${jobId} queued again`);
    return { jobId };
  }
}
