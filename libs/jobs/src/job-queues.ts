import type { JobInfo } from '@shoal/contracts';
import { Queue, type JobsOptions, type JobType } from 'bullmq';
import { producerConnection, untilReady, warnOnError } from './bull-connection';
import type { ChildJob } from './job-context';
import type { AnyJobData, JobDataOf } from './job-data';
import { toJobInfo } from './job-info.mapper';
import { JobName, QUEUE_OF, QueueName } from './job-names';
import type { JobQueuesOptions } from './job-queues.options';
import { JobsError, JobsErrorCode, messageOf } from './jobs.error';

/** Completed jobs kept per queue (their results stay readable); failed jobs are all kept for inspection. */
const KEEP_COMPLETED = 1000;

/** Every BullMQ set a job can be in, read by `list`; `toJobInfo` maps each to the public state. */
const LISTED_STATES: readonly JobType[] = ['active', 'waiting-children', 'waiting', 'prioritized', 'delayed', 'paused', 'completed', 'failed'];

/** The job states `counts` reports: what a queue-depth dashboard shows. */
const COUNTED_STATES = ['waiting', 'active', 'delayed', 'failed', 'completed'] as const;

/** The parent a child job reports to: its id and its queue's qualified name (`{prefix}:{queue}`). */
export interface JobParent {
  id: string;
  queue: string;
}

/**
 * The producer side of Shoal's jobs: adds jobs under deterministic ids and reads them back as
 * the public {@link JobInfo}. One of the two files of Shoal that import `bullmq` (with
 * `JobWorkers`). Redis failures surface as `JobsError` `UNAVAILABLE`.
 */
export class JobQueues {
  private constructor(
    private readonly queues: Readonly<Record<QueueName, Queue>>,
    private readonly jobOptions: JobsOptions,
  ) {}

  static async connect(options: JobQueuesOptions): Promise<JobQueues> {
    const attempts = options.attempts ?? 3;
    const backoffMs = options.backoffMs ?? 1000;
    if (!Number.isSafeInteger(attempts) || attempts < 1) throw new RangeError(`attempts must be a positive integer, got ${attempts}`);
    if (!Number.isFinite(backoffMs) || backoffMs < 0) throw new RangeError(`backoffMs must be a non-negative number, got ${backoffMs}`);
    const connection = producerConnection(options.redisUrl);
    const open = (name: QueueName) => new Queue(name, { connection, prefix: options.prefix }).on('error', options.onError ?? warnOnError);
    const queues = { [QueueName.Index]: open(QueueName.Index), [QueueName.Import]: open(QueueName.Import) };
    await untilReady(Object.values(queues), options.redisUrl, options.connectTimeoutMs ?? 10_000);
    return new JobQueues(queues, {
      attempts,
      backoff: { type: 'exponential', delay: backoffMs },
      removeOnComplete: { count: KEEP_COMPLETED },
      removeOnFail: false,
    });
  }

  /**
   * Queues job `name` under `jobId`, unless a job of that id exists (in any state): then nothing
   * changes and `created` is false. Two adds of one id within the same millisecond may both
   * report `created`, but only one job exists.
   */
  async add<N extends JobName>(name: N, data: JobDataOf<N>, jobId: string): Promise<{ id: string; created: boolean }> {
    assertJobId(jobId);
    const queue = this.queueOf(name);
    const timestamp = Date.now();
    return this.call(`add ${name} job ${jobId}`, async () => {
      await queue.add(name, data, { ...this.jobOptions, jobId, timestamp });
      // BullMQ answers a duplicate id like a new job; only the stored creation time tells them apart.
      const stored = await queue.getJob(jobId);
      return { id: jobId, created: stored === undefined || stored.timestamp === timestamp };
    });
  }

  /** Adds `child` as a dependency of `parent`, which fails when the child fails for good (JobContext.waitForChildren). */
  async addChild(child: ChildJob, parent: JobParent): Promise<void> {
    assertJobId(child.jobId);
    await this.call(`add ${child.name} job ${child.jobId}`, () =>
      this.queueOf(child.name).add(child.name, child.data as AnyJobData, { ...this.jobOptions, jobId: child.jobId, parent, failParentOnFailure: true }),
    );
  }

  /** The job of this id in either queue, or null. */
  async get(id: string): Promise<JobInfo | null> {
    return this.call(`read job ${id}`, async () => {
      const found = await this.find(id);
      return found === undefined ? null : toJobInfo(found.job, found.state);
    });
  }

  /**
   * Jobs newest first, optionally of one collection. Reads every kept job (completed ones are
   * capped per queue, failed ones are kept until removed), so it costs a scan of the queues.
   */
  async list(filter: { collection?: string; limit?: number } = {}): Promise<JobInfo[]> {
    const limit = filter.limit ?? 100;
    if (!Number.isSafeInteger(limit) || limit < 1) throw new RangeError(`limit must be a positive integer, got ${limit}`);
    const found = await this.call('list jobs', () =>
      Promise.all(
        Object.values(this.queues).flatMap((queue) =>
          LISTED_STATES.map(async (state) => (await queue.getJobs(state)).map((job) => toJobInfo(job, state))),
        ),
      ),
    );
    // A job that moved between two reads shows up twice: keep its first sighting.
    const byId = new Map<string, JobInfo>();
    for (const info of found.flat()) {
      if (info !== null && !byId.has(info.id) && (filter.collection === undefined || info.collection === filter.collection)) byId.set(info.id, info);
    }
    return [...byId.values()].sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : a.id < b.id ? -1 : 1)).slice(0, limit);
  }

  /**
   * Moves a failed job back to waiting with its attempts reset, keeping its data (an import
   * resumes from its committed offset); false when the job is missing or not failed.
   */
  async retry(id: string): Promise<boolean> {
    return this.call(`retry job ${id}`, async () => {
      const found = await this.find(id);
      if (found === undefined || found.state !== 'failed') return false;
      await found.job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
      return true;
    });
  }

  /**
   * Jobs per queue and state (waiting, active, delayed, failed, completed), read from Redis now.
   * Completed jobs are capped at the ones kept (KEEP_COMPLETED per queue).
   */
  async counts(): Promise<Record<QueueName, Record<(typeof COUNTED_STATES)[number], number>>> {
    const entries = await this.call('count jobs', () =>
      Promise.all(
        (Object.entries(this.queues) as [QueueName, Queue][]).map(async ([name, queue]) => {
          const counts = await queue.getJobCounts(...COUNTED_STATES);
          return [name, Object.fromEntries(COUNTED_STATES.map((state) => [state, counts[state] ?? 0]))] as const;
        }),
      ),
    );
    return Object.fromEntries(entries) as Record<QueueName, Record<(typeof COUNTED_STATES)[number], number>>;
  }

  /**
   * Closes the producer connections: QUIT when Redis answers; during an outage QUIT cannot be sent
   * (no offline queue), so the connection is dropped instead of left reconnecting forever.
   */
  async close(): Promise<void> {
    await Promise.all(
      Object.values(this.queues).map(async (queue) => {
        try {
          await queue.close();
        } catch {
          // BullMQ's disconnect() waits for an 'end' that a reconnecting client may never emit.
          (await queue.client).disconnect();
        }
      }),
    );
  }

  private queueOf(name: JobName): Queue {
    const queue = QUEUE_OF[name];
    if (queue === undefined) throw new RangeError(`unknown job name "${name}" (one of ${Object.values(JobName).join(', ')})`);
    return this.queues[queue];
  }

  /**
   * The job and its BullMQ state. The state is read first, so the job's fields are at least as
   * new as it: a job seen completed always carries its result.
   */
  private async find(id: string) {
    const states = await Promise.all(Object.values(this.queues).map(async (queue) => ({ queue, state: await queue.getJobState(id) })));
    const located = states.find(({ state }) => state !== 'unknown');
    const job = located === undefined ? undefined : await located.queue.getJob(id);
    return located === undefined || job === undefined ? undefined : { job, state: located.state };
  }

  private async call<T>(what: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (error instanceof JobsError || error instanceof RangeError) throw error;
      throw new JobsError(JobsErrorCode.Unavailable, `could not ${what}: ${messageOf(error)}`, { cause: error });
    }
  }
}

/** BullMQ refuses custom ids that contain `:` or look like integers (its own ids are integers). */
function assertJobId(id: string): void {
  if (id === '' || id.includes(':') || /^\d+$/.test(id)) throw new RangeError(`job id "${id}" must be non-empty, not an integer and without ":"`);
}
